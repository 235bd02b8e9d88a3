// Package api is claimline's JSON API at /api/v1: one more door into the
// application's services, for scripts and other tools. openapi.yaml is its
// contract: the routes, their types (api.gen.go and the client are
// generated from it) and the scope each route needs (x-scope) all come
// from there, and the tests hold every route and every answer to it.
package api

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"claimline/internal/app"
	"claimline/internal/claimline"
)

// BasePath is where the API is served.
const BasePath = "/api/v1"

// contractYAML is the contract as written.
//
//go:embed openapi.yaml
var contractYAML []byte

// Body limits: a JSON body, and an upload or import file or a captured
// page (whose own limits, smaller, are checked with their messages).
const (
	maxJSONBody = 6 << 20
	maxFileBody = 26 << 20
)

// bodyLimit refuses a body over limit bytes with 413 and a message that
// says the limit.
func bodyLimit(limit int) echo.MiddlewareFunc {
	inner := middleware.BodyLimit(fmt.Sprintf("%dM", limit>>20))
	tooLarge := &echo.HTTPError{Code: http.StatusRequestEntityTooLarge,
		Message: fmt.Sprintf("The request is larger than %d MiB, the most this route takes.", limit>>20)}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		h := inner(next)
		return func(c echo.Context) error {
			if err := h(c); !errors.Is(err, echo.ErrStatusRequestEntityTooLarge) { // the middleware's own refusal
				return err
			}
			return tooLarge
		}
	}
}

// API serves /api/v1 over the application's services.
type API struct {
	timelines timelineService
	sources   sourceService
	claims    claimService
	users     userService
	exchange  exchangeService
	search    searchService
	history   historyService
	backup    func(ctx context.Context, dest string) error
	now       func() time.Time
	log       *slog.Logger

	// The contract, loaded when the API is first used (contract.go): its
	// YAML, parsed and checked, costs more than the rest of a start.
	once     sync.Once
	contract *contract
	err      error
}

// New builds the API over the application a. The contract is loaded and
// checked on first use; a contract that does not load is a bug of the
// build, which the tests catch.
func New(a *app.App, log *slog.Logger) (*API, error) {
	return &API{
		timelines: a.Timelines, sources: a.Sources, claims: a.Claims, users: a.Users,
		exchange: a.Exchange, search: a.Search, history: a.History, backup: a.Backup,
		now: a.Now, log: log,
	}, nil
}

// LoadContract parses and validates the embedded contract.
func LoadContract() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(contractYAML)
	if err != nil {
		return nil, fmt.Errorf("load the API contract: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("the API contract is not valid: %w", err)
	}
	return doc, nil
}

// operation is one route of the contract, as registered.
type operation struct {
	method, path string // path as in the contract, without BasePath
	op           *openapi3.Operation
	item         *openapi3.PathItem
	scope        scope
}

// operations returns every operation of the contract, by operationId.
func operations(doc *openapi3.T) (map[string]operation, error) {
	out := map[string]operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			sc, err := parseScope(op)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			out[op.OperationID] = operation{method: method, path: path, op: op, item: item, scope: sc}
		}
	}
	return out, nil
}

// Register adds every route of the contract to e under BasePath, each with
// its middleware: a body limit, the token check and the scope the contract
// names, then validation against the contract (chains, built with the
// contract on first use). Nothing else of the web app's (sessions, CSRF)
// applies here: only the token counts.
func (a *API) Register(e *echo.Echo) error {
	RegisterHandlersWithOptions(lazyRouter{e: e, a: a}, a, RegisterHandlersOptions{BaseURL: BasePath})
	e.Pre(preflight)
	return nil
}

// chains returns each operation's middleware, by method and echo path
// (BasePath included).
func (a *API) chains(doc *openapi3.T) (map[string][]echo.MiddlewareFunc, error) {
	ops, err := operations(doc)
	if err != nil {
		return nil, err
	}
	out := map[string][]echo.MiddlewareFunc{}
	for id, o := range ops {
		limit := maxJSONBody
		if o.op.RequestBody != nil && o.op.RequestBody.Value.Content.Get("application/json") == nil ||
			o.op.RequestBody != nil && len(o.op.RequestBody.Value.Content) > 1 || id == "createCapture" {
			limit = maxFileBody // a file, or a whole page
		}
		out[o.method+" "+BasePath+echoPath(o.path)] = []echo.MiddlewareFunc{allowAnyOrigin, bodyLimit(limit), a.authorize(o.scope), a.validate(doc, o)}
	}
	return out, nil
}

// echoPath turns a contract path's {name} parameters into echo's :name.
func echoPath(path string) string {
	return strings.NewReplacer("{", ":", "}", "").Replace(path)
}

// allowAnyOrigin lets pages and extensions of any origin read the API's
// answers (CORS). That gives them nothing they could not have without a
// browser: the API takes only a token the caller must hold, never a
// cookie, so no credentials are allowed and none would be sent.
func allowAnyOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderAccessControlAllowOrigin, "*")
		return next(c)
	}
}

// preflight answers a browser's CORS preflight for the API's paths, before
// routing (an OPTIONS route would turn unknown paths' 404 into 405): the
// methods the API uses, and the two headers a client sends.
func preflight(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method != http.MethodOptions || !isAPI(c.Request().URL.Path) {
			return next(c)
		}
		h := c.Response().Header()
		h.Set(echo.HeaderAccessControlAllowOrigin, "*")
		h.Set(echo.HeaderAccessControlAllowMethods, "GET, POST, PUT, PATCH, DELETE")
		h.Set(echo.HeaderAccessControlAllowHeaders, "Authorization, Content-Type")
		h.Set(echo.HeaderAccessControlMaxAge, "600")
		return c.NoContent(http.StatusNoContent)
	}
}

// GetContract serves the contract as JSON; no token is needed.
func (a *API) GetContract(c echo.Context) error {
	ct, err := a.loaded()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, ct.json)
}

// decode reads a JSON body into v. Validation against the contract ran
// before, so a body that does not decode is a type the contract allows
// but Go cannot hold (a number too large, say): a 422 on the body.
func decode(c echo.Context, v any) error {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(c.Request().Body); err != nil {
		return err
	}
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		return invalid("", "The body is not the JSON this route takes.")
	}
	return nil
}

// invalid is an EINVALID error on one field ("" for the whole request).
func invalid(field, msg string) error {
	if field == "" {
		return claimline.Errorf(claimline.EINVALID, "%s", msg)
	}
	return claimline.Problems{field: msg}.Err()
}

// str returns *p, or "" for nil.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ptr returns a pointer to v, or nil for the zero value.
func ptr[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// isAPI reports whether a request path is the API's.
func isAPI(path string) bool { return path == BasePath || strings.HasPrefix(path, BasePath+"/") }
