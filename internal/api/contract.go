package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// contract is the API's contract as loaded on first use: the document, the
// same as JSON (for GET /openapi.json) and each route's middleware.
type contract struct {
	doc    *openapi3.T
	json   []byte
	chains map[string][]echo.MiddlewareFunc // by method and echo path
}

// loaded returns the contract, loading it the first time.
func (a *API) loaded() (*contract, error) {
	a.once.Do(func() {
		doc, err := LoadContract()
		if err != nil {
			a.err = err
			return
		}
		ct := &contract{doc: doc}
		if ct.json, err = json.Marshal(doc); err != nil {
			a.err = fmt.Errorf("contract as JSON: %w", err)
			return
		}
		if ct.chains, a.err = a.chains(doc); a.err == nil {
			a.contract = ct
		}
	})
	return a.contract, a.err
}

// lazyRouter registers the generated routes on echo, each with one
// middleware that, on the route's first request, puts the route's chain
// from the contract in place.
type lazyRouter struct {
	e *echo.Echo
	a *API
}

func (r lazyRouter) add(method, path string, h echo.HandlerFunc) *echo.Route {
	return r.e.Add(method, path, h, r.a.onFirstUse(method, path))
}

func (r lazyRouter) CONNECT(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodConnect, p, h)
}
func (r lazyRouter) DELETE(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodDelete, p, h)
}
func (r lazyRouter) GET(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodGet, p, h)
}
func (r lazyRouter) HEAD(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodHead, p, h)
}
func (r lazyRouter) OPTIONS(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodOptions, p, h)
}
func (r lazyRouter) PATCH(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPatch, p, h)
}
func (r lazyRouter) POST(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPost, p, h)
}
func (r lazyRouter) PUT(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPut, p, h)
}
func (r lazyRouter) TRACE(p string, h echo.HandlerFunc, _ ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodTrace, p, h)
}

// onFirstUse is a route's middleware until its first request, which loads
// the contract if need be and builds the route's chain from it, once. A
// route the contract does not have answers 500: the build is wrong.
func (a *API) onFirstUse(method, path string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		var once sync.Once
		var h echo.HandlerFunc
		return func(c echo.Context) error {
			once.Do(func() {
				ct, err := a.loaded()
				if err == nil && ct.chains[method+" "+path] == nil {
					err = fmt.Errorf("%s %s is not in the API contract", method, path)
				}
				if err != nil {
					h = func(echo.Context) error { return err }
					return
				}
				h = next
				chain := ct.chains[method+" "+path]
				for i := len(chain) - 1; i >= 0; i-- {
					h = chain[i](h)
				}
			})
			return h(c)
		}
	}
}
