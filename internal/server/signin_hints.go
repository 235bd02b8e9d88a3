package server

import (
	"github.com/labstack/echo/v4"

	"claimline/views"
)

// loginHints adds what a new user needs to know to the sign-in form: in
// demo mode, which account to use; on a fresh database, that the server
// printed a setup link.
func (s *Server) loginHints(c echo.Context, f views.LoginForm) views.LoginForm {
	f.Demo = s.cfg.Demo
	s.setupMu.Lock()
	open := s.setupToken != "" && s.now().Before(s.setupExpires)
	s.setupMu.Unlock()
	if open {
		hasAdmin, err := s.users.HasAdmin(c.Request().Context())
		f.SetupLink = err == nil && !hasAdmin
	}
	return f
}
