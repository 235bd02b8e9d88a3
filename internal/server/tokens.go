package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// tokens is the signed-in user's API tokens page.
func (s *Server) tokens(c echo.Context) error {
	return s.renderTokens(c, http.StatusOK, views.TokensView{Form: views.TokenForm{Expires: "90d"}})
}

func (s *Server) renderTokens(c echo.Context, status int, v views.TokensView) error {
	var err error
	if v.Tokens, err = s.users.Tokens(c.Request().Context(), currentUser(c).ID); err != nil {
		return err
	}
	v.Now = s.now()
	return render(c, status, views.TokensPage(s.page(c, "API tokens", "account"), v))
}

// createToken makes a token and shows its secret on this answer only: it
// is not redirected to (post/redirect/get), since the secret must never be
// in an address, a cookie or a later page.
func (s *Server) createToken(c echo.Context) error {
	if err := c.Request().ParseForm(); err != nil {
		return err
	}
	f := views.TokenForm{Name: strings.TrimSpace(c.FormValue("name")), Scopes: c.Request().PostForm["scope"], Expires: c.FormValue("expires")}
	t, secret, err := s.users.CreateToken(c.Request().Context(), currentUser(c).ID, claimline.TokenInput{Name: f.Name, Scopes: f.Scopes, Expires: f.Expires})
	if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return s.renderTokens(c, formStatus(err), views.TokensView{Form: f})
	} else if err != nil {
		return err
	}
	s.security(c, "token created", "token", t.ID, "name", t.Name, "scopes", t.ScopeNames())
	return s.renderTokens(c, http.StatusOK, views.TokensView{Form: views.TokenForm{Expires: "90d"}, Secret: secret, Made: t})
}

// revokeToken ends one of the user's own tokens.
func (s *Server) revokeToken(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.users.RevokeToken(c.Request().Context(), id, currentUser(c).ID); err != nil {
		return err
	}
	s.security(c, "token revoked", "token", id)
	return s.redirect(c, "/account/tokens", "Token revoked: it no longer works.")
}
