package server_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/fetch"
	"claimline/views"
)

const changedWarning = "⚠ passage changed in a later version of this source"

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// demoSource returns the id of the demo source whose title contains part.
func demoSource(t *testing.T, h *harness, part string) int64 {
	t.Helper()
	srcs, _ := h.st.Sources(context.Background())
	for _, s := range srcs {
		if strings.Contains(s.Title, part) {
			return s.ID
		}
	}
	t.Fatalf("no source %q", part)
	return 0
}

// A silent edit that removes the only quote supporting a claim: the new
// version is named as such, and every page showing that evidence warns,
// linking to the place in the diff.
func TestSilentEditIsFlaggedWhereverTheEvidenceShows(t *testing.T) {
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.app); err != nil {
		t.Fatal(err)
	}
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	cnn := demoSource(t, h, "NATO would be at war with Russia")
	path := "/sources/" + views.ID(cnn)

	r := c.get(path)
	wantStatus(t, r, http.StatusOK)
	if list := r.doc(t).Find("#versions li").Text(); !strings.Contains(list, "Version 1") || !strings.Contains(list, "(current)") {
		t.Errorf("versions list: %q", list)
	}
	if strings.Contains(r.body, changedWarning) {
		t.Fatal("a warning before any change")
	}

	// Paste version 2: one quoted sentence removed, no note.
	r = c.multipart(path+"/versions", "file", nil, map[string]string{"text": readTestdata(t, "versions/002-v2-silent.txt")})
	wantStatus(t, r, http.StatusSeeOther)
	r = c.get(path)
	d := r.doc(t)
	if got := d.Find("#versions li").First().Text(); !strings.Contains(got, "Version 2") || !strings.Contains(got, "changed without a correction note") {
		t.Errorf("version 2 in the list: %q", got)
	}
	if !strings.Contains(d.Find("aside.uses").Text(), changedWarning) {
		t.Error("the reader's list of uses has no warning")
	}

	// The claim resting only on the removed sentence.
	claimID := int64(0)
	_, as, _ := h.st.SourceUses(context.Background(), cnn)
	var removed claimline.Assessment
	for _, a := range as {
		if a.Check.Affected() {
			claimID, removed = a.ClaimID, a
		}
	}
	if claimID == 0 {
		t.Fatal("no assessment marked")
	}
	r = c.get("/claims/" + views.ID(claimID))
	d = r.doc(t)
	warn := d.Find("table.evidence a.warn")
	href, _ := warn.Attr("href")
	if !strings.HasPrefix(warn.Text(), changedWarning+" (1 Mar 2026)") || !strings.Contains(href, "/sources/"+views.ID(cnn)+"/diff?") ||
		!strings.Contains(href, "from=1") || !strings.Contains(href, "to=2") || !strings.HasSuffix(href, "#change") {
		t.Errorf("claim page warning %q → %q", warn.Text(), href)
	}
	if !strings.Contains(d.Find("h1 + p").Text(), "its only support was removed from the source") {
		t.Errorf("status line: %q", d.Find("h1 + p").Text())
	}

	// The link lands on the deleted sentence in the diff.
	r = c.get(href)
	wantStatus(t, r, http.StatusOK)
	d = r.doc(t)
	if got := d.Find("#change").Text(); !strings.Contains(got, "In October 2023, the US supplied Ukraine") || !strings.HasPrefix(got, "[-") {
		t.Errorf("#change is %q", got)
	}
	if d.Find(".diff del").Length() != 1 || d.Find(".diff ins").Length() != 0 {
		t.Errorf("diff: %q deletions, %q insertions", d.Find(".diff del").Text(), d.Find(".diff ins").Text())
	}

	// Entry page, matrix cell and timeline.
	cl, _ := h.st.Claim(context.Background(), claimID)
	for _, page := range []struct{ path, sel string }{
		{"/entries/" + views.ID(cl.EntryID), "#claims"},
		{"/timelines/" + demo.Slug + "/matrix", "table.matrix td"},
		{"/timelines/" + demo.Slug, "#entry-" + views.ID(cl.EntryID)},
		{"/timelines/" + demo.Slug, "#evidence-changes"},
	} {
		r := c.get(page.path)
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.doc(t).Find(page.sel).Text(), changedWarning) {
			t.Errorf("%s %s: no warning", page.path, page.sel)
		}
	}
	if got := c.get("/timelines/" + demo.Slug).doc(t).Find("#evidence-changes li").Text(); !strings.Contains(got, removed.Quote) {
		t.Errorf("evidence changes: %q", got)
	}

	// A correction note added is named, with the note.
	r = c.multipart(path+"/versions", "file", map[string][]byte{"v3.txt": []byte(readTestdata(t, "versions/002-v3-correction.txt"))}, nil)
	wantStatus(t, r, http.StatusSeeOther)
	got := c.get(path).doc(t).Find("#versions li").First().Text()
	if !strings.Contains(got, "correction note added") || !strings.Contains(got, "Correction: An earlier version of this article") {
		t.Errorf("version 3: %q", got)
	}
	// Every version stays readable.
	r = c.get(path + "/versions/1")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "In October 2023, the US supplied Ukraine") {
		t.Error("version 1 is not readable")
	}
}

func TestNewVersionFormRefusesBadInput(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ed"})
	a, _, _ := h.st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "A", Text: "Text of A, as it was."}})
	b, _, _ := h.st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "B", Text: "Text of B."}})
	path := "/sources/" + views.ID(a.ID) + "/versions"
	r := c.multipart(path, "file", nil, map[string]string{"text": "  "})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "Paste the new text or choose a file.") {
		t.Error("no message for an empty form")
	}
	r = c.multipart(path, "file", nil, map[string]string{"text": b.Text})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if d := r.doc(t); !strings.Contains(d.Find("#versions").Text(), "already in the library as source "+views.ID(b.ID)) ||
		d.Find("#new-text").Text() != b.Text {
		t.Errorf("another source's text: %s", d.Find("#versions").Text())
	}
	r = c.multipart(path, "file", map[string][]byte{"scan.pdf": []byte("%PDF-1.7")}, nil)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if vs, _ := h.st.Versions(context.Background(), a.ID); len(vs) != 1 {
		t.Errorf("%d versions after refused input", len(vs))
	}
	// The same text again is no new version.
	r = c.multipart(path, "file", nil, map[string]string{"text": a.Text})
	wantStatus(t, r, http.StatusSeeOther)
	if vs, _ := h.st.Versions(context.Background(), a.ID); len(vs) != 1 {
		t.Errorf("%d versions after the same text", len(vs))
	}
}

// "Check for changes" against a local server serving version 1, then 2.
func TestCheckForChanges(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	var body atomic.Value
	body.Store("The council voted 5-4 on Monday to close the bridge for repairs.\n")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(body.Load().(string)))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	h := harnessAt(t, filepath.Join(t.TempDir(), "test.db"), app.Config{Getter: fetch.NewAllowing("127.0.0.2/32")})
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	r := c.post("/sources/fetch", form("url", "http://"+ln.Addr().String()+"/bridge"))
	wantStatus(t, r, http.StatusSeeOther)
	path := r.Header.Get("Location")

	r = c.get(path)
	if r.doc(t).Find(`#versions form[action$="/recheck"] button`).Text() != "Check for changes" {
		t.Fatal("no Check for changes button on a fetched source")
	}
	r = c.post(path+"/recheck", nil)
	wantStatus(t, r, http.StatusSeeOther)
	if got := c.get(path).doc(t).Find(".flash").Text(); !strings.Contains(got, "No change") {
		t.Errorf("flash after an unchanged recheck: %q", got)
	}
	body.Store("The council voted 6-3 on Monday to close the bridge for repairs.\n")
	c.post(path+"/recheck", nil)
	d := c.get(path).doc(t)
	if got := d.Find(".flash").Text(); !strings.Contains(got, "saved as version 2 (changed without a correction note)") {
		t.Errorf("flash after a changed recheck: %q", got)
	}
	if !strings.Contains(d.Find("article.reader").Text(), "6-3") {
		t.Error("the reader does not show version 2")
	}
	r = c.get(path + "/diff")
	if d := r.doc(t); d.Find(".diff del").Text() != "[-5-4-]" || d.Find(".diff ins").Text() != "{+6-3+}" {
		t.Errorf("diff: del %q ins %q", d.Find("del").Text(), d.Find("ins").Text())
	}
	// A viewer may read versions but not check for changes.
	v := h.signedIn(h.user("vi", claimline.RoleViewer))
	if r := v.post(path+"/recheck", nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer recheck: %d", r.StatusCode)
	}
}

func TestCopiesShownInReaderAndLibrary(t *testing.T) {
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.app); err != nil {
		t.Fatal(err)
	}
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	orig := demoSource(t, h, "war with the US and NATO")
	r := c.post("/sources", form("title", "Putin threatens the West over missiles", "text", readTestdata(t, "copies/001-rewritten-lead.txt")))
	wantStatus(t, r, http.StatusSeeOther)
	cp := r.Header.Get("Location")
	notice := c.get(cp).doc(t).Find(".copy-notice")
	if !strings.Contains(notice.Text(), "shares") || !strings.Contains(notice.Text(), "% of its text with") {
		t.Fatalf("reader notice: %q", notice.Text())
	}
	side, _ := notice.Find("a").Last().Attr("href")
	if r := c.get(side); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Side by side") {
		t.Errorf("side by side: %d", r.StatusCode)
	}
	if got := c.get("/sources/" + views.ID(orig)).doc(t).Find(".copy-notice").Text(); !strings.Contains(got, "Putin threatens the West") {
		t.Errorf("the original's reader: %q", got)
	}
	if n := c.get("/sources").doc(t).Find(".copy-notice").Length(); n != 2 {
		t.Errorf("library shows %d copy notices, want 2", n)
	}
	r = c.post("/sources", form("title", "Analysts", "text", readTestdata(t, "copies/000-quoted.txt")))
	if got := c.get(r.Header.Get("Location")).doc(t).Find(".copy-notice").Length(); got != 0 {
		t.Error("the quoting article is flagged as a copy")
	}
}
