package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

func (s *Server) actors(c echo.Context) error {
	as, err := s.store.Actors(c.Request().Context())
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ActorsPage(s.page(c, "Actors", "actors"), as))
}

func (s *Server) actor(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	a, entries, err := s.store.Actor(c.Request().Context(), id)
	if err != nil {
		return err
	}
	claims, err := s.store.ClaimsBy(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ActorPage(s.page(c, a.Name, "actors"), views.ActorView{Actor: *a, Entries: entries, Claims: claims}))
}

// history lists recent changes across everything; ?action=delete finds
// deleted things, ?type=user&id=N one object's changes.
func (s *Server) history(c echo.Context) error {
	f := claimline.ChangeFilter{ObjectType: c.QueryParam("type"), Action: c.QueryParam("action"), Limit: 100}
	f.ObjectID, _ = strconv.ParseInt(c.QueryParam("id"), 10, 64)
	if !currentUser(c).IsAdmin() {
		if f.ObjectType == "user" {
			return claimline.Errorf(claimline.EFORBIDDEN, "Only admins can see account history.")
		}
		f.NotType = "user"
	}
	changes, err := s.store.Changes(c.Request().Context(), f)
	if err != nil {
		return err
	}
	heading := "Recent changes"
	if f.Action == claimline.ActionDelete {
		heading = "Deleted"
	}
	return render(c, http.StatusOK, views.HistoryPage(s.page(c, heading, "history"), views.HistoryView{Heading: heading, Changes: changes, Links: true, Nav: true}))
}
