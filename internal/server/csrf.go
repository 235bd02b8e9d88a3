package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
)

// CSRF tokens. A signed-in browser's token is a random value kept with its
// server-side session (new at every sign-in, worthless in any other
// session). Before sign-in (the sign-in and setup forms) there is no session:
// the token is then a random value in a cookie, which is __Host- prefixed
// under HTTPS so that no other site, subdomains included, can plant it.
// Either way the token is read only from the form field or the header, never
// from the query string, and is compared in constant time.
const (
	csrfField  = "_csrf"
	csrfHeader = "X-CSRF-Token"
	csrfCookie = "claimline_csrf"
	csrfKey    = "csrf" // echo context key of the request's expected token
	sessionKey = "session"
	unreadKey  = "unread" // echo context key of the signed-in user's unread mentions
	trayKey    = "tray"   // and of the size of their clippings tray
	// multipartMemory is all of an upload's files that may be held in memory;
	// beyond it, parts stream to temporary files.
	multipartMemory = 64 << 10
)

var errCSRF = claimline.Errorf(claimline.EFORBIDDEN, "This form has expired or came from another site. Go back, reload the page and try again.")

// csrf refuses a state-changing request without the right token, or from
// another site. It runs after the session and role checks, so that no body
// is read for a request that is refused anyway.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		want := s.csrfToken(c)
		c.Set(csrfKey, want)
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		if !s.sameOrigin(r) {
			s.security(c, "cross-site request refused", "origin", r.Header.Get("Origin"), "fetch_site", r.Header.Get("Sec-Fetch-Site"))
			return errCSRF
		}
		if err := parseBody(r); err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) {
				return he // the body is over its limit
			}
		}
		if r.MultipartForm != nil {
			// Not left to net/http: it cleans up only the request it
			// started with, and r is a copy made for the session context.
			defer r.MultipartForm.RemoveAll()
		}
		got := r.Header.Get(csrfHeader)
		if got == "" {
			got = r.PostFormValue(csrfField)
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return errCSRF
		}
		return next(c)
	}
}

// csrfToken returns the token this request's forms carry: the session's, or
// before sign-in the cookie's, set now if the browser has none yet.
func (s *Server) csrfToken(c echo.Context) string {
	if sess, ok := c.Get(sessionKey).(claimline.Session); ok {
		return sess.CSRFToken
	}
	if ck, err := c.Cookie(s.csrfCookieName(c.Request())); err == nil && ck.Value != "" {
		return ck.Value
	}
	switch c.Request().Method {
	case http.MethodGet, http.MethodHead:
		b := make([]byte, 32)
		rand.Read(b)
		tok := base64.RawURLEncoding.EncodeToString(b)
		s.setCookie(c, s.csrfCookieName(c.Request()), tok, 0)
		return tok
	}
	return ""
}

// csrfCookieName is __Host- prefixed under HTTPS: such a cookie must be
// Secure, host-only and for path /, so a sibling subdomain cannot set it.
func (s *Server) csrfCookieName(r *http.Request) string {
	if s.https(r) {
		return "__Host-" + csrfCookie
	}
	return csrfCookie
}

// sameOrigin reports whether a request may come from this site's own pages:
// a browser's Sec-Fetch-Site says so, and any Origin header names this host
// (over https when the app is served over HTTPS).
func (s *Server) sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // not a browser, or an old one: the token decides
	}
	u, err := url.Parse(origin)
	if err != nil || !strings.EqualFold(u.Host, r.Host) || u.Path != "" {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http" && !s.https(r)
}

// parseBody parses a form body; multipart files go to temporary files
// beyond multipartMemory, never all into memory. Query parameters are parsed
// too, but PostFormValue ignores them.
func parseBody(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(multipartMemory)
	}
	return r.ParseForm()
}

// https reports whether the request reached the app over HTTPS: the app is
// configured so, the connection is TLS, or a configured trusted proxy says
// so with X-Forwarded-Proto. The header from anyone else is ignored.
func (s *Server) https(r *http.Request) bool {
	if s.cfg.HTTPS || r.TLS != nil {
		return true
	}
	return strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") && s.fromTrustedProxy(r)
}

// scheme is echo's SchemeExtractor: echo's default believes
// X-Forwarded-Proto from any private address.
func (s *Server) scheme(r *http.Request) string {
	if s.https(r) {
		return "https"
	}
	return "http"
}

// fromTrustedProxy reports whether the direct peer is a configured proxy.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	for _, n := range s.trusted {
		if ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}
