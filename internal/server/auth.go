package server

import (
	"context"
	"crypto/subtle"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

func (s *Server) loginForm(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
	}
	return render(c, http.StatusOK, views.LoginPage(s.page(c, "Sign in", ""), s.loginHints(c, views.LoginForm{Next: c.QueryParam("next")})))
}

func (s *Server) login(c echo.Context) error {
	ctx := c.Request().Context()
	f := views.LoginForm{Username: strings.TrimSpace(c.FormValue("username")), Next: c.FormValue("next")}
	password := c.FormValue("password")
	u, wait, err := s.users.SignIn(ctx, f.Username, password, c.RealIP())
	if wait > 0 {
		s.security(c, "login throttled", "username", f.Username)
		f.Error = "Too many failed sign-ins. Wait " + views.Plural(int(math.Ceil(wait.Seconds())), "second", "seconds") + " and try again."
		return render(c, http.StatusTooManyRequests, views.LoginPage(s.page(c, "Sign in", ""), f))
	}
	if claimline.ErrorCode(err) == claimline.EUNAUTH {
		s.security(c, "login failed", "username", f.Username)
		f.Error = claimline.ErrorMessage(err)
		return render(c, http.StatusUnauthorized, views.LoginPage(s.page(c, "Sign in", ""), f))
	} else if err != nil {
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.security(c, "login", "username", u.Username)
	return s.redirect(c, safeNext(f.Next), "")
}

// startSession replaces any session the browser has with a new one for u:
// a fresh token at every sign-in, so a planted token is worthless. The new
// session brings its own CSRF token; the one used before sign-in is dropped.
func (s *Server) startSession(c echo.Context, u *claimline.User) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.users.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	token, err := s.users.StartSession(c.Request().Context(), u.ID, s.limits())
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, token, s.cfg.SessionLifetime)
	s.clearCookie(c, s.csrfCookieName(c.Request()))
	return nil
}

// safeNext keeps post-login redirects on this site: it returns next only
// when it is a path on this site, and "/" otherwise. Browsers read a
// Location leniently (they drop tabs and newlines, treat \ as /, and some
// fold Unicode slashes), so next must be printable ASCII without a
// backslash, and parse as a bare path whose decoded form holds no two
// slashes in a row, no control character and no backslash.
func safeNext(next string) string {
	if len(next) > 2048 || !strings.HasPrefix(next, "/") {
		return "/"
	}
	for i := 0; i < len(next); i++ {
		if next[i] <= ' ' || next[i] >= 0x7f || next[i] == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.Contains(u.Path, "//") {
		return "/"
	}
	for _, r := range u.Path {
		if r < ' ' || r >= 0x7f || r == '\\' {
			return "/"
		}
	}
	return next
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.users.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	s.security(c, "logout")
	s.clearCookie(c, sessionCookie)
	return s.redirect(c, "/login", "You have signed out.")
}

// checkSetup returns ENOTFOUND unless token is the open, unexpired setup
// token and no admin exists yet. s.setupMu must be held.
func (s *Server) checkSetup(c echo.Context, token string) error {
	has, err := s.users.HasAdmin(c.Request().Context())
	if err != nil {
		return err
	}
	if has {
		s.setupToken = "" // gone for good
	}
	if s.setupToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.setupToken)) != 1 || s.now().After(s.setupExpires) {
		return claimline.Errorf(claimline.ENOTFOUND, "This setup link is not valid: it was used already, has expired, or an admin exists. Restart the server for a new link, or use “claimline user add --admin”.")
	}
	return nil
}

func (s *Server) setupForm(c echo.Context) error {
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	if err := s.checkSetup(c, c.QueryParam("token")); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.SetupPage(s.page(c, "Set up claimline", ""), views.SetupForm{Token: c.QueryParam("token")}))
}

// firstAdminJob names the setup link's work among the jobs that run on one
// node at a time: each node on a shared PostgreSQL database opens a setup
// link of its own, and two of them used at once must not make two first
// admins.
const firstAdminJob = "first admin"

func (s *Server) setup(c echo.Context) error {
	// Held throughout, so that two submissions cannot both use the token.
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	f := views.SetupForm{Token: c.FormValue("token"), Username: strings.TrimSpace(c.FormValue("username"))}
	var u *claimline.User
	ran, err := s.db.RunJob(c.Request().Context(), firstAdminJob, func(ctx context.Context) error {
		if err := s.checkSetup(c, f.Token); err != nil {
			return err
		}
		var err error
		u, err = s.users.Add(ctx, f.Username, claimline.RoleAdmin, c.FormValue("password"))
		return err
	})
	if err == nil && !ran {
		return claimline.Errorf(claimline.ECONFLICT, "An admin is being created through another claimline node's setup link at this moment. Reload this page in a few seconds.")
	}
	if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return render(c, formStatus(err), views.SetupPage(s.page(c, "Set up claimline", ""), f))
	} else if err != nil {
		return err
	}
	s.setupToken = ""
	s.security(c, "first admin created", "username", u.Username)
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return s.redirect(c, "/", "Welcome, "+u.Username+". You are the admin.")
}

func parseCIDR(s string) (net.IP, *net.IPNet, error) {
	if !strings.Contains(s, "/") {
		if ip := net.ParseIP(s); ip != nil {
			bits := 128
			if ip.To4() != nil {
				bits = 32
			}
			return ip, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}, nil
		}
	}
	ip, n, err := net.ParseCIDR(s)
	if err != nil {
		return nil, nil, fmt.Errorf("trusted proxy %q: want an address or CIDR range", s)
	}
	return ip, n, nil
}
