package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"claimline/internal/api"
	"claimline/internal/claimline"
)

// Bad input is a 422 naming each field with the forms' messages, or 413
// for a body over the limit, and saves nothing.
func TestBadInputIsRefusedByField(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeTimelinesWrite, claimline.ScopeClaimsWrite, claimline.ScopeSourcesWrite)
	entries := func() int {
		page, err := f.app.Timelines.Entries(context.Background(), s.timeline.ID, claimline.EntryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Entries)
	}
	before := entries()
	cases := []struct {
		name   string
		body   any
		status int
		fields map[string]string // field → words its message has
	}{
		{"malformed JSON", `{"date": "12 Sep 2024",`, 422, map[string]string{"": "not valid JSON"}},
		{"not an object", `["12 Sep 2024"]`, 422, map[string]string{"": "JSON object"}},
		{"wrong type", map[string]any{"date": "12 Sep 2024", "kind": "statement", "title": 12}, 422, map[string]string{"title": "string"}},
		{"unknown field", map[string]any{"date": "12 Sep 2024", "kind": "statement", "title": "T", "colour": "red"}, 422, map[string]string{"colour": "not a field"}},
		{"missing fields", map[string]any{"kind": "statement"}, 422, map[string]string{"date": "required", "title": "required"}},
		{"the forms' rules", map[string]any{"date": "31 Sep 2024", "kind": "speech", "title": "T"}, 422,
			map[string]string{"date": "30 days", "kind": "Choose one of"}},
		{"an end before the start", map[string]any{"date": "12 Sep 2024", "end_date": "1 Sep 2024", "kind": "statement", "title": "T"}, 422,
			map[string]string{"end_date": "after the start"}},
		{"too many actors", map[string]any{"date": "12 Sep 2024", "kind": "statement", "title": "T", "actors": manyNames(5000)}, 422,
			map[string]string{"actors": "At most 100 actors"}},
		{"not UTF-8", "{\"date\": \"12 Sep 2024\", \"kind\": \"statement\", \"title\": \"Caf\xe9 talks\"}", 422,
			map[string]string{"title": "not valid UTF-8"}},
		{"over the limit", `{"date": "12 Sep 2024", "kind": "statement", "title": "` + strings.Repeat("x", 7<<20) + `"}`, 413, nil},
	}
	for _, c := range cases {
		a := f.do("POST", "/timelines/strikes/entries", tok, c.body)
		if a.status != c.status {
			t.Errorf("%s: %d, want %d\n%.300s", c.name, a.status, c.status, a.body)
			continue
		}
		if ct := a.header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: Content-Type %q", c.name, ct)
		}
		got := a.fields(t)
		for field, words := range c.fields {
			if !strings.Contains(got[field], words) {
				t.Errorf("%s: field %q says %q, want %q in it (all: %v)", c.name, field, got[field], words, got)
			}
		}
	}
	if n := entries(); n != before {
		t.Errorf("refused requests saved entries: %d, then %d", before, n)
	}
	// A quote not in its source: 422 on quote, with the closest passage.
	a := f.do("PUT", fmt.Sprintf("/claims/%d/stances/%d", s.claim.ID, s.source.ID), tok,
		map[string]any{"stance": "disputes", "quote": "NATO countries would be at peace with Russia"})
	var p api.Problem
	a.json(t, &p)
	if a.status != 422 || p.Errors == nil || len(*p.Errors) != 1 || (*p.Errors)[0].Field != "quote" ||
		(*p.Errors)[0].Suggestion == nil || *(*p.Errors)[0].Suggestion != "NATO countries would be at war with Russia" {
		t.Errorf("a quote not in the source: %d %s", a.status, a.body)
	}
	// Another media type than the route takes.
	if a := f.do("POST", "/timelines", tok, []byte("title=x"), "application/x-www-form-urlencoded"); a.status != 422 && a.status != 415 {
		t.Errorf("a form body: %d, want 415 or 422", a.status)
	}
	// A parameter out of its range, and a cursor that is not one.
	a = f.do("GET", "/timelines/strikes/entries?limit=501&after=abc", tok, nil)
	if got := a.fields(t); a.status != 422 || got["limit"] == "" {
		t.Errorf("limit 501: %d %v", a.status, got)
	}
	if a := f.do("GET", "/timelines/strikes/entries?after=abc", tok, nil); a.status != 422 || a.fields(t)["after"] == "" {
		t.Errorf("a bad cursor: %d %s", a.status, a.body)
	}
	// A parameter the request does not take (a typo) is refused by name.
	if a := f.do("GET", "/timelines/strikes/entries?limt=5", tok, nil); a.status != 422 || !strings.Contains(a.fields(t)["limt"], "not a parameter") {
		t.Errorf("a misspelt parameter: %d %s", a.status, a.body)
	}
	// An unknown route under the API answers in the API's terms.
	if a := f.do("GET", "/nothing-here", tok, nil); a.status != 404 || a.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("an unknown route: %d %q", a.status, a.header.Get("Content-Type"))
	}
}

// A list of 10,000 entries paged through to the end, at two page sizes:
// every entry once, in date order, nothing missed or repeated.
func TestPagingThroughTenThousandEntries(t *testing.T) {
	if raceDetector {
		t.Skip("10,000 entries once, in the plain pass")
	}
	f := newFixture(t)
	s := f.seed()
	ins := make([]claimline.EntryInput, 9999)
	for i := range ins {
		day := 1 + i%28
		ins[i] = claimline.EntryInput{Date: fmt.Sprintf("%d-%02d-%02d", 1990+i/336, 1+i/28%12, day), Kind: "report", Title: fmt.Sprintf("Entry %05d", i)}
	}
	if err := f.st.CreateEntries(as(s.editor), s.timeline.ID, ins); err != nil {
		t.Fatal(err)
	}
	tok := f.token(s.vw, claimline.ScopeTimelinesRead)
	for _, limit := range []int{500, 137} {
		seen := map[int64]bool{}
		last := ""
		after, pages := "", 0
		for {
			q := fmt.Sprintf("/timelines/strikes/entries?limit=%d", limit)
			if after != "" {
				q += "&after=" + after
			}
			var page api.EntryList
			a := f.do("GET", q, tok, nil)
			if a.status != 200 {
				t.Fatalf("page %d: %d %s", pages, a.status, a.body)
			}
			a.json(t, &page)
			pages++
			if len(page.Items) > limit {
				t.Fatalf("a page of %d items, limit %d", len(page.Items), limit)
			}
			for _, e := range page.Items {
				if seen[e.Id] {
					t.Fatalf("entry %d twice", e.Id)
				}
				seen[e.Id] = true
				if e.Date < last {
					t.Fatalf("entry %d (%s) after %s: not in date order", e.Id, e.Date, last)
				}
				last = e.Date
			}
			if page.Next == nil {
				break
			}
			after = *page.Next
		}
		if len(seen) != 10000 {
			t.Errorf("limit %d: %d entries in %d pages, want 10000", limit, len(seen), pages)
		}
	}
}

// A page's next keeps its place in the date order: when the entry the
// page ended on is deleted or moved before the next page is asked for,
// the next page still starts with the entry after that place, and skips
// nothing. A cursor of another timeline's list is refused.
func TestPagingKeepsItsPlaceWhenTheLastEntryChanges(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	ctx := as(s.editor)
	var ids []int64
	for i := range 6 {
		e, err := f.st.CreateEntry(ctx, s.timeline.ID, claimline.EntryInput{Date: fmt.Sprintf("2000-01-%02d", i+1), Kind: "report", Title: fmt.Sprintf("E%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	tok := f.token(s.editor, claimline.ScopeTimelinesRead)
	page := func(after string) api.EntryList {
		t.Helper()
		q := "/timelines/strikes/entries?limit=2"
		if after != "" {
			q += "&after=" + url.QueryEscape(after)
		}
		var l api.EntryList
		a := f.do("GET", q, tok, nil)
		if a.status != 200 {
			t.Fatalf("%s: %d %s", q, a.status, a.body)
		}
		a.json(t, &l)
		return l
	}
	first := page("")
	if len(first.Items) != 2 || first.Items[1].Id != ids[1] || first.Next == nil {
		t.Fatalf("first page: %+v", first)
	}
	if err := f.st.DeleteEntry(ctx, ids[1], 1); err != nil { // the entry the page ended on
		t.Fatal(err)
	}
	second := page(*first.Next)
	if len(second.Items) != 2 || second.Items[0].Id != ids[2] {
		t.Fatalf("after deleting the cursor's entry, the next page starts with %+v, want entry %d", second.Items, ids[2])
	}
	if _, err := f.st.UpdateEntry(ctx, ids[3], 1, claimline.EntryInput{Date: "1999-01-01", Kind: "report", Title: "E3"}); err != nil {
		t.Fatal(err)
	}
	if third := page(*second.Next); len(third.Items) == 0 || third.Items[0].Id != ids[4] {
		t.Fatalf("after moving the cursor's entry, the next page starts with %+v, want entry %d", third.Items, ids[4])
	}
	other, err := f.app.Timelines.Create(ctx, claimline.TimelineInput{Title: "Other", Slug: "other"})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		f.st.CreateEntry(ctx, other.ID, claimline.EntryInput{Date: "2001", Kind: "report", Title: "O"})
	}
	var o api.EntryList
	f.do("GET", "/timelines/other/entries?limit=1", tok, nil).json(t, &o)
	if a := f.do("GET", "/timelines/strikes/entries?after="+url.QueryEscape(*o.Next), tok, nil); a.status != 422 || !strings.Contains(a.fields(t)["after"], "another timeline") {
		t.Errorf("another timeline's cursor: %d %s", a.status, a.body)
	}
}

// PATCH needs the revision it read: a stale one is 409 with the entry as
// it is now, and changes nothing.
func TestPatchWithAStaleRevisionIsAConflict(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeTimelinesWrite)
	path := fmt.Sprintf("/entries/%d", s.entry.ID)
	a := f.do("PATCH", path, tok, map[string]any{"revision": s.entry.Revision, "title": "Putin warns NATO countries"})
	var e api.Entry
	a.json(t, &e)
	if a.status != 200 || e.Title != "Putin warns NATO countries" || e.Revision != s.entry.Revision+1 || e.Date != "2024-09-12" {
		t.Fatalf("patch: %d %s", a.status, a.body)
	}
	a = f.do("PATCH", path, tok, map[string]any{"revision": s.entry.Revision, "title": "A stale edit"})
	var c api.EntryConflict
	a.json(t, &c)
	if a.status != 409 || c.Current.Title != "Putin warns NATO countries" || c.Current.Revision != e.Revision {
		t.Errorf("stale patch: %d %s", a.status, a.body)
	}
	if got, _ := f.app.Timelines.Entry(context.Background(), s.entry.ID); got.Title != "Putin warns NATO countries" {
		t.Errorf("the stale patch saved: %q", got.Title)
	}
	a = f.do("PATCH", path, tok, map[string]any{"title": "No revision"})
	if a.status != 422 || a.fields(t)["revision"] == "" {
		t.Errorf("patch without a revision: %d %s", a.status, a.body)
	}
	// A patch that changes nothing (only the revision, or the same title)
	// makes no new revision and no line of history.
	history := func() int {
		h, err := f.app.History.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "entry", ObjectID: s.entry.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(h)
	}
	lines := history()
	for _, body := range []map[string]any{{"revision": e.Revision}, {"revision": e.Revision, "title": "Putin warns NATO countries"}} {
		var same api.Entry
		a = f.do("PATCH", path, tok, body)
		if a.json(t, &same); a.status != 200 || same.Revision != e.Revision {
			t.Errorf("%v: %d, revision %d, want %d", body, a.status, same.Revision, e.Revision)
		}
	}
	if n := history(); n != lines {
		t.Errorf("patches that changed nothing added %d lines of history", n-lines)
	}
}

// Errors speak the API's terms: a field by its name in the body
// (source_id, not the web form's source), a missing claim or source of
// the path as 404 before the body is judged, an empty new version as a
// field error, and a body of a type the request does not take as 415.
func TestErrorsSpeakTheAPIsTerms(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeTimelinesWrite, claimline.ScopeSourcesWrite, claimline.ScopeClaimsWrite)
	a := f.do("POST", fmt.Sprintf("/entries/%d/citations", s.entry.ID), tok, map[string]any{"source_id": 999, "quote": "war"})
	if fields := a.fields(t); a.status != 422 || fields["source_id"] == "" || fields["source"] != "" {
		t.Errorf("citation of an unknown source: %d %s", a.status, a.body)
	}
	notThere := map[string]any{"stance": "supports", "quote": "words that are in no source at all"}
	for path, want := range map[string]string{
		fmt.Sprintf("/claims/%d/stances/%d", 9999, s.source.ID): "Claim not found",
		fmt.Sprintf("/claims/%d/stances/%d", s.claim.ID, 9999):  "Source not found",
	} {
		if a = f.do("PUT", path, tok, notThere); a.status != 404 || !strings.Contains(string(a.body), want) {
			t.Errorf("PUT %s: %d %s, want 404 %s", path, a.status, a.body, want)
		}
	}
	a = f.do("POST", fmt.Sprintf("/sources/%d/versions", s.source.ID), tok, map[string]any{"text": "  "})
	if a.status != 422 || !strings.Contains(a.fields(t)["text"], "empty") {
		t.Errorf("an empty new version: %d %s", a.status, a.body)
	}
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", ""} {
		a = f.do("POST", "/timelines", tok, []byte(`{"title":"Rates"}`), ct)
		if a.status != 415 || !strings.Contains(string(a.body), "application/json") {
			t.Errorf("a JSON body sent as %q: %d %s", ct, a.status, a.body)
		}
	}
	if list, err := f.app.Timelines.List(context.Background()); err != nil || len(list) != 1 {
		t.Errorf("refused requests made timelines: %v %d", err, len(list))
	}
	if a = f.do("GET", "/timelines?limit=5&limit=6", tok, nil); a.status != 422 || !strings.Contains(a.fields(t)["limit"], "once") {
		t.Errorf("limit given twice: %d %s", a.status, a.body)
	}
	// A value that cannot be read at all is said what it must be, not
	// "This value is not valid here".
	if a = f.do("GET", "/timelines?limit=abc", tok, nil); a.status != 422 || !strings.Contains(a.fields(t)["limit"], "whole number") {
		t.Errorf("limit=abc: %d %s", a.status, a.body)
	}
	if a = f.do("GET", "/entries/abc", tok, nil); a.status != 422 || !strings.Contains(a.fields(t)["id"], "whole number") {
		t.Errorf("/entries/abc: %d %s", a.status, a.body)
	}
	if a = f.do("GET", "/timelines/strikes/export?format=pdf", tok, nil); a.status != 422 || !strings.Contains(a.fields(t)["format"], "Choose one of") {
		t.Errorf("format=pdf: %d %s", a.status, a.body)
	}
}

// A JSON export posted twice into a timeline adds its entries once: the
// second import finds them all there and leaves them as they are.
func TestJSONExportPostedTwiceIsImportedOnce(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeTimelinesWrite)
	if _, err := f.app.Timelines.CreateEntry(as(s.editor), s.timeline.ID, claimline.EntryInput{Date: "13 Sep 2024", Kind: "policy_move", Title: "Biden and Starmer meet"}); err != nil {
		t.Fatal(err)
	}
	export := f.do("GET", "/timelines/strikes/export?format=json", tok, nil)
	if export.status != 200 {
		t.Fatalf("export: %d %s", export.status, export.body)
	}
	var r api.ImportResult
	for i, want := range []api.ImportResult{{Created: 2}, {Created: 0, Unchanged: 2}} {
		a := f.do("POST", "/timelines/copy/import", tok, export.body, "application/json")
		if a.json(t, &r); a.status != 200 || r.Created != want.Created || r.Unchanged != want.Unchanged {
			t.Errorf("import %d: %d %s, want %d new and %d unchanged", i+1, a.status, a.body, want.Created, want.Unchanged)
		}
	}
	copied, err := f.app.Timelines.BySlug(context.Background(), "copy")
	if err != nil {
		t.Fatal(err)
	}
	page, err := f.app.Timelines.Entries(context.Background(), copied.ID, claimline.EntryFilter{})
	if err != nil || len(page.Entries) != 2 {
		t.Errorf("the copy has %d entries, want 2 (%v)", len(page.Entries), err)
	}
}

// Imports: a dry run says what would happen and saves nothing; the import
// itself creates the timeline when the slug is new; a file with a bad row
// names the row and column and saves nothing.
func TestImportThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeTimelinesWrite)
	csv := []byte("date,kind,title\n2024-09-12,statement,Putin warns NATO\n2024-09-13,policy_move,Biden and Starmer meet\n")
	a := f.do("POST", "/timelines/new-one/import?dry_run=true", tok, csv, "text/csv")
	var r api.ImportResult
	a.json(t, &r)
	if a.status != 200 || !r.DryRun || r.Created != 2 {
		t.Fatalf("dry run: %d %s", a.status, a.body)
	}
	if _, err := f.app.Timelines.BySlug(context.Background(), "new-one"); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("the dry run made the timeline: %v", err)
	}
	a = f.do("POST", "/timelines/new-one/import", tok, csv, "text/csv")
	a.json(t, &r)
	if a.status != 200 || r.DryRun || r.Created != 2 || r.Slug != "new-one" {
		t.Fatalf("import: %d %s", a.status, a.body)
	}
	bad := []byte("date,kind,title\n2024-09-12,statement,Fine\n2024-13-01,statement,Bad month\n")
	a = f.do("POST", "/timelines/strikes/import", tok, bad, "text/csv")
	if got := a.fields(t); a.status != 422 || !strings.Contains(fmt.Sprint(got), "row 3") {
		t.Errorf("a bad row: %d %s", a.status, a.body)
	}
	// A row of the wrong number of cells is named as the importer names it,
	// not refused whole as "not the contract".
	short := []byte("date,kind,title,actors\n2024-09-12,statement,Fine,\n2024-09-13,statement\n")
	a = f.do("POST", "/timelines/strikes/import", tok, short, "text/csv")
	if got := a.fields(t); a.status != 422 || !strings.Contains(fmt.Sprint(got), "row 3") {
		t.Errorf("a short row: %d %s", a.status, a.body)
	}
	if page, _ := f.app.Timelines.Entries(context.Background(), s.timeline.ID, claimline.EntryFilter{}); len(page.Entries) != 1 {
		t.Errorf("a refused import saved %d entries", len(page.Entries)-1)
	}
	// A semicolon file, as spreadsheets in many countries save it, with a
	// quoted cell holding the separator.
	semi := []byte("date;kind;title;actors\n2024-09-12;statement;Warning;\"Vladimir Putin; Kremlin\"\n")
	a = f.do("POST", "/timelines/semi/import", tok, semi, "text/csv")
	if a.json(t, &r); a.status != 200 || r.Created != 1 {
		t.Errorf("a semicolon file: %d %s", a.status, a.body)
	}
}

// Imports to one new address at once all land: the first makes the
// timeline, the others go into it, none is refused for the slug.
func TestConcurrentImportsToANewTimeline(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeTimelinesWrite)
	csv := []byte("date,kind,title\n2024-09-12,statement,Putin warns NATO\n")
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	for i := range statuses {
		wg.Go(func() { statuses[i] = f.do("POST", "/timelines/race/import", tok, csv, "text/csv").status })
	}
	wg.Wait()
	tl, err := f.app.Timelines.BySlug(context.Background(), "race")
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(statuses, func(s int) bool { return s != 200 }) || tl.EntryCount != len(statuses) {
		t.Errorf("statuses %v, %d entries; want all 200 and %d", statuses, tl.EntryCount, len(statuses))
	}
}

// Search returns only the kinds the token may read; with no read scope it
// is refused.
func TestSearchKeepsToTheTokensScopes(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	kinds := func(tok string) []string {
		a := f.do("GET", "/search?q=NATO", tok, nil)
		var r api.SearchResults
		a.json(t, &r)
		var out []string
		for _, g := range r.Groups {
			if g.Total > 0 {
				out = append(out, g.Kind)
			}
		}
		return out
	}
	all := kinds(f.token(s.vw, claimline.ScopeTimelinesRead, claimline.ScopeSourcesRead, claimline.ScopeClaimsRead))
	if fmt.Sprint(all) != "[entries claims sources]" {
		t.Fatalf("every read scope finds %v", all)
	}
	if got := kinds(f.token(s.vw, claimline.ScopeSourcesRead)); fmt.Sprint(got) != "[sources]" {
		t.Errorf("sources:read finds %v", got)
	}
	if got := kinds(f.token(s.editor, claimline.ScopeClaimsWrite)); fmt.Sprint(got) != "[claims]" {
		t.Errorf("claims:write finds %v", got)
	}
	if a := f.do("GET", "/search?q=NATO", f.token(s.admin, claimline.ScopeAdmin), nil); a.status != http.StatusForbidden {
		t.Errorf("admin scope alone: %d, want 403", a.status)
	}
}

// manyNames returns n different names.
func manyNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Actor %d", i)
	}
	return out
}
