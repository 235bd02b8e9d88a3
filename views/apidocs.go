package views

import "strings"

// APIDocs is the API's contract as a page (/api/docs): built from the
// contract by internal/api, so that the page and the routes cannot differ.
type APIDocs struct {
	Title, Version string
	Intro          []string // paragraphs
	Base           string   // where the routes are served: /api/v1
	ContractURL    string   // the contract as JSON
	Groups         []APIGroup
	Schemas        []APISchema
}

// APIGroup is the routes of one tag.
type APIGroup struct {
	Name, Description string
	Operations        []APIOperation
}

// APIOperation is one route.
type APIOperation struct {
	ID, Method, Path     string
	Summary, Description string
	Scope                string // "" when no token is needed
	Params               []APIField
	Bodies               []APIBody
	Responses            []APIResponse
}

// APIField is a parameter or a field of a body.
type APIField struct {
	Name, In, Type string
	Required       bool
	Description    string
	Ref            string // the schema a $ref names, for a link; "" when none
}

// APIBody is one media type a route takes.
type APIBody struct {
	MediaType string
	Schema    string // the named schema, "" when inline
	Fields    []APIField
}

// APIResponse is one answer a route gives.
type APIResponse struct {
	Status, Description string
	MediaTypes          []string
	Schema              string
}

// APISchema is a named schema and its fields.
type APISchema struct {
	Name, Description string
	Fields            []APIField
	Closed            bool // no other fields are accepted
}

// CodeSpan is a run of a contract's sentence: code (between backticks in
// the contract) or not.
type CodeSpan struct {
	Text string
	Code bool
}

// codeSpans cuts a sentence at its backticks: "pass `limit`" is "pass "
// and the code "limit". An unpaired backtick stays as written.
func codeSpans(s string) []CodeSpan {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an odd number of backticks: take it as written
		return []CodeSpan{{Text: s}}
	}
	out := make([]CodeSpan, 0, len(parts))
	for i, p := range parts {
		if p != "" {
			out = append(out, CodeSpan{Text: p, Code: i%2 == 1})
		}
	}
	return out
}
