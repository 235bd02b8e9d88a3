package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"claimline/internal/api"
	"claimline/internal/api/apiclient"
	"claimline/internal/claimline"
)

// Every route registered under /api/v1 is in the contract, and every
// operation of the contract is registered.
func TestRoutesAreTheContract(t *testing.T) {
	f := newFixture(t)
	a, err := api.New(f.app, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	if err := a.Register(e); err != nil {
		t.Fatal(err)
	}
	var registered []string
	for _, r := range e.Routes() {
		if strings.HasPrefix(r.Path, api.BasePath+"/") {
			registered = append(registered, r.Method+" "+r.Path)
		}
	}
	var contract []string
	for path, item := range f.doc.Paths.Map() {
		for method := range item.Operations() {
			p := api.BasePath + path
			for {
				i, j := strings.Index(p, "{"), strings.Index(p, "}")
				if i < 0 {
					break
				}
				p = p[:i] + ":" + p[i+1:j] + p[j+1:]
			}
			contract = append(contract, method+" "+p)
		}
	}
	slices.Sort(registered)
	slices.Sort(contract)
	if !slices.Equal(registered, contract) {
		t.Errorf("routes and contract differ:\nregistered %q\ncontract   %q", registered, contract)
	}
	if len(contract) < 25 {
		t.Errorf("only %d operations", len(contract))
	}
}

// routeScopes is what each route needs, written from the rules of the
// API's design (entries and citations are timelines'; claims, stances and
// suggestions are claims'; sources and versions are sources'; history
// needs timelines:read; captures and the clippings tray are sources';
// search any read scope; admin only users and
// backups), not read from the contract: the test holds the contract to
// them. Bodies are empty or point at nothing, so that an allowed request
// is refused by validation or not found, and changes nothing.
var routeScopes = []struct {
	method, path, scope string
	body                any
}{
	{"GET", "/timelines", "timelines:read", nil},
	{"POST", "/timelines", "timelines:write", map[string]any{}},
	{"GET", "/timelines/strikes", "timelines:read", nil},
	{"GET", "/timelines/strikes/entries", "timelines:read", nil},
	{"POST", "/timelines/strikes/entries", "timelines:write", map[string]any{}},
	{"GET", "/timelines/strikes/export?format=csv", "timelines:read", nil},
	{"POST", "/timelines/strikes/import?dry_run=true", "timelines:write", []byte("")},
	{"GET", "/entries/{entry}", "timelines:read", nil},
	{"PATCH", "/entries/{entry}", "timelines:write", map[string]any{}},
	{"DELETE", "/entries/999999", "timelines:write", nil},
	{"POST", "/entries/{entry}/citations", "timelines:write", map[string]any{}},
	{"POST", "/entries/{entry}/claims", "claims:write", map[string]any{}},
	{"GET", "/claims/{claim}", "claims:read", nil},
	{"PATCH", "/claims/{claim}", "claims:write", map[string]any{}},
	{"PUT", "/claims/{claim}/stances/{source}", "claims:write", map[string]any{}},
	{"DELETE", "/claims/{claim}/stances/999999", "claims:write", nil},
	{"GET", "/claims/{claim}/suggestions", "claims:read", nil},
	{"GET", "/sources", "sources:read", nil},
	{"POST", "/sources", "sources:write", map[string]any{}},
	{"GET", "/sources/{source}", "sources:read", nil},
	{"POST", "/sources/{source}/versions", "sources:write", map[string]any{}},
	{"POST", "/captures", "sources:write", map[string]any{}},
	{"GET", "/clippings", "sources:read", nil},
	{"POST", "/clippings", "sources:write", map[string]any{}},
	{"DELETE", "/clippings/999999", "sources:write", nil},
	{"GET", "/search?q=NATO", "any read", nil},
	{"GET", "/history", "timelines:read", nil},
	{"GET", "/users", "admin", nil},
	{"GET", "/backup", "admin", nil},
	{"GET", "/openapi.json", "", nil},
}

// allows is the rule a token must meet: a write scope reads its area too.
func allows(scopes []claimline.Scope, need string) bool {
	for _, s := range scopes {
		area, _, _ := strings.Cut(string(s), ":")
		switch {
		case string(s) == need, need == "any read" && s != claimline.ScopeAdmin:
			return true
		case strings.HasSuffix(need, ":read") && s == claimline.Scope(area+":write") && strings.HasPrefix(need, area+":"):
			return true
		}
	}
	return false
}

// roleAllows: reading is a viewer's, writing an editor's, administration
// an admin's.
func roleAllows(r claimline.Role, need string) bool {
	switch {
	case need == "admin":
		return r == claimline.RoleAdmin
	case strings.HasSuffix(need, ":write"):
		return r.AtLeast(claimline.RoleEditor)
	}
	return true
}

// The permission matrix: every route, with no token, and with a token of
// each scope for each role, then with expired and revoked tokens and a
// disabled user's. A refusal is 401 without a valid token and 403 when the
// scope or the role does not allow it; anything allowed is neither.
func TestPermissionMatrix(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	ids := strings.NewReplacer("{entry}", fmt.Sprint(s.entry.ID), "{claim}", fmt.Sprint(s.claim.ID), "{source}", fmt.Sprint(s.source.ID))
	seen := map[string]bool{}
	for _, r := range routeScopes {
		route, _ := f.route(r.method, strings.SplitN(ids.Replace(r.path), "?", 2)[0])
		if route == nil {
			t.Fatalf("%s %s is not in the contract", r.method, r.path)
		}
		seen[r.method+" "+route.Path] = true
	}
	for path, item := range f.doc.Paths.Map() {
		for method := range item.Operations() {
			if !seen[method+" "+path] {
				t.Errorf("the matrix does not cover %s %s", method, path)
			}
		}
	}
	scopeSets := [][]claimline.Scope{claimline.AllScopes}
	for _, sc := range claimline.AllScopes {
		scopeSets = append(scopeSets, []claimline.Scope{sc})
	}
	users := map[claimline.Role]*claimline.User{claimline.RoleViewer: s.vw, claimline.RoleEditor: s.editor, claimline.RoleAdmin: s.admin}
	for _, r := range routeScopes {
		path := ids.Replace(r.path)
		if a := f.do(r.method, path, "", r.body, "text/csv"); r.scope != "" && a.status != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d, want 401", r.method, path, a.status)
		}
		for role, u := range users {
			for _, set := range scopeSets {
				tok := f.token(u, set...)
				a := f.do(r.method, path, tok, r.body, "text/csv")
				allowed := r.scope == "" || allows(set, r.scope) && roleAllows(role, r.scope)
				switch {
				case allowed && (a.status == http.StatusUnauthorized || a.status == http.StatusForbidden):
					t.Errorf("%s %s as %s with %v: %d, want it allowed\n%s", r.method, path, role, set, a.status, a.body)
				case !allowed && a.status != http.StatusForbidden:
					t.Errorf("%s %s as %s with %v: %d, want 403", r.method, path, role, set, a.status)
				}
			}
		}
	}
	// Tokens that are no longer good: revoked, expired, their user disabled.
	revoked := f.token(s.admin, claimline.AllScopes...)
	tokens, _ := f.app.Users.Tokens(context.Background(), s.admin.ID)
	if err := f.app.Users.RevokeToken(context.Background(), tokens[0].ID, s.admin.ID); err != nil {
		t.Fatal(err)
	}
	disabled := f.user("gone", claimline.RoleEditor)
	disabledTok := f.token(disabled, claimline.AllScopes...)
	if _, err := f.st.UpdateUser(context.Background(), disabled.ID, 0, disabled.Role, true); err != nil {
		t.Fatal(err)
	}
	expiring := f.token(s.admin, claimline.AllScopes...)
	f.advance(25 * time.Hour)
	for _, r := range routeScopes {
		if r.scope == "" {
			continue
		}
		path := ids.Replace(r.path)
		for name, tok := range map[string]string{"revoked": revoked, "expired": expiring, "disabled user's": disabledTok, "made-up": "cl_" + strings.Repeat("x", 43)} {
			if a := f.do(r.method, path, tok, r.body, "text/csv"); a.status != http.StatusUnauthorized {
				t.Errorf("%s %s with a %s token: %d, want 401", r.method, path, name, a.status)
			}
		}
	}
}

// A script's whole task through the generated client: a timeline, an entry
// on it, a source, a claim the source supports, and the export, which is
// the web's byte for byte.
func TestRoundTripWithTheGeneratedClient(t *testing.T) {
	f := newFixture(t)
	u := f.user("ed", claimline.RoleEditor)
	tok := f.token(u, claimline.ScopeTimelinesWrite, claimline.ScopeSourcesWrite, claimline.ScopeClaimsWrite)
	c, err := apiclient.NewClientWithResponses(f.ts.URL+api.BasePath, apiclient.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+tok)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tl, err := c.CreateTimelineWithResponse(ctx, apiclient.TimelineCreate{Title: "Long-range strikes, Sep 2024"})
	if err != nil || tl.JSON201 == nil {
		t.Fatalf("create timeline: %v %s", err, tl.Body)
	}
	if tl.JSON201.Slug != "long-range-strikes-sep-2024" {
		t.Errorf("slug %q", tl.JSON201.Slug)
	}
	actors := []string{"Vladimir Putin"}
	en, err := c.CreateEntryWithResponse(ctx, tl.JSON201.Slug, apiclient.EntryCreate{Date: "12 Sep 2024", Kind: "statement", Title: "Putin warns NATO", Actors: &actors})
	if err != nil || en.JSON201 == nil {
		t.Fatalf("create entry: %v %s", err, en.Body)
	}
	if en.JSON201.Date != "2024-09-12" || en.JSON201.Revision != 1 {
		t.Errorf("entry date %q revision %d, want 2024-09-12 and 1", en.JSON201.Date, en.JSON201.Revision)
	}
	text, outlet := seedText, "Wire"
	src, err := c.CreateSourceWithResponse(ctx, apiclient.SourceCreate{Text: &text, Outlet: &outlet})
	if err != nil || src.JSON201 == nil {
		t.Fatalf("create source: %v %s", err, src.Body)
	}
	again, err := c.CreateSourceWithResponse(ctx, apiclient.SourceCreate{Text: &text})
	if err != nil || again.JSON200 == nil || again.JSON200.Id != src.JSON201.Id {
		t.Errorf("the same text again: %v %d %s, want 200 with source %d", err, again.StatusCode(), again.Body, src.JSON201.Id)
	}
	claimant := "Vladimir Putin"
	cl, err := c.CreateClaimWithResponse(ctx, en.JSON201.Id, apiclient.ClaimCreate{Text: "NATO would be at war with Russia", Claimant: &claimant})
	if err != nil || cl.JSON201 == nil || cl.JSON201.Status != apiclient.StatusUnverified {
		t.Fatalf("create claim: %v %s", err, cl.Body)
	}
	st, err := c.PutStanceWithResponse(ctx, cl.JSON201.Id, src.JSON201.Id, apiclient.StancePut{Stance: "supports", Quote: "NATO countries would be at war with Russia"})
	if err != nil || st.JSON200 == nil {
		t.Fatalf("put stance: %v %s", err, st.Body)
	}
	if st.JSON200.Status != apiclient.StatusSupported || st.JSON200.Counts.Supports != 1 || st.JSON200.StatusText != "supported by 1 source" {
		t.Errorf("after the stance: %s %+v %q", st.JSON200.Status, st.JSON200.Counts, st.JSON200.StatusText)
	}
	// A claim with no stance yet: the source is suggested, with the
	// sentences of its passage that carry the evidence.
	other, err := c.CreateClaimWithResponse(ctx, en.JSON201.Id, apiclient.ClaimCreate{Text: "Putin warned that NATO would be at war with Russia"})
	if err != nil || other.JSON201 == nil {
		t.Fatalf("create claim: %v %s", err, other.Body)
	}
	sugg, err := c.ListSuggestionsWithResponse(ctx, other.JSON201.Id)
	if err != nil || sugg.JSON200 == nil || len(sugg.JSON200.Items) == 0 {
		t.Fatalf("suggestions: %v %s", err, sugg.Body)
	}
	for _, it := range sugg.JSON200.Items {
		if it.EvidenceStart < it.Start || it.EvidenceEnd > it.End || it.EvidenceStart >= it.EvidenceEnd ||
			it.Passage[it.EvidenceStart-it.Start:it.EvidenceEnd-it.Start] != it.Evidence || text[it.EvidenceStart:it.EvidenceEnd] != it.Evidence {
			t.Errorf("suggestion %d–%d: evidence %d–%d %q is not its passage's text %q", it.Start, it.End, it.EvidenceStart, it.EvidenceEnd, it.Evidence, it.Passage)
		}
	}
	for _, format := range []apiclient.ExportTimelineParamsFormat{"csv", "claims-csv", "json", "timelinejs"} {
		ex, err := c.ExportTimelineWithResponse(ctx, tl.JSON201.Slug, &apiclient.ExportTimelineParams{Format: format})
		if err != nil || ex.StatusCode() != http.StatusOK {
			t.Fatalf("export %s: %v %d", format, err, ex.StatusCode())
		}
		t2, err := f.app.Timelines.BySlug(ctx, tl.JSON201.Slug)
		if err != nil {
			t.Fatal(err)
		}
		var web bytes.Buffer
		if err := f.app.Exchange.Export(ctx, string(format), t2, claimline.EntryFilter{}, &web); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ex.Body, web.Bytes()) {
			t.Errorf("the %s export differs from the web's", format)
		}
		if format == "csv" && !bytes.Contains(ex.Body, []byte("Putin warns NATO")) {
			t.Errorf("the CSV lacks the entry:\n%s", ex.Body)
		}
	}
}
