package server

import "github.com/labstack/echo/v4"

// Routes returns the registered routes, so that the permission matrix can
// check that it covers every one.
func Routes(s *Server) []*echo.Route { return s.echo.Routes() }
