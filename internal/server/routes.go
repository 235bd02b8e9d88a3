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
	// The same for the scheme: echo's default believes X-Forwarded-Proto
	// from any private address.
	e.SchemeExtractor = s.scheme
	if len(s.trusted) > 0 {
		var opts []echo.TrustOption
		for _, n := range s.trusted {
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(append(opts, echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false))...)
	}

	e.Use(middleware.Recover())
	e.Use(s.requestLog)
	e.Use(s.securityHeaders)
	e.Use(s.admit)

	e.GET("/healthz", s.healthz)
	e.StaticFS("/static", web.Static)

	// Middleware is attached per route, not through groups: echo's Group.Use
	// adds catch-all routes, which would answer unknown URLs with a role
	// check instead of 404.
	// Bodies are capped before anything reads them: 6 MiB for forms (a
	// pasted article of up to 5 MiB fits), more for uploads of several files.
	// The session and the role are checked first, from the cookie alone,
	// and the CSRF check last, the first to read the body: a request that
	// will be refused is refused unread, and one refused for its size is
	// answered on a page that still shows who is signed in.
	formLimit, uploadLimit := bodyLimit(6, true), bodyLimit(26, true)
	// public pages work signed out (sign-in, setup); the others need a role.
	public := []echo.MiddlewareFunc{s.loadSession, bodyLimit(6, false), s.csrf}
	as := func(limit echo.MiddlewareFunc, min claimline.Role) []echo.MiddlewareFunc {
		return []echo.MiddlewareFunc{s.loadSession, require(min), limit, s.csrf}
	}
	viewer, editor, admin := as(formLimit, claimline.RoleViewer), as(formLimit, claimline.RoleEditor), as(formLimit, claimline.RoleAdmin)
	uploader := as(uploadLimit, claimline.RoleEditor)

	e.GET("/login", s.loginForm, public...)
	e.POST("/login", s.login, public...)
	e.GET("/setup", s.setupForm, public...)
	e.POST("/setup", s.setup, public...)
	e.POST("/logout", s.logout, viewer...)
	e.GET("/help", s.helpIndex, public...)
	e.GET("/help/:topic", s.helpPage, public...)

	e.GET("/account", s.account, viewer...)
	e.POST("/account/password", s.changePassword, viewer...)
	e.GET("/account/tokens", s.tokens, viewer...)
	e.POST("/account/tokens", s.createToken, viewer...)
	e.POST("/account/tokens/:id/revoke", s.revokeToken, viewer...)

	e.GET("/", s.timelineList, viewer...)
	e.GET("/timelines", s.timelineList, viewer...) // the address the others' crumbs suggest
	e.GET("/timelines/new", s.newTimeline, editor...)
	e.POST("/timelines", s.createTimeline, editor...)
	e.GET("/timelines/:slug", s.timeline, viewer...)
	e.GET("/timelines/:slug/edit", s.editTimeline, editor...)
	e.POST("/timelines/:slug", s.updateTimeline, editor...)
	e.GET("/timelines/:slug/delete", s.confirmDeleteTimeline, editor...)
	e.POST("/timelines/:slug/delete", s.deleteTimeline, editor...)
	e.GET("/timelines/:slug/history", s.timelineHistory, viewer...)

	e.GET("/timelines/:slug/entries/new", s.newEntry, editor...)
	e.POST("/timelines/:slug/entries", s.createEntry, editor...)
	e.GET("/entries/:id", s.entry, viewer...)
	e.GET("/entries/:id/edit", s.editEntry, editor...)
	e.POST("/entries/:id", s.updateEntry, editor...)
	e.GET("/entries/:id/delete", s.confirmDeleteEntry, editor...)
	e.POST("/entries/:id/delete", s.deleteEntry, editor...)
	e.GET("/entries/:id/history", s.entryHistory, viewer...)

	e.POST("/entries/:id/citations", s.addCitation, editor...)
	e.POST("/citations/:id/delete", s.deleteCitation, editor...)
	e.POST("/entries/:id/claims", s.createClaim, editor...)
	e.GET("/claims/:id", s.claim, viewer...)
	e.POST("/claims/:id", s.updateClaim, editor...)
	e.POST("/claims/:id/delete", s.deleteClaim, editor...)
	e.POST("/claims/:id/assessments", s.addAssessment, editor...)
	e.POST("/claims/:id/suggestions/dismiss", s.dismissSuggestion, editor...)
	e.POST("/assessments/:id/delete", s.deleteAssessment, editor...)
	e.GET("/timelines/:slug/matrix", s.matrix, viewer...)
	e.GET("/timelines/:slug/export.csv", s.exporter("csv"), viewer...)
	e.GET("/timelines/:slug/claims.csv", s.exporter("claims-csv"), viewer...)
	e.GET("/timelines/:slug/export.json", s.exporter("json"), viewer...)
	e.GET("/timelines/:slug/timelinejs.json", s.exporter("timelinejs"), viewer...)
	e.GET("/import", s.importPage, editor...)
	e.POST("/import/preview", s.previewImport, uploader...)
	e.POST("/import", s.commitImport, editor...)

	e.GET("/sources", s.sourceList, viewer...)
	e.GET("/sources/new", s.newSources, editor...)
	e.POST("/sources", s.createSource, editor...)
	e.POST("/sources/upload", s.uploadSources, uploader...)
	e.POST("/sources/fetch", s.fetchSource, editor...)
	e.GET("/sources/:id", s.source, viewer...)
	e.GET("/sources/:id/original", s.sourceOriginal, viewer...)
	e.GET("/sources/:id/history", s.sourceHistory, viewer...)
	e.GET("/sources/:id/edit", s.editSource, editor...)
	e.POST("/sources/:id", s.updateSource, editor...)
	e.GET("/sources/:id/delete", s.confirmDeleteSource, editor...)
	e.POST("/sources/:id/delete", s.deleteSource, editor...)
	e.POST("/sources/:id/recheck", s.recheckSource, editor...)
	e.POST("/sources/:id/versions", s.addVersion, uploader...)
	e.GET("/sources/:id/versions/:n", s.sourceVersion, viewer...)
	e.GET("/sources/:id/diff", s.sourceDiff, viewer...)
	e.GET("/sources/:id/compare/:other", s.compareSources, viewer...)
	e.POST("/sources/:id/dates", s.correctDate, editor...)
	e.GET("/sources/:id/evidence", s.evidenceForm, editor...)
	e.POST("/sources/:id/evidence", s.addEvidence, editor...)
	e.GET("/sources/:id/new-entry", s.newEntryFromPassage, editor...)
	e.POST("/sources/:id/new-entry", s.createEntryFromPassage, editor...)
	e.GET("/sources/:id/new-claim", s.newClaimFromPassage, editor...)
	e.POST("/sources/:id/new-claim", s.createClaimFromPassage, editor...)
	// The clippings tray is the user's, on the server: shown as a form
	// (POST: with another timeline's choices), saved, added to, emptied.
	e.GET("/clippings", s.reviewClippings, editor...)
	e.POST("/clippings/review", s.reviewClippings, editor...)
	e.POST("/clippings", s.saveClippings, editor...)
	e.POST("/clippings/add", s.addClippings, editor...)
	e.POST("/clippings/:id/remove", s.removeClipping, editor...)
	// Capture from the browser: set-up, the extension, the bookmarklet's
	// window and what it sends.
	e.GET("/capture", s.capturePage, editor...)
	e.POST("/capture/token", s.createCaptureToken, editor...)
	e.GET("/capture/extension.zip", s.extensionDownload(false), viewer...)
	e.GET("/capture/extension-firefox.zip", s.extensionDownload(true), viewer...)
	e.GET("/capture/receive", s.captureReceive, editor...)
	e.POST("/capture", s.captureFromForm, uploader...)

	// Notes are the one thing viewers write. Who may change or delete a
	// note (its author; an admin may delete) is checked by the store.
	e.POST("/entries/:id/notes", s.addEntryNote, viewer...)
	e.POST("/claims/:id/notes", s.addClaimNote, viewer...)
	e.GET("/notes/:id/edit", s.editNote, viewer...)
	e.POST("/notes/:id", s.updateNote, viewer...)
	e.POST("/notes/:id/delete", s.deleteNote, viewer...)
	e.GET("/mentions", s.mentions, viewer...)
	e.POST("/mentions/read", s.markMentionsRead, viewer...)

	e.GET("/actors", s.actors, viewer...)
	e.GET("/actors/:id", s.actor, viewer...)
	e.GET("/history", s.historyPage, viewer...)
	e.GET("/search", s.searchPage, viewer...)

	e.GET("/admin/users", s.userList, admin...)
	e.POST("/admin/users", s.createUser, admin...)
	e.GET("/admin/users/:id", s.user, admin...)
	e.POST("/admin/users/:id", s.updateUser, admin...)
	e.POST("/admin/users/:id/password", s.resetPassword, admin...)
	e.GET("/admin/backup", s.backup, admin...)

	// The JSON API: every route of its contract, each with the token check
	// and the scope the contract names (internal/api), and its docs.
	if err := s.api.Register(e); err != nil {
		return nil, err
	}
	e.GET("/api/docs", s.apiDocs, public...)
	return e, nil
}

// healthz answers 200 when the database answers and takes writes, 503 with
// the reason otherwise.
func (s *Server) healthz(c echo.Context) error {
	err := s.db.Ping(c.Request().Context())
	if err == nil {
		return c.String(http.StatusOK, "ok\n")
	}
	s.log.Error("health check", "err", err)
	reason := "database unavailable"
	switch claimline.ErrorCode(err) {
	case claimline.EFULL:
		reason = "writes fail: the disk is full"
	case claimline.EREADONLY:
		reason = "writes fail: the database cannot be written"
	case claimline.EUNAVAILABLE:
		reason = "the database cannot be reached"
	}
	return c.String(http.StatusServiceUnavailable, reason+"\n")
}
