package server

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"claimline/views"
)

// claimSection is the section of the claim page a stance was saved from,
// to return to: "suggestions" for the suggested passages' buttons,
// "evidence" for the others.
func claimSection(c echo.Context) string {
	if c.FormValue("back") == "suggestions" {
		return "suggestions"
	}
	return "evidence"
}

// dismissSuggestion remembers that a suggested passage is not relevant to
// the claim and returns to the suggestions.
func (s *Server) dismissSuggestion(c echo.Context) error {
	cl, err := s.claimByID(c)
	if err != nil {
		return err
	}
	start, _ := strconv.Atoi(c.FormValue("start"))
	end, _ := strconv.Atoi(c.FormValue("end"))
	if err := s.claims.DismissSuggestion(c.Request().Context(), cl.ID, formID(c, "source"), start, end); err != nil {
		return err
	}
	return s.redirectSection(c, "/claims/"+views.ID(cl.ID), "suggestions", "Passage hidden: it will not be suggested for this claim again.")
}
