package app_test

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/fetch"
)

// articleServer serves an HTML article at /story on a loopback address the
// test fetcher may reach; body holds the current version of its text.
func articleServer(t *testing.T, body *atomic.Value) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var paras strings.Builder
		for _, p := range strings.Split(body.Load().(string), "\n") {
			if strings.TrimSpace(p) != "" {
				paras.WriteString("<p>" + p + "</p>\n")
			}
		}
		w.Write([]byte("<html><head><title>Putin on long-range strikes</title></head><body><article><h1>Putin on long-range strikes</h1>\n" +
			paras.String() + "</article></body></html>"))
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRecheckServesVersion1ThenVersion2(t *testing.T) {
	f := fetch.NewAllowing("127.0.0.2/32")
	a, ctx := newApp(t, app.Config{Getter: f})
	var body atomic.Value
	body.Store(readFixture(t, "../internal/demo/articles/002_dfef56231284805c.txt"))
	base := articleServer(t, &body)

	page, err := f.Get(ctx, base+"/story")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base + "/story")
	src, _, err := a.Sources.AddDocument(ctx, claimline.Document{Name: "story.html", Data: page.Body, URL: u})
	if err != nil {
		t.Fatal(err)
	}
	q := "In October 2023, the US supplied Ukraine with Army Tactical Missile System (ATACMS) missiles"
	tl, err := a.Timelines.Create(ctx, claimline.TimelineInput{Slug: "t", Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.Timelines.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2023-10", Kind: "action", Title: "ATACMS"})
	if err != nil {
		t.Fatal(err)
	}
	cit, err := a.Claims.Cite(ctx, e.ID, src.ID, q)
	if err != nil {
		t.Fatal(err)
	}

	r, err := a.Sources.Recheck(ctx, src.ID)
	if err != nil || r.Outcome != "unchanged" || r.Version.Number != 1 {
		t.Fatalf("recheck of the same page: %+v %v", r, err)
	}

	body.Store(readFixture(t, "versions/002-v2-silent.txt"))
	r, err = a.Sources.Recheck(ctx, src.ID)
	if err != nil || r.Outcome != "changed" || r.Version.Number != 2 || r.Version.Kind != "silent" {
		t.Fatalf("recheck of the edited page: %+v %v", r, err)
	}
	if r.Version.OriginalType != "text/html" {
		t.Errorf("the page of version 2 is not kept: %q", r.Version.OriginalType)
	}
	cits, _, err := a.Sources.Uses(ctx, src.ID)
	if err != nil || len(cits) != 1 || cits[0].ID != cit.ID || cits[0].Check.State != claimline.QuoteRemoved {
		t.Fatalf("the citation after version 2: %+v %v", cits, err)
	}

	r, err = a.Sources.Recheck(ctx, src.ID)
	if err != nil || r.Outcome != "unchanged" || r.Version.Number != 2 {
		t.Errorf("recheck again: %+v %v", r, err)
	}
}

func TestRecheckFailuresSayWhy(t *testing.T) {
	var body atomic.Value
	body.Store("Some text of an article.")
	base := articleServer(t, &body)
	a, ctx := newApp(t, app.Config{Getter: fetch.NewAllowing("127.0.0.2/32")})
	gone, _, err := a.Sources.AddText(ctx, claimline.SourceInput{Title: "Gone", URL: base + "/missing", Text: "The page that was here."})
	if err != nil {
		t.Fatal(err)
	}
	pasted, _, err := a.Sources.AddText(ctx, claimline.SourceInput{Title: "Pasted", Text: "Pasted without an address."})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id     int64
		reason string
	}{{gone.ID, "404"}, {pasted.ID, "no web address"}} {
		r, err := a.Sources.Recheck(ctx, c.id)
		if err != nil || r.Outcome != "failed" || !strings.Contains(r.Reason, c.reason) {
			t.Errorf("source %d: %+v %v, want failed with %q", c.id, r, err, c.reason)
		}
	}
	if _, err := a.Sources.Recheck(ctx, 999); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("missing source: %v", err)
	}
	// The production fetcher, the default, refuses the loopback server.
	prod, ctx := newApp(t)
	loop, _, err := prod.Sources.AddText(ctx, claimline.SourceInput{Title: "Loopback", URL: base + "/story", Text: "The page that was here."})
	if err != nil {
		t.Fatal(err)
	}
	r, err := prod.Sources.Recheck(ctx, loop.ID)
	if err != nil || r.Outcome != "failed" || r.Reason == "" {
		t.Errorf("loopback with the default fetcher: %+v %v", r, err)
	}
}

func TestUpdateTextAndDocument(t *testing.T) {
	a, ctx := newApp(t)
	src, _, err := a.Sources.AddText(ctx, claimline.SourceInput{Title: "Note", Text: "The mayor said the bridge would reopen in May."})
	if err != nil {
		t.Fatal(err)
	}
	v, changed, err := a.Sources.UpdateText(ctx, src.ID, "The mayor said the bridge would reopen in June.\r\n\r\nUpdate: the date moved.")
	if err != nil || !changed || v.Kind != "correction" || v.Note != "Update: the date moved." {
		t.Fatalf("pasted version: %+v %v", v, err)
	}
	v, changed, err = a.Sources.UpdateDocument(ctx, src.ID, claimline.Document{Name: "v3.html",
		Data: []byte("<html><body><article><p>The mayor said the bridge would reopen in July.</p></article></body></html>")})
	if err != nil || !changed || v.Number != 3 || v.Kind != "silent" || v.OriginalType != "text/html" {
		t.Fatalf("uploaded version: %+v %v", v, err)
	}
	if _, _, err := a.Sources.UpdateDocument(ctx, src.ID, claimline.Document{Name: "x.pdf", Data: []byte("%PDF")}); claimline.ErrorCode(err) != claimline.EINVALID {
		t.Errorf("a PDF: %v", err)
	}
}

// A clipped Markdown file names the address it was saved from. Clipped
// again later, with another text, it is not folded into the first source
// without a word: nothing is saved and the error names the source, whose
// new version it can become.
func TestClipOfAKnownAddressWithAnotherText(t *testing.T) {
	a, ctx := newApp(t)
	clip := func(body string) []byte {
		return []byte("---\ntitle: Live: the AI Act vote\nsource: https://news.example/live/ai-act\n---\n" + body + "\n")
	}
	first, existed, err := a.Sources.AddDocument(ctx, claimline.Document{Name: "live-1.md", Data: clip("The vote is under way in Strasbourg.")})
	if err != nil || existed {
		t.Fatalf("first clip: %v %v", existed, err)
	}
	if _, existed, err := a.Sources.AddDocument(ctx, claimline.Document{Name: "live-1.md", Data: clip("The vote is under way in Strasbourg.")}); err != nil || !existed {
		t.Errorf("the same clip again: existed %v, %v", existed, err)
	}
	src, _, err := a.Sources.AddDocument(ctx, claimline.Document{Name: "live-2.md", Data: clip("Parliament adopted the act by 523 votes to 46.")})
	if claimline.ErrorCode(err) != claimline.ECONFLICT || !errors.Is(err, claimline.ErrOtherText) || src == nil || src.ID != first.ID {
		t.Errorf("a later clip of the page: %v (source %v)", err, src)
	}
	if srcs, _ := a.Sources.List(ctx); len(srcs) != 1 {
		t.Errorf("%d sources, want 1", len(srcs))
	}
}
