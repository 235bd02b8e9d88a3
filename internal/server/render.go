package server

import (
	"encoding/base64"
	"errors"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"claimline/internal/api"
	"claimline/internal/claimline"
	"claimline/views"
)

const flashCookie = "claimline_flash"

// render writes a component as the response, with the given status.
func render(c echo.Context, status int, comp templ.Component) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(status)
	return comp.Render(c.Request().Context(), c.Response())
}

// page returns the layout props for the current request, taking (and
// clearing) any flash message.
func (s *Server) page(c echo.Context, title, nav string) views.Page {
	p := views.Page{Title: title, Nav: nav, User: currentUser(c)}
	p.CSRF, _ = c.Get(csrfKey).(string)
	p.Unread, _ = c.Get(unreadKey).(int) // counted with the session
	p.Tray, _ = c.Get(trayKey).(int)
	if ck, err := c.Cookie(flashCookie); err == nil && ck.Value != "" {
		p.Flash = readFlash(ck.Value)
		s.clearCookie(c, flashCookie)
	}
	if ck, err := c.Cookie(flashAtCookie); err == nil && ck.Value != "" {
		p.FlashAt = ck.Value
		s.clearCookie(c, flashAtCookie)
	}
	return p
}

// redirect answers a successful form post: 303 to target with a flash message.
func (s *Server) redirect(c echo.Context, target, flash string) error {
	if flash != "" {
		s.setCookie(c, flashCookie, flashValue(flash), time.Minute)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// flashValue is a flash message as a cookie carries it: base64url, since a
// cookie's value is ASCII and messages name titles in any script, with
// dashes and curly quotes. A message is cut (at a character) well within a
// cookie's 4 KB.
func flashValue(s string) string {
	const most = 1500
	if len(s) > most {
		cut := most
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// readFlash is the message of a flash cookie's value; "" for one that is
// not flashValue's.
func readFlash(v string) string {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || !utf8.Valid(b) {
		return ""
	}
	return string(b)
}

// statusClientClosed is logged for a request whose client hung up before
// the answer (nginx's convention); nothing is sent.
const statusClientClosed = 499

// errorHandler maps errors to statuses and renders the error page. 5xx
// errors are logged once, here, with their detail; users see a generic text.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Request().Context().Err() != nil && !c.Response().Committed {
		// The client hung up (a closed tab, a proxy's timeout): not a server
		// error, and no one is left to read an error page. The request log
		// records it once, at info level, with this status.
		c.Response().Status = statusClientClosed
		return
	}
	if c.Response().Committed {
		// A streamed download failed half-way: the status is gone, so the
		// log is the only place the failure can go.
		s.log.Error("response failed after it had started", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		return
	}
	if api.IsAPI(c.Request().URL.Path) {
		if api.StatusOf(err) >= 500 && !claimline.IsFault(err) {
			s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		}
		if err := api.WriteProblem(c, err); err != nil {
			s.log.Error("write problem", "err", err)
		}
		return
	}
	status, msg := http.StatusInternalServerError, "Something went wrong on our side; it has been logged."
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status = he.Code
		msg = http.StatusText(status)
		if m, ok := he.Message.(string); ok {
			msg = m
		}
		if status == http.StatusNotFound && msg == http.StatusText(status) {
			msg = "There is no page at this address." // not the title again
		}
	case claimline.ErrorCode(err) != claimline.EINTERNAL:
		// The one mapping of codes to statuses, the API's as well.
		status, msg = api.StatusOf(err), claimline.ErrorMessage(err)
		if claimline.IsFault(err) {
			s.log.Warn("write refused", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		}
	}
	if status >= 500 && !claimline.IsFault(err) {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	if c.Get(sessionKey) == nil && c.Request().Method == http.MethodGet {
		// An unknown address is refused by the router before any route's
		// middleware reads the session: read it now (with the CSRF token
		// its sign-out form needs), so that a signed-in user keeps the
		// header's menu and search box.
		_ = s.loadSession(s.csrf(func(echo.Context) error { return nil }))(c)
	}
	title := http.StatusText(status)
	if err := render(c, status, views.ErrorPage(s.page(c, title, ""), status, msg)); err != nil {
		s.log.Error("render error page", "err", err)
	}
}

// formStatus is the status of a form that comes back filled in: the
// status of the error's code (409 for a conflict, 413 for input over a
// limit, 507 when the disk is full, 503 when the database cannot be
// written; claimline.FieldErrors gives a fault's message as the form's),
// and 422 for any other refusal of the input.
func formStatus(err error) int {
	switch s := api.StatusOf(err); s {
	case http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusInsufficientStorage, http.StatusServiceUnavailable:
		return s
	}
	return http.StatusUnprocessableEntity
}
