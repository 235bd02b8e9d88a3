package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
)

// scope is what a route needs, as its x-scope in the contract says:
// reading or writing an area, any read scope (search), administration, or
// nothing (the contract itself).
type scope struct {
	area    string // claimline.AreaTimelines, …; "" for none; "any" for any read scope
	write   bool
	display string // as written in the contract
}

// parseScope reads an operation's x-scope. Every operation that needs a
// token must have one: a route the contract forgot to scope would be open
// to every token.
func parseScope(op *openapi3.Operation) (scope, error) {
	raw, ok := op.Extensions["x-scope"]
	if !ok {
		if op.Security != nil && len(*op.Security) == 0 {
			return scope{}, nil // public: no token needed
		}
		return scope{}, fmt.Errorf("%s has no x-scope", op.OperationID)
	}
	s, _ := raw.(string)
	switch {
	case s == string(claimline.ScopeAdmin):
		return scope{area: claimline.AreaAdmin, write: true, display: s}, nil
	case s == "any:read":
		return scope{area: "any", display: "any read scope"}, nil
	}
	area, access, _ := strings.Cut(s, ":")
	if !claimline.Scope(s).Valid() {
		return scope{}, fmt.Errorf("%s: unknown x-scope %q", op.OperationID, s)
	}
	return scope{area: area, write: access == "write", display: s}, nil
}

// role is the least role a scope's requests need: reading needs a viewer,
// writing an editor, administration an admin.
func (s scope) role() claimline.Role {
	switch {
	case s.area == claimline.AreaAdmin:
		return claimline.RoleAdmin
	case s.write:
		return claimline.RoleEditor
	}
	return claimline.RoleViewer
}

// allowedBy reports whether a token's scopes allow the route.
func (s scope) allowedBy(scopes []claimline.Scope) bool {
	if s.area != "any" {
		return claimline.Allows(scopes, s.area, s.write)
	}
	for _, area := range []string{claimline.AreaTimelines, claimline.AreaSources, claimline.AreaClaims} {
		if claimline.Allows(scopes, area, false) {
			return true
		}
	}
	return false
}

// authorize admits a request that carries a live token, in the
// Authorization header and nowhere else, whose scopes and whose user's
// role both allow the route: 401 without one, 403 when the scope or the
// role does not allow it. The request then acts as the token's user, with
// the token's scopes, and history records it under the token's name.
func (a *API) authorize(need scope) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if need.area == "" {
				return next(c)
			}
			for _, vs := range c.Request().URL.Query() {
				for _, v := range vs {
					if strings.HasPrefix(v, "cl_") {
						return unauthorized(c, "A token goes in the Authorization header only, never in the address.")
					}
				}
			}
			kind, secret, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
			if !strings.EqualFold(kind, "Bearer") || strings.TrimSpace(secret) == "" {
				return unauthorized(c, "Send a token: Authorization: Bearer cl_… (make one at /account/tokens).")
			}
			ctx := c.Request().Context()
			u, t, err := a.users.TokenUser(ctx, strings.TrimSpace(secret))
			if claimline.ErrorCode(err) == claimline.EUNAUTH {
				return unauthorized(c, claimline.ErrorMessage(err))
			} else if err != nil {
				return err
			}
			if !need.allowedBy(t.Scopes) {
				return claimline.Errorf(claimline.EFORBIDDEN, "The token's scopes (%s) do not allow this: it needs %s.", t.ScopeNames(), need.display)
			}
			if !u.Role.AtLeast(need.role()) {
				return claimline.Errorf(claimline.EFORBIDDEN, "The token's user is %s: this needs the %s role.", u.Role.WithArticle(), need.role())
			}
			ctx = claimline.NewContextWithUser(ctx, u)
			ctx = claimline.NewContextWithAccess(ctx, claimline.Access{Scopes: t.Scopes, Via: t.Name})
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

// unauthorized is a 401 that says how to authenticate.
func unauthorized(c echo.Context, msg string) error {
	c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="claimline"`)
	return &echo.HTTPError{Code: http.StatusUnauthorized, Message: msg}
}
