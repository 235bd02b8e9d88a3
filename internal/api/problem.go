package api

import (
	"errors"
	"maps"
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
)

// StatusOf returns the HTTP status of an error from a route: a domain
// error's by its code, an echo error's own, 500 for anything else.
func StatusOf(err error) int {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he.Code
	}
	switch claimline.ErrorCode(err) {
	case claimline.ENOTFOUND:
		return http.StatusNotFound
	case claimline.EINVALID:
		return http.StatusUnprocessableEntity
	case claimline.ECONFLICT:
		return http.StatusConflict
	case claimline.EFORBIDDEN:
		return http.StatusForbidden
	case claimline.EUNAUTH:
		return http.StatusUnauthorized
	case claimline.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case claimline.EFULL:
		return http.StatusInsufficientStorage
	case claimline.EREADONLY, claimline.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// suggestionSuffix marks a field error that offers a value for another
// field: "quote_suggestion" is the closest passage to a quote not found. It
// travels as that field's suggestion.
const suggestionSuffix = "_suggestion"

// problem is the RFC 9457 body of err: its status, the status's title, the
// message people read, and each field's message for invalid input. An
// internal error's detail says nothing of its cause.
func problem(err error) Problem {
	status := StatusOf(err)
	p := Problem{Status: status, Title: http.StatusText(status)}
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		if m, ok := he.Message.(string); ok {
			p.Detail = &m
		}
	case status >= 500 && !claimline.IsFault(err):
		p.Detail = ptr("Something went wrong on our side; it has been logged.")
	default:
		p.Detail = ptr(claimline.ErrorMessage(err))
	}
	if fields := claimline.FieldErrors(err); len(fields) > 0 && status == http.StatusUnprocessableEntity {
		names := make([]string, 0, len(fields))
		for f := range fields {
			if !strings.HasSuffix(f, suggestionSuffix) {
				names = append(names, f)
			}
		}
		sort.Strings(names)
		list := make([]FieldError, len(names))
		for i, f := range names {
			list[i] = FieldError{Field: f, Message: fields[f], Suggestion: ptr(fields[f+suggestionSuffix])}
		}
		p.Errors = &list
	}
	return p
}

// renamed is err with its field from named to, as the API's bodies name it:
// the application speaks of the web forms' fields ("source"), where a
// body has "source_id".
func renamed(err error, from, to string) error {
	var e *claimline.Error
	if !errors.As(err, &e) || e.Fields[from] == "" {
		return err
	}
	out := *e
	out.Fields = maps.Clone(e.Fields)
	for _, suffix := range []string{"", suggestionSuffix} {
		if msg, ok := out.Fields[from+suffix]; ok {
			out.Fields[to+suffix] = msg
			delete(out.Fields, from+suffix)
		}
	}
	return &out
}

// WriteProblem answers an API request that failed with err as
// application/problem+json. The server's error handler calls it for every
// path under BasePath, so that even an unknown route or a body over the
// limit is answered in the API's terms.
func WriteProblem(c echo.Context, err error) error {
	return writeJSON(c, StatusOf(err), "application/problem+json", problem(err))
}

// IsAPI reports whether a request path is the API's.
func IsAPI(path string) bool { return isAPI(path) }

// writeJSON writes v as JSON with the given status and media type.
func writeJSON(c echo.Context, status int, mediaType string, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, mediaType)
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), v)
}
