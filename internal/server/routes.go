package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"claimline/internal/claimline"
	"claimline/web"
)

// newEcho builds the router: middleware, then the whole route table.
func (s *Server) newEcho() (*echo.Echo, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	// The client address is the direct peer unless a trusted proxy says
	// otherwise: echo's default would believe any X-Forwarded-For.
	e.IPExtractor = echo.ExtractIPDirect()
	if len(s.cfg.TrustedProxies) > 0 {
		var opts []echo.TrustOption
		for _, cidr := range s.cfg.TrustedProxies {
			_, n, err := parseCIDR(cidr)
			if err != nil {
				return nil, err
			}
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(append(opts, echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false))...)
	}

	e.Use(middleware.Recover())
	e.Use(s.requestLog)
	e.Use(s.securityHeaders)
	e.Use(middleware.BodyLimit("4M"))

	e.GET("/healthz", s.healthz)
	e.StaticFS("/static", web.Static)

	csrf := middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:_csrf,header:X-CSRF-Token",
		CookieName:     "claimline_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteLaxMode,
		CookieSecure:   s.cfg.HTTPS,
	})
	app := e.Group("", csrf, s.loadSession)
	viewer := app.Group("", require(claimline.RoleViewer))
	editor := app.Group("", require(claimline.RoleEditor))
	admin := app.Group("", require(claimline.RoleAdmin))

	app.GET("/login", s.loginForm)
	app.POST("/login", s.login)
	app.GET("/setup", s.setupForm)
	app.POST("/setup", s.setup)
	viewer.POST("/logout", s.logout)

	viewer.GET("/account", s.account)
	viewer.POST("/account/password", s.changePassword)

	viewer.GET("/", s.timelines)
	editor.GET("/timelines/new", s.newTimeline)
	editor.POST("/timelines", s.createTimeline)
	viewer.GET("/timelines/:slug", s.timeline)
	editor.GET("/timelines/:slug/edit", s.editTimeline)
	editor.POST("/timelines/:slug", s.updateTimeline)
	editor.GET("/timelines/:slug/delete", s.confirmDeleteTimeline)
	editor.POST("/timelines/:slug/delete", s.deleteTimeline)
	viewer.GET("/timelines/:slug/history", s.timelineHistory)

	editor.GET("/timelines/:slug/entries/new", s.newEntry)
	editor.POST("/timelines/:slug/entries", s.createEntry)
	viewer.GET("/entries/:id", s.entry)
	editor.GET("/entries/:id/edit", s.editEntry)
	editor.POST("/entries/:id", s.updateEntry)
	editor.GET("/entries/:id/delete", s.confirmDeleteEntry)
	editor.POST("/entries/:id/delete", s.deleteEntry)
	viewer.GET("/entries/:id/history", s.entryHistory)

	viewer.GET("/actors", s.actors)
	viewer.GET("/actors/:id", s.actor)
	viewer.GET("/history", s.history)

	admin.GET("/admin/users", s.users)
	admin.POST("/admin/users", s.createUser)
	admin.GET("/admin/users/:id", s.user)
	admin.POST("/admin/users/:id", s.updateUser)
	admin.POST("/admin/users/:id/password", s.resetPassword)
	return e, nil
}

// healthz answers 200 when the database answers, 503 otherwise.
func (s *Server) healthz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		s.log.Error("health check", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
