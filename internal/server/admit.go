package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// admit works on at most Config.MaxWrites state-changing requests at once;
// the others wait, parked, before anything of theirs is read or parsed.
// On two cores, a hundred writers at full speed would otherwise take the
// CPU from readers whose pages are already in memory, and their parsing
// and checks, all at once, would not make the one writer of the database
// go faster: a few at a time keep it busy, in batches (store.write).
// Reads are never held.
func (s *Server) admit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		select {
		case s.writeSlots <- struct{}{}:
		case <-c.Request().Context().Done():
			return c.Request().Context().Err() // the client hung up while waiting
		}
		defer func() { <-s.writeSlots }()
		return next(c)
	}
}
