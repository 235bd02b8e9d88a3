package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
)

// validate checks a request against its operation in the contract before
// the handler runs: its parameters' types and ranges, and its JSON body's
// fields (none the contract does not name, every one it requires, each of
// its type). Every problem is named in one 422, by field; nothing of the
// request has been done.
func (a *API) validate(doc *openapi3.T, o operation) echo.MiddlewareFunc {
	route := &routers.Route{Spec: doc, Path: o.path, PathItem: o.item, Method: o.method, Operation: o.op}
	opts := &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	// A body that is not JSON (a CSV or NDJSON file to import, a
	// multipart upload) is the handler's to read: kin-openapi's CSV
	// decoder refused valid files (a quoted "A; B", a short row) with
	// no line or column, where the importer names both.
	notJSON := *opts
	notJSON.ExcludeRequestBody = true
	query := queryParams(o)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if err := mediaType(o.op, req); err != nil {
				return err
			}
			p := claimline.Problems{}
			for name, values := range req.URL.Query() {
				switch {
				case !slices.Contains(query, name):
					p.Add(name, unknownParam(name, query))
				case len(values) > 1:
					p.Add(name, fmt.Sprintf("Give %s once: it was given %d times.", name, len(values)))
				}
			}
			body := jsonBodySchema(o.op, req)
			if body != nil {
				b, err := io.ReadAll(req.Body)
				if err != nil {
					return err
				}
				req.Body = io.NopCloser(bytes.NewReader(b))
				if err := checkFields(body, b, p); err != nil {
					return err
				}
			}
			if len(p) == 0 {
				params := map[string]string{}
				for i, n := range c.ParamNames() {
					params[n] = c.ParamValues()[i]
				}
				vo := opts
				if fileBody(o.op, req) {
					vo = &notJSON
				}
				err := openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
					Request: req, PathParams: params, Route: route, Options: vo})
				addProblems(p, err)
			}
			if err := p.Err(); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// queryParams names the query parameters of an operation.
func queryParams(o operation) []string {
	var names []string
	for _, ps := range []openapi3.Parameters{o.item.Parameters, o.op.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				names = append(names, p.Value.Name)
			}
		}
	}
	return names
}

// unknownParam is the problem of a query parameter the operation does not
// take: a typo ("limt") must not pass silently.
func unknownParam(name string, query []string) string {
	if len(query) == 0 {
		return fmt.Sprintf("%q is not a parameter of this request, which takes none.", name)
	}
	return fmt.Sprintf("%q is not a parameter of this request; its parameters are %s.", name, strings.Join(query, ", "))
}

// mediaType refuses, with a 415 naming what the operation takes, a body
// sent as a type the operation does not take (form fields or text/plain
// where JSON is wanted): that is not a problem of its fields.
func mediaType(op *openapi3.Operation, req *http.Request) error {
	if op.RequestBody == nil || req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0 {
		return nil
	}
	ct := req.Header.Get(echo.HeaderContentType)
	mt, _, _ := mime.ParseMediaType(ct)
	if mt != "" && op.RequestBody.Value.Content.Get(mt) != nil {
		return nil
	}
	takes := slices.Sorted(maps.Keys(op.RequestBody.Value.Content))
	if ct == "" {
		ct = "no Content-Type"
	}
	return &echo.HTTPError{Code: http.StatusUnsupportedMediaType,
		Message: fmt.Sprintf("This request takes a body of type %s; it was sent with %s.", strings.Join(takes, " or "), ct)}
}

// fileBody reports whether the request sends a body of a type the
// operation takes other than JSON: a file its handler reads itself.
func fileBody(op *openapi3.Operation, req *http.Request) bool {
	if op.RequestBody == nil {
		return false
	}
	mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	return mt != "" && mt != echo.MIMEApplicationJSON && op.RequestBody.Value.Content.Get(mt) != nil
}

// jsonBodySchema returns the schema of the operation's JSON body when the
// request sends JSON (nil otherwise: another type, or no body declared).
func jsonBodySchema(op *openapi3.Operation, req *http.Request) *openapi3.Schema {
	if op.RequestBody == nil || req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if mt != echo.MIMEApplicationJSON {
		return nil
	}
	media := op.RequestBody.Value.Content.Get(mt)
	if media == nil || media.Schema == nil {
		return nil
	}
	return media.Schema.Value
}

// checkFields names the top-level fields of a JSON object body that the
// schema does not have (when it allows no others) and those it requires
// that are missing. A body that is not a JSON object is a problem of the
// whole request ("").
func checkFields(s *openapi3.Schema, body []byte, p claimline.Problems) error {
	if !json.Valid(body) {
		p.Add("", "The body is not valid JSON.")
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		if s.Type.Is(openapi3.TypeObject) {
			p.Add("", "The body must be a JSON object.")
		}
		return nil // not an object: the validator checks it against its schema
	}
	// Go's JSON decoder would turn bytes that are not UTF-8 into U+FFFD
	// and save the text changed: a source's text, its SHA-256, a quote.
	if !utf8.Valid(body) {
		named := false
		for name, v := range fields {
			if !utf8.Valid(v) {
				p.Add(name, "This text is not valid UTF-8 (another encoding, such as Latin-1?): send it as UTF-8.")
				named = true
			}
		}
		if !named {
			p.Add("", "The body is not valid UTF-8: send it as UTF-8.")
		}
		return nil
	}
	if s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has {
		for name := range fields {
			if _, ok := s.Properties[name]; !ok {
				p.Add(name, fmt.Sprintf("%q is not a field of this request; the fields are %s.", name, fieldList(s)))
			}
		}
	}
	for _, name := range s.Required {
		if v, ok := fields[name]; !ok || string(v) == "null" {
			p.Add(name, "This field is required.")
		}
	}
	return nil
}

// fieldList names a schema's properties, in order, for a message.
func fieldList(s *openapi3.Schema) string {
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// addProblems adds the validator's findings to p, each on the parameter or
// body field it concerns: the validator's errors carry both as data, and
// no message is parsed. Its errors nest (a request error holding a list of
// schema errors), so they are walked by their types, not with errors.As,
// which would stop at the first.
func addProblems(p claimline.Problems, err error) {
	switch e := err.(type) {
	case nil:
	case openapi3.MultiError:
		for _, inner := range e {
			addProblems(p, inner)
		}
	case *openapi3filter.RequestError:
		if e.Parameter == nil {
			if e.Err != nil {
				addProblems(p, e.Err)
			} else {
				p.Add("", sentence(e.Reason))
			}
			return
		}
		before := len(p)
		addSchemaProblems(p, e.Parameter.Name, e.Err)
		if len(p) == before {
			p.Add(e.Parameter.Name, paramMessage(e.Parameter, e.Reason))
		}
	case *openapi3.SchemaError:
		p.Add(strings.Join(e.JSONPointer(), "."), schemaMessage(e))
	default:
		p.Add("", "The request does not match the API contract.")
	}
}

// addSchemaProblems adds a parameter's schema errors, on the parameter.
func addSchemaProblems(p claimline.Problems, field string, err error) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			addSchemaProblems(p, field, inner)
		}
	case *openapi3.SchemaError:
		p.Add(field, schemaMessage(e))
	}
}

// schemaMessage says what is wrong with a value the schema refused, in
// the voice of the API's other messages where the schema says what it
// wants (one of a list; a required field), else as the validator says it.
func schemaMessage(e *openapi3.SchemaError) string {
	switch {
	case e.SchemaField == "enum" && e.Schema != nil && len(e.Schema.Enum) > 0:
		return "Choose one of " + enumList(e.Schema.Enum) + "."
	case e.SchemaField == "required":
		return "This field is required."
	}
	return sentence(e.Reason)
}

// paramMessage says what a parameter must be when its value could not be
// read at all ("?limit=abc", "/entries/abc"): the validator gives no reason
// then, but the parameter's schema says what it wants.
func paramMessage(param *openapi3.Parameter, reason string) string {
	if strings.TrimSpace(reason) != "" || param.Schema == nil || param.Schema.Value == nil {
		return sentence(reason)
	}
	v := param.Schema.Value
	switch {
	case v.Type.Is(openapi3.TypeInteger):
		switch {
		case v.Min != nil && v.Max != nil:
			return fmt.Sprintf("Give %s as a whole number from %g to %g.", param.Name, *v.Min, *v.Max)
		case v.Min != nil:
			return fmt.Sprintf("Give %s as a whole number, %g or more.", param.Name, *v.Min)
		}
		return fmt.Sprintf("Give %s as a whole number.", param.Name)
	case v.Type.Is(openapi3.TypeNumber):
		return fmt.Sprintf("Give %s as a number.", param.Name)
	case v.Type.Is(openapi3.TypeBoolean):
		return fmt.Sprintf("Give %s as true or false.", param.Name)
	case len(v.Enum) > 0:
		return "Choose one of " + enumList(v.Enum) + "."
	}
	return sentence(reason)
}

// enumList lists a schema's allowed values for a message.
func enumList(values []any) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprint(v)
	}
	return strings.Join(out, ", ")
}

// sentence makes a validator's reason read as a message: a capital and a
// full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "This value is not valid here."
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
