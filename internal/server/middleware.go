package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"claimline/internal/claimline"
	"claimline/internal/extract"
)

const sessionCookie = "claimline_session"

// csp allows only our own scripts, styles and images: no inline code.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
	"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	// Made once and assigned, not Set, per response: a page served from
	// memory spent a tenth of its time setting headers. Nothing changes a
	// header's value slice in place, so responses can share them.
	fixed := http.Header{}
	fixed.Set("Content-Security-Policy", csp)
	fixed.Set("X-Content-Type-Options", "nosniff")
	fixed.Set("Referrer-Policy", "same-origin")
	fixed.Set("X-Frame-Options", "DENY")
	fixed.Set("Cross-Origin-Opener-Policy", "same-origin")
	noStore := []string{"no-store"}
	return func(c echo.Context) error {
		h := c.Response().Header()
		for k, v := range fixed {
			h[k] = v
		}
		if s.https(c.Request()) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			h["Cache-Control"] = noStore
		}
		return next(c)
	}
}

// requestLog logs each request once, as a structured record.
func (s *Server) requestLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		if c.Request().URL.Path == "/healthz" || strings.HasPrefix(c.Request().URL.Path, "/static/") {
			return nil
		}
		s.log.Info("request", "method", c.Request().Method, "path", c.Request().URL.Path,
			"status", c.Response().Status, "ms", time.Since(start).Milliseconds(), "ip", c.RealIP())
		return nil
	}
}

// loadSession puts the signed-in user, if any, in the echo context and in
// the request context (where the store finds who is making a change).
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		sess, err := s.users.Session(c.Request().Context(), ck.Value, s.limits())
		if claimline.ErrorCode(err) == claimline.EUNAUTH {
			s.clearCookie(c, sessionCookie)
			return next(c)
		} else if err != nil {
			return err
		}
		c.Set(sessionKey, sess)
		c.Set("user", sess.User)
		c.Set(unreadKey, sess.Unread)
		c.Set(trayKey, sess.Tray)
		c.SetRequest(c.Request().WithContext(claimline.NewContextWithUser(c.Request().Context(), sess.User)))
		return next(c)
	}
}

func (s *Server) limits() claimline.SessionLimits {
	return claimline.SessionLimits{Idle: s.cfg.IdleTimeout, Absolute: s.cfg.SessionLifetime}
}

// currentUser returns the signed-in user, or nil.
func currentUser(c echo.Context) *claimline.User {
	u, _ := c.Get("user").(*claimline.User)
	return u
}

// require lets a request through only for a signed-in user of at least the
// given role. Anonymous visitors are sent to the sign-in page.
func require(min claimline.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			if u == nil {
				next := c.Request().URL.RequestURI()
				if c.Request().Method != http.MethodGet {
					next = "/"
				}
				return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(next))
			}
			if !u.Role.AtLeast(min) {
				return claimline.Errorf(claimline.EFORBIDDEN, "Your role (%s) does not allow this; ask an admin if you need it.", u.Role)
			}
			return next(c)
		}
	}
}

// setCookie sets a cookie with the flags every claimline cookie needs.
func (s *Server) setCookie(c echo.Context, name, value string, maxAge time.Duration) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.https(c.Request()),
	})
}

func (s *Server) clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.https(c.Request())})
}

// security logs a security event; never pass secrets.
func (s *Server) security(c echo.Context, event string, attrs ...any) {
	attrs = append(attrs, "ip", c.RealIP())
	if u := currentUser(c); u != nil {
		attrs = append(attrs, "by", u.Username)
	}
	s.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "security: "+event, slog.Group("event", attrs...))
}

// bodyLimit caps a request's body at mib MiB. A larger one is refused with
// 413 and a message that names the limit, what fits (forSources: the
// forms that take sources' texts) and how to keep what was typed: echo's
// own says only "Request Entity Too Large".
func bodyLimit(mib int, forSources bool) echo.MiddlewareFunc {
	limit := middleware.BodyLimit(fmt.Sprintf("%dM", mib))
	msg := fmt.Sprintf("Nothing was saved: this form sent more than %d MiB, the most claimline takes at once. ", mib)
	if forSources {
		msg += fmt.Sprintf("A source's text may be at most %d MiB; split a longer document, or upload its files a few at a time. ", extract.MaxSize>>20)
	}
	msg += "Your browser's Back button returns to the form as you filled it in."
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		limited := limit(next)
		return func(c echo.Context) error {
			err := limited(c)
			if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge, msg)
			}
			return err
		}
	}
}
