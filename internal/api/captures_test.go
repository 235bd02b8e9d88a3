package api_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimline/internal/api"
	"claimline/internal/claimline"
)

// article is a seed article as a news site would serve it, after its
// scripts ran: navigation, a script, a style, the story in paragraphs with
// some inline markup, and a footer.
func article(t testing.TB, prefix, headline string, edit func(paragraphs []string) []string) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join("..", "demo", "articles", prefix+"*.txt"))
	if len(matches) != 1 {
		t.Fatalf("seed %s: %v", prefix, matches)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, p := range strings.Split(string(b), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, html.EscapeString(p))
		}
	}
	if edit != nil {
		paras = edit(paras)
	}
	return `<!doctype html><html><head><title>` + headline + ` | The Daily Wire Service</title>
<style>body { font-family: serif }</style>
<script>window.tracker = "captured-script-marker";</script>
<meta property="og:site_name" content="The Daily Wire Service">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>` + headline + `</h1><p class="byline">By Staff Reporter</p>
<p>` + strings.Join(paras, "</p>\n<p>") + `</p></article>
<footer>© The Daily Wire Service. All rights reserved.</footer></body></html>`
}

// captured is the API's answer to a capture, read.
type captured struct {
	SourceID   int64 `json:"source_id"`
	Version    int   `json:"version"`
	Created    bool  `json:"created"`
	ClippingID int64 `json:"clipping_id"`
	Quote      *struct {
		Anchored   bool   `json:"anchored"`
		Exact      string `json:"exact"`
		Start, End int
		Reason     string `json:"reason"`
	} `json:"quote"`
	Links map[string]string `json:"links"`
}

func (f *fixture) capture(token string, body map[string]any) (answer, captured) {
	f.t.Helper()
	a := f.do("POST", "/captures", token, body)
	var c captured
	if a.status == http.StatusOK || a.status == http.StatusCreated {
		a.json(f.t, &c)
	}
	return a, c
}

func (f *fixture) tray(token string) []api.Clipping {
	f.t.Helper()
	a := f.do("GET", "/clippings", token, nil)
	if a.status != http.StatusOK {
		f.t.Fatalf("tray: %d %s", a.status, a.body)
	}
	var l api.ClippingList
	a.json(f.t, &l)
	return l.Items
}

// A page captured with a selection: the source, its version, the passage
// anchored in the stored text, the tray; then the same page again, the
// page changed, and a selection that is not in the article.
func TestCapture(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeSourcesWrite)
	page := article(t, "002", "Putin says long-range strikes would mean war", nil)
	const pageURL = "https://news.example/world/putin-warning?utm_source=feed"
	// As the browser reports a selection across two paragraphs: the line
	// break between them, and the context on either side.
	sel := map[string]any{"type": "TextQuoteSelector",
		"exact":  "began over two years ago.\n\n“This will mean that NATO countries – the United States",
		"prefix": "since Russia’s invasion ", "suffix": " and European countries"}
	a, c := f.capture(tok, map[string]any{"url": pageURL, "canonical_url": "https://news.example/world/putin-warning", "title": "ignored", "html": page, "selection": sel})
	if a.status != http.StatusCreated || !c.Created || c.Version != 1 {
		t.Fatalf("first capture: %d %s", a.status, a.body)
	}
	src, err := f.app.Sources.Get(as(s.editor), c.SourceID)
	if err != nil {
		t.Fatal(err)
	}
	if src.URL != "https://news.example/world/putin-warning" || src.Title != "Putin says long-range strikes would mean war" || src.Outlet != "The Daily Wire Service" {
		t.Errorf("source kept as %q at %q from %q", src.Title, src.URL, src.Outlet)
	}
	for _, leak := range []string{"captured-script-marker", "font-family", "Subscribe", "All rights reserved"} {
		if strings.Contains(src.Text, leak) {
			t.Errorf("the stored text holds %q, which is not the article's", leak)
		}
	}
	if c.Quote == nil || !c.Quote.Anchored {
		t.Fatalf("the selection was not anchored: %s", a.body)
	}
	if got := src.Text[c.Quote.Start:c.Quote.End]; got != c.Quote.Exact || !strings.HasPrefix(got, "began over two years ago.") || !strings.HasSuffix(got, "the United States") {
		t.Errorf("anchored %q, exact %q", got, c.Quote.Exact)
	}
	wantReader := fmt.Sprintf("%s/sources/%d?hl=%d-%d#hl", f.ts.URL, c.SourceID, c.Quote.Start, c.Quote.End)
	if c.Links["reader"] != wantReader || !strings.HasPrefix(c.Links["new_entry"], fmt.Sprintf("%s/sources/%d/new-entry?passage=", f.ts.URL, c.SourceID)) {
		t.Errorf("links %v, want the reader at %s", c.Links, wantReader)
	}
	tray := f.tray(tok)
	if len(tray) != 1 || tray[0].Id != c.ClippingID || tray[0].Quote != c.Quote.Exact || tray[0].SourceId != c.SourceID {
		t.Fatalf("tray %+v, want the anchored passage as clipping %d", tray, c.ClippingID)
	}
	changes, _ := f.app.History.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "source", ObjectID: c.SourceID})
	if len(changes) != 1 || changes[0].Username != "ed" || changes[0].Via == "" {
		t.Errorf("history of the capture: %+v", changes)
	}

	// The same page again, the same passage: nothing new anywhere.
	a, again := f.capture(tok, map[string]any{"url": pageURL, "html": page, "selection": sel})
	if a.status != http.StatusOK || again.Created || again.SourceID != c.SourceID || again.Version != 1 || again.ClippingID != c.ClippingID {
		t.Errorf("the same capture again: %d %s", a.status, a.body)
	}
	if n := len(f.tray(tok)); n != 1 {
		t.Errorf("the tray holds %d after the same capture twice", n)
	}

	// The page changed: a new version of the same source.
	changed := article(t, "002", "Putin says long-range strikes would mean war", func(p []string) []string {
		return append(p, "Update: the Kremlin repeated the warning on Friday.")
	})
	a, v2 := f.capture(tok, map[string]any{"url": "https://news.example/world/putin-warning", "html": changed,
		"selection": []map[string]any{{"type": "TextQuoteSelector", "exact": "repeated the warning on Friday"}, {"type": "TextPositionSelector", "start": 10, "end": 40}}})
	if a.status != http.StatusCreated || !v2.Created || v2.SourceID != c.SourceID || v2.Version != 2 || v2.Quote == nil || !v2.Quote.Anchored {
		t.Errorf("the changed page: %d %s", a.status, a.body)
	}
	if vs, _ := f.app.Sources.Versions(as(s.editor), c.SourceID); len(vs) != 2 {
		t.Errorf("%d versions after the page changed", len(vs))
	}

	// A selection outside the article (the navigation): the source is
	// kept, the answer says why the passage was not.
	a, nav := f.capture(tok, map[string]any{"url": "https://news.example/other", "html": article(t, "003", "Another story", nil),
		"selection": map[string]any{"exact": "Home World Subscribe"}})
	if a.status != http.StatusCreated || nav.Quote == nil || nav.Quote.Anchored || !strings.Contains(nav.Quote.Reason, "not in the text") || nav.ClippingID != 0 {
		t.Errorf("a selection outside the article: %d %s", a.status, a.body)
	}
	if _, ok := nav.Links["new_entry"]; ok {
		t.Error("a new entry is offered from a passage that is not in the source")
	}
	if n := len(f.tray(tok)); n != 2 {
		t.Errorf("the tray holds %d, want the two anchored passages", n)
	}
}

// Every refusal of a capture says why, and keeps nothing.
func TestCaptureRefusals(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeSourcesWrite)
	before, _ := f.app.Sources.List(context.Background())
	huge := "<html><body><article><p>" + strings.Repeat("A long paragraph of words. ", claimline.MaxCapture/27+10) + "</p></article></body></html>"
	tests := []struct {
		name   string
		body   any
		status int
		field  string // the field named, for 422
		detail string // in the detail, for others
	}{
		{"over 10 MiB", map[string]any{"url": "https://news.example/a", "html": huge}, 413, "", "10 MiB"},
		{"no readable text", map[string]any{"url": "https://news.example/b", "html": "<html><body><script>var x = 1;</script></body></html>"}, 422, "html", ""},
		{"not a web address", map[string]any{"url": "file:///etc/passwd", "html": article(t, "000", "A", nil)}, 422, "url", ""},
		{"no html", map[string]any{"url": "https://news.example/c"}, 422, "html", ""},
		{"a field the contract does not name", map[string]any{"url": "https://news.example/d", "html": "<p>x</p>", "cookies": "x"}, 422, "cookies", ""},
		{"a selector field the contract does not name", map[string]any{"url": "https://news.example/e", "html": "<p>x</p>", "selection": map[string]any{"exact": "x", "refinedBy": "y"}}, 422, "selection", ""},
		{"a selection without its text", map[string]any{"url": "https://news.example/f", "html": article(t, "000", "A", nil), "selection": map[string]any{"type": "TextPositionSelector", "start": 1, "end": 5}}, 422, "selection", ""},
	}
	for _, tt := range tests {
		if raceDetector && tt.status == http.StatusRequestEntityTooLarge {
			continue // 10 MiB through the validator: once, in the plain pass
		}
		a := f.do("POST", "/captures", tok, tt.body)
		if a.status != tt.status {
			t.Errorf("%s: %d, want %d\n%.300s", tt.name, a.status, tt.status, a.body)
			continue
		}
		if tt.field != "" {
			if fields := a.fields(t); fields[tt.field] == "" {
				t.Errorf("%s: the field %q is not named: %s", tt.name, tt.field, a.body)
			}
		}
		var p api.Problem
		a.json(t, &p)
		if p.Detail == nil || !strings.Contains(*p.Detail, tt.detail) {
			t.Errorf("%s: detail %v, want it to say %q", tt.name, p.Detail, tt.detail)
		}
	}
	after, _ := f.app.Sources.List(context.Background())
	if len(after) != len(before) {
		t.Errorf("refused captures kept %d sources", len(after)-len(before))
	}
	// Only a token opens the door: a session cookie is not one.
	req, _ := http.NewRequest("POST", f.ts.URL+api.BasePath+"/captures", strings.NewReader(`{"url":"https://news.example/g","html":"<p>x</p>"}`))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "claimline_session", Value: "anything"})
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a capture with a cookie and no token: %d, want 401", resp.StatusCode)
	}
	// A token that reads sources cannot capture.
	if a := f.do("POST", "/captures", f.token(s.editor, claimline.ScopeSourcesRead), map[string]any{"url": "https://news.example/h", "html": "<p>x</p>"}); a.status != http.StatusForbidden {
		t.Errorf("a capture with sources:read: %d, want 403", a.status)
	}
}

// The tray is the user's, wherever they are: two tokens of one user (a
// laptop's extension and a script) see one tray; another user's is apart.
func TestTrayFollowsTheUser(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	laptop, phone := f.token(s.editor, claimline.ScopeSourcesWrite), f.token(s.editor, claimline.ScopeSourcesRead)
	other := f.token(f.user("olga", claimline.RoleEditor), claimline.ScopeSourcesWrite)

	a := f.do("POST", "/clippings", laptop, map[string]any{"source_id": s.source.ID, "quote": "NATO countries would be at war"})
	var clip api.Clipping
	a.json(t, &clip)
	if a.status != http.StatusCreated || clip.Quote != "NATO countries would be at war" || clip.SourceTitle == "" {
		t.Fatalf("clip: %d %s", a.status, a.body)
	}
	// Typed differently, the same passage: kept once, as the source has it.
	if a := f.do("POST", "/clippings", laptop, map[string]any{"source_id": s.source.ID, "quote": "NATO  countries\nwould be at war"}); a.status != http.StatusOK {
		t.Errorf("the same passage again: %d %s", a.status, a.body)
	}
	if got := f.tray(phone); len(got) != 1 || got[0].Id != clip.Id {
		t.Errorf("the user's other token sees %+v", got)
	}
	if got := f.tray(other); len(got) != 0 {
		t.Errorf("another user sees %+v", got)
	}
	if a := f.do("DELETE", fmt.Sprintf("/clippings/%d", clip.Id), other, nil); a.status != http.StatusNotFound {
		t.Errorf("another user removes the clipping: %d", a.status)
	}
	// Bad clippings are named by field.
	for body, field := range map[string]string{
		fmt.Sprintf(`{"source_id": %d, "quote": "NATO declared war"}`, s.source.ID): "quote",
		`{"source_id": 999999, "quote": "NATO"}`:                                    "source_id",
		fmt.Sprintf(`{"source_id": %d, "quote": "  "}`, s.source.ID):                "quote",
	} {
		if a := f.do("POST", "/clippings", laptop, body); a.status != http.StatusUnprocessableEntity || a.fields(t)[field] == "" {
			t.Errorf("%s: %d %s, want 422 on %s", body, a.status, a.body, field)
		}
	}
	if a := f.do("DELETE", fmt.Sprintf("/clippings/%d", clip.Id), laptop, nil); a.status != http.StatusNoContent {
		t.Errorf("remove: %d", a.status)
	}
	if got := f.tray(phone); len(got) != 0 {
		t.Errorf("after removing, the tray holds %+v", got)
	}
}
