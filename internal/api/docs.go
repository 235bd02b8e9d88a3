package api

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"claimline/views"
)

// Docs returns the contract as the docs page shows it: the routes by tag,
// in the contract's order of tags, each route's parameters, bodies and
// answers, and every named schema.
func (a *API) Docs() (views.APIDocs, error) {
	ct, err := a.loaded()
	if err != nil {
		return views.APIDocs{}, err
	}
	return docs(ct.doc), nil
}

func docs(doc *openapi3.T) views.APIDocs {
	d := views.APIDocs{Title: doc.Info.Title, Version: doc.Info.Version, Base: BasePath, ContractURL: BasePath + "/openapi.json"}
	for _, para := range strings.Split(strings.TrimSpace(doc.Info.Description), "\n\n") {
		d.Intro = append(d.Intro, strings.Join(strings.Fields(para), " "))
	}
	byTag := map[string][]views.APIOperation{}
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, path := range paths {
		item := doc.Paths.Value(path)
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			tag := "contract"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			byTag[tag] = append(byTag[tag], docOperation(method, path, item, op))
		}
	}
	var tags []string
	for _, t := range doc.Tags {
		tags = append(tags, t.Name)
	}
	for t := range byTag {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	for _, name := range tags {
		if ops := byTag[name]; len(ops) > 0 {
			g := views.APIGroup{Name: name, Operations: ops}
			if t := doc.Tags.Get(name); t != nil {
				g.Description = t.Description
			}
			d.Groups = append(d.Groups, g)
		}
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := doc.Components.Schemas[n].Value
		d.Schemas = append(d.Schemas, views.APISchema{Name: n, Description: s.Description, Fields: docFields(s),
			Closed: s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has})
	}
	return d
}

func docOperation(method, path string, item *openapi3.PathItem, op *openapi3.Operation) views.APIOperation {
	o := views.APIOperation{ID: op.OperationID, Method: method, Path: path, Summary: op.Summary, Description: strings.TrimSpace(op.Description)}
	if s, ok := op.Extensions["x-scope"].(string); ok {
		o.Scope = s
	}
	for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
		f := views.APIField{Name: p.Value.Name, In: p.Value.In, Required: p.Value.Required, Description: p.Value.Description}
		if p.Value.Schema != nil {
			f.Type, f.Ref = docType(p.Value.Schema)
		}
		o.Params = append(o.Params, f)
	}
	if op.RequestBody != nil {
		for _, mt := range sortedKeys(op.RequestBody.Value.Content) {
			s := op.RequestBody.Value.Content[mt].Schema
			b := views.APIBody{MediaType: mt}
			if s != nil {
				b.Schema = refName(s.Ref)
				b.Fields = docFields(s.Value)
			}
			o.Bodies = append(o.Bodies, b)
		}
	}
	statuses := make([]string, 0, op.Responses.Len())
	for st := range op.Responses.Map() {
		statuses = append(statuses, st)
	}
	sort.Strings(statuses) // "default" sorts after the numbers
	for _, st := range statuses {
		r := op.Responses.Value(st)
		if r.Ref != "" {
			r = &openapi3.ResponseRef{Value: r.Value}
		}
		resp := views.APIResponse{Status: st, Description: *r.Value.Description}
		if st == "default" {
			resp.Status = "other"
		}
		for _, mt := range sortedKeys(r.Value.Content) {
			resp.MediaTypes = append(resp.MediaTypes, mt)
			if s := r.Value.Content[mt].Schema; s != nil && resp.Schema == "" {
				resp.Schema = refName(s.Ref)
			}
		}
		o.Responses = append(o.Responses, resp)
	}
	return o
}

// docFields lists an object schema's fields, required first.
func docFields(s *openapi3.Schema) []views.APIField {
	if s == nil {
		return nil
	}
	var out []views.APIField
	for _, n := range sortedKeys(s.Properties) {
		p := s.Properties[n]
		f := views.APIField{Name: n, Required: slices.Contains(s.Required, n), Description: p.Value.Description}
		f.Type, f.Ref = docType(p)
		out = append(out, f)
	}
	for _, sub := range s.AllOf {
		out = append(out, docFields(sub.Value)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Required && !out[j].Required })
	return out
}

// docType names a schema's type as people read it: "string", "integer",
// "array of Entry", the name of a referenced schema (with that name as
// Ref, for a link).
func docType(s *openapi3.SchemaRef) (string, string) {
	if name := refName(s.Ref); name != "" {
		return name, name
	}
	v := s.Value
	switch {
	case v.Type.Is(openapi3.TypeArray) && v.Items != nil:
		t, ref := docType(v.Items)
		return "array of " + t, ref
	case len(v.Enum) > 0:
		vals := make([]string, len(v.Enum))
		for i, e := range v.Enum {
			vals[i], _ = e.(string)
		}
		return strings.Join(vals, " | "), ""
	case v.Type != nil && len(*v.Type) > 0:
		t := (*v.Type)[0]
		if v.Format != "" {
			t += " (" + v.Format + ")"
		}
		return t, ""
	}
	return "any", ""
}

// refName is the schema name a $ref names ("#/components/schemas/Entry").
func refName(ref string) string {
	if i := strings.LastIndex(ref, "/"); i >= 0 && strings.HasPrefix(ref, "#/components/schemas/") {
		return ref[i+1:]
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
