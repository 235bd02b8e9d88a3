package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

// uploadSeeds uploads the five seed articles in one request and returns the
// new sources' ids by file-name prefix ("000"…"004").
func uploadSeeds(t *testing.T, c *client) map[string]string {
	t.Helper()
	r := c.upload("/sources/upload", seedFiles(t))
	wantStatus(t, r, http.StatusOK)
	ids := map[string]string{}
	r.doc(t).Find("tbody tr").Each(func(_ int, row *goquery.Selection) {
		name := row.Find("td").First().Text()
		if !strings.Contains(row.Text(), "Added as") {
			t.Errorf("%s: %s", name, strings.TrimSpace(row.Find("td").Last().Text()))
		}
		href, _ := row.Find("a").Attr("href")
		ids[name[:3]] = strings.TrimPrefix(href, "/sources/")
	})
	if len(ids) != 5 {
		t.Fatalf("uploaded %d sources, want 5", len(ids))
	}
	return ids
}

func TestUploadSeedArticles(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	ids := uploadSeeds(t, c)

	// Titles come from the first line; the text is stored as captured.
	r := c.get("/sources/" + ids["001"])
	wantStatus(t, r, http.StatusOK)
	d := r.doc(t)
	if got := d.Find("h1").Text(); got != "Putin Warns of War with U.S., NATO if Ukraine Gains Long-Range Missiles" {
		t.Errorf("title %q", got)
	}
	if !strings.Contains(d.Find("article.reader").Text(), "This will mean that NATO countries, the U.S., and European countries are at war with Russia") {
		t.Error("the reader does not show the text")
	}
	// Uploading again adds nothing; a binary file is refused by name, the rest still go in.
	files := seedFiles(t)
	files["photo.txt"] = []byte("\x89PNG\r\n\x1a\n\x00\x00")
	files["notes.pdf"] = []byte("%PDF-1.7")
	r = c.upload("/sources/upload", files)
	wantStatus(t, r, http.StatusOK)
	text := r.doc(t).Find("tbody").Text()
	if strings.Count(text, "Already in the library") != 5 || !strings.Contains(text, "photo.txt is not a UTF-8 text file") ||
		!strings.Contains(text, "only .txt, .md and .html") {
		t.Errorf("second upload:\n%s", text)
	}
	srcs, _ := h.st.Sources(context.Background())
	if len(srcs) != 5 {
		t.Errorf("library has %d sources, want 5", len(srcs))
	}
	// An HTML upload keeps its original, downloadable but never rendered.
	r = c.upload("/sources/upload", map[string][]byte{"page.html": []byte(`<html><head><title>Starmer replies</title></head><body><article>
		<p>Starmer said on his flight to Washington that Russia started this conflict and could end it straight away, and that Ukraine had the right to self-defence.</p>
		<p>He spoke before meeting President Biden at the White House to discuss the restrictions on long-range missiles such as Storm Shadow.</p>
		<script>alert(1)</script></article></body></html>`)})
	wantStatus(t, r, http.StatusOK)
	href, _ := r.doc(t).Find("tbody a").Attr("href")
	page := c.get(href)
	if strings.Contains(page.body, "alert(1)") || !strings.Contains(page.body, "Russia started this conflict") {
		t.Error("HTML was not reduced to its readable text")
	}
	orig := c.get(href + "/original")
	wantStatus(t, orig, http.StatusOK)
	if ct := orig.Header.Get("Content-Type"); ct != "application/octet-stream" || !strings.HasPrefix(orig.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("original served as %q, %q", ct, orig.Header.Get("Content-Disposition"))
	}
}

func TestPasteSourceValidatesAndDeduplicates(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	r := c.post("/sources", form("title", "Analysis", "url", "ftp://x", "published", "31 Sep 2024", "text", "Some text\r\nsecond line"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d := r.doc(t)
	if d.Find("#err-url").Length() != 1 || !strings.Contains(d.Find("#err-published").Text(), "September 2024 has only 30 days") {
		t.Error("url and published errors not shown")
	}
	if d.Find("#text").Text() != "Some text\r\nsecond line" && d.Find("#text").Text() != "Some text\nsecond line" {
		t.Errorf("pasted text lost: %q", d.Find("#text").Text())
	}
	r = c.post("/sources", form("title", "Analysis", "url", "https://example.com/a", "published", "Sep 2024", "grade", "B", "text", "Some text\r\nsecond line"))
	wantStatus(t, r, http.StatusSeeOther)
	first := r.Header.Get("Location")
	r = c.post("/sources", form("title", "Again", "text", "Some text\nsecond line"))
	if r.Header.Get("Location") != first {
		t.Errorf("the same text (CRLF vs LF) made a second source: %s vs %s", r.Header.Get("Location"), first)
	}
	if !strings.Contains(c.get(first).doc(t).Find(".flash").Text(), "already in the library") {
		t.Error("no word that the source existed")
	}
}

// TestPasteUnderAnAddressWithAnotherText: pasting a different text under
// an address the library holds saves nothing, says so, keeps the text, and
// offers it as the source's new version, which one click saves.
func TestPasteUnderAnAddressWithAnotherText(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	first := "Norges Bank raised its policy rate by 0.25 percentage point to 3.25 percent."
	r := c.post("/sources", form("title", "Rate decision", "url", "https://example.com/rates", "text", first))
	wantStatus(t, r, http.StatusSeeOther)
	srcPath := r.Header.Get("Location")
	updated := first + "\n\nThe committee said the rate would most likely be raised further in June."
	r = c.post("/sources", form("title", "Rate decision, updated", "url", "https://example.com/rates", "text", updated))
	wantStatus(t, r, http.StatusConflict)
	d := r.doc(t)
	if got := d.Find("#paste .form-error").Text(); !strings.Contains(got, "already in the library") || !strings.Contains(got, "Nothing was saved") {
		t.Errorf("no word that the address is taken with another text: %q", got)
	}
	if d.Find("#text").Text() != updated || d.Find("#title").AttrOr("value", "") != "Rate decision, updated" {
		t.Errorf("the pasted form did not come back filled in: %q", d.Find("#text").Text())
	}
	if !strings.Contains(d.Find("#err-url").Text(), "another text") {
		t.Errorf("the address field is not marked: %q", d.Find("#err-url").Text())
	}
	save := d.Find(`#paste form[action="` + srcPath + `/versions"]`)
	if save.Length() != 1 || save.Find(`input[name="text"]`).AttrOr("value", "") != updated {
		t.Fatal("no one-click way to keep the text as the source's new version")
	}
	if got := c.get(srcPath).doc(t).Find("#reader").Text(); strings.Contains(got, "raised further in June") {
		t.Fatal("the new text was saved before it was asked for")
	}
	r = c.post(srcPath+"/versions", form("text", updated))
	wantStatus(t, r, http.StatusSeeOther)
	if got := c.get(srcPath).doc(t).Find("#reader").Text(); !strings.Contains(got, "raised further in June") {
		t.Errorf("the new version is not the source's text: %q", got)
	}
}

func TestClaimsAssessmentsAndStatus(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	ids := uploadSeeds(t, c)
	wantStatus(t, c.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	wantStatus(t, c.post("/timelines/t/entries", form("date", "2024-09-12", "kind", "statement", "title", "Putin warns")), http.StatusSeeOther)
	entry := "/entries/1"

	r := c.post(entry+"/claims", form("text", "", "claimant", "Vladimir Putin"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if r.doc(t).Find("#claimant").AttrOr("value", "") != "Vladimir Putin" || r.doc(t).Find("#claim-form").Length() != 1 {
		t.Error("the claim form did not come back filled in")
	}
	claimURL := func(text string) string {
		r := c.post(entry+"/claims", form("text", text, "claimant", "Vladimir Putin"))
		wantStatus(t, r, http.StatusSeeOther)
		return strings.TrimSuffix(r.Header.Get("Location"), "#assess")
	}
	atWar := claimURL("Putin said NATO countries would be at war with Russia")
	reporters := claimURL("Putin made the remarks to reporters")
	claimURL("Biden and Starmer lifted the restrictions")

	// Typed with straight quotes and hyphens; the article has curly quotes and en dashes.
	wantStatus(t, c.post(atWar+"/assessments", form("source", ids["002"], "stance", "supports",
		"quote", `"This will mean that NATO countries - the United States and European countries - are at war with Russia,"`)), http.StatusSeeOther)
	// Not in the source: refused, typed text kept, closest passage offered, nothing saved.
	typed := "officials signal a change in policy, letting Kyiv strike deep into Russian territory"
	r = c.post(reporters+"/assessments", form("source", ids["004"], "stance", "disputes", "quote", typed))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d := r.doc(t)
	if d.Find("#quote").Text() != typed || !strings.Contains(d.Find(".suggestion blockquote").Text(), "allowing Kyiv to strike deep into Russian territory") {
		t.Errorf("refusal page: quote %q, suggestion %q", d.Find("#quote").Text(), d.Find(".suggestion").Text())
	}
	wantStatus(t, c.post(reporters+"/assessments", form("source", ids["002"], "stance", "supports", "quote", "Putin emphasized to reporters on Thursday")), http.StatusSeeOther)
	wantStatus(t, c.post(reporters+"/assessments", form("source", ids["003"], "stance", "disputes", "quote", "In his latest address on state-run television")), http.StatusSeeOther)

	// The timeline shows every status with its counts, and filters by it.
	chips := c.get("/timelines/t").doc(t).Find(".claim-chips .status").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	want := []string{"supported by 1 source", "disputed: 1 source supports, 1 disputes", "unverified: no source yet"}
	if strings.Join(chips, "|") != strings.Join(want, "|") {
		t.Errorf("chips %q, want %q", chips, want)
	}
	if n := c.get("/timelines/t?status=disputed").doc(t).Find(".entry").Length(); n != 1 {
		t.Errorf("status filter: %d entries", n)
	}
	if got := c.get("/timelines/t").doc(t).Find(".entry .meta").Last().Text(); got != "2 sources" {
		t.Errorf("source count %q", got)
	}

	// The matrix: disputed first, a symbol and a word in each cell, linked to the passage.
	m := c.get("/timelines/t/matrix").doc(t)
	rows := m.Find("tbody tr")
	if rows.Length() != 3 || !strings.Contains(rows.First().Find("th").Text(), "to reporters") {
		t.Errorf("matrix rows: %d, first %q", rows.Length(), rows.First().Find("th a").Text())
	}
	cell := rows.First().Find(`td[data-stance="disputes"] a`)
	if cell.Text() != "✗ disputes" || !regexp.MustCompile(`^/sources/\d+#a\d+$`).MatchString(cell.AttrOr("href", "")) {
		t.Errorf("disputing cell %q → %q", cell.Text(), cell.AttrOr("href", ""))
	}
	if headers := m.Find("thead th .grade").Length(); headers != 2 {
		t.Errorf("%d source columns with grades, want 2", headers)
	}

	// The reader highlights the passage where it stands, linked to its claim.
	href := cell.AttrOr("href", "")
	src, anchor, _ := strings.Cut(href, "#")
	mark := c.get(src).doc(t).Find("#" + anchor).Closest("mark")
	if !strings.HasPrefix(mark.Text(), "In his latest address on state-run television") || mark.Find("a").AttrOr("href", "") != reporters {
		t.Errorf("highlight %q → %q", mark.Text(), mark.Find("a").AttrOr("href", ""))
	}
	// The source-by-source table on the entry page.
	table := c.get(entry).doc(t).Find("#claims table.evidence")
	if table.Length() != 2 || table.Eq(1).Find("tbody tr").Length() != 2 {
		t.Errorf("evidence tables: %d", table.Length())
	}
}

func TestCitationsAndSourceDeletion(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	ids := uploadSeeds(t, c)
	wantStatus(t, c.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	wantStatus(t, c.post("/timelines/t/entries", form("date", "2024-09-13", "kind", "policy_move", "title", "Biden meets Starmer")), http.StatusSeeOther)
	r := c.post("/entries/1/citations", form("source", ids["001"], "quote", "a meeting between Biden and Starmer at Camp David"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if r.doc(t).Find("#cite-form #err-quote").Length() != 1 {
		t.Error("no quote error on the cite form")
	}
	wantStatus(t, c.post("/entries/1/citations", form("source", ids["001"], "quote", "a meeting between U.S. President Biden and British Prime Minister Keir Starmer")), http.StatusSeeOther)
	wantStatus(t, c.post("/entries/1/claims", form("text", "They met")), http.StatusSeeOther)
	wantStatus(t, c.post("/claims/1/assessments", form("source", ids["001"], "stance", "supports", "quote", "the two leaders are expected to discuss")), http.StatusSeeOther)

	confirm := c.get("/sources/" + ids["001"] + "/delete").doc(t).Find("main").Text()
	if !strings.Contains(confirm, "“They met”") || !strings.Contains(confirm, "“Biden meets Starmer”") {
		t.Errorf("the confirmation does not say what cites the source:\n%s", confirm)
	}
	wantStatus(t, c.post("/sources/"+ids["001"]+"/delete", nil), http.StatusSeeOther)
	d := c.get("/entries/1").doc(t)
	if d.Find("ul.citations li").Length() != 0 || d.Find("#claims .status").Text() != "unverified: no source yet" {
		t.Error("the deleted source left citations or assessments behind")
	}
	wantStatus(t, c.get("/sources/"+ids["001"]), http.StatusNotFound)

	// The History page links each change where it can still be read: the
	// deleted source's history, the claim's page.
	for _, href := range c.get("/history").doc(t).Find("li.change a").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("href", "") }) {
		wantStatus(t, c.get(href), http.StatusOK)
	}
	if n := c.get("/history").doc(t).Find(`li.change a[href="/sources/` + ids["001"] + `/history"]`).Length(); n == 0 {
		t.Error("the deleted source's changes do not link to its history")
	}
}

func TestEvidenceFromTheReader(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	ids := uploadSeeds(t, c)
	wantStatus(t, c.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	wantStatus(t, c.post("/timelines/t/entries", form("date", "2024-09-12", "kind", "statement", "title", "Starmer replies")), http.StatusSeeOther)
	wantStatus(t, c.post("/entries/1/claims", form("text", "Starmer said Russia started the conflict")), http.StatusSeeOther)

	quote := "Russia started this conflict. Russia illegally invaded Ukraine."
	r := c.get("/sources/" + ids["001"] + "/evidence?quote=" + strings.ReplaceAll(quote, " ", "+"))
	wantStatus(t, r, http.StatusOK)
	if r.doc(t).Find("#quote").Text() != quote {
		t.Errorf("the selected passage is not filled in: %q", r.doc(t).Find("#quote").Text())
	}
	r = c.post("/sources/"+ids["001"]+"/evidence", form("claim", "1", "stance", "supports", "quote", quote, "note", "on his flight"))
	wantStatus(t, r, http.StatusSeeOther)
	if got := c.get("/claims/1").doc(t).Find(".status").First().Text(); got != "supported by 1 source" {
		t.Errorf("claim status %q", got)
	}
	r = c.post("/sources/"+ids["001"]+"/evidence", form("claim", "", "stance", "supports", "quote", quote))
	wantStatus(t, r, http.StatusUnprocessableEntity)
}

func TestFetchRefusesLocalAddresses(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	for _, u := range []string{h.ts.URL + "/healthz", "http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"} {
		r := c.post("/sources/fetch", form("url", u))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		d := r.doc(t)
		if !strings.HasPrefix(d.Find("#err-url").Text(), "Not fetched:") || d.Find("#fetch-url").AttrOr("value", "") != u {
			t.Errorf("%s: %q", u, d.Find("#err-url").Text())
		}
	}
	if srcs, _ := h.st.Sources(context.Background()); len(srcs) != 0 {
		t.Error("a refused fetch added a source")
	}
	if !strings.Contains(h.log.String(), "security: fetch refused") {
		t.Error("refused fetches are not logged")
	}
}

// Every link to a passage (from the matrix, claim and entry pages) finds its
// target on the source page, also where passages overlap; no element
// carries an empty id.
func TestPassageLinksAllHaveTargets(t *testing.T) {
	h, c := demoHarness(t)
	ctx := claimline.NewContextWithUser(context.Background(), h.user("ed", claimline.RoleEditor))
	// A claim whose passage is exactly a citation's: two passages, one place.
	cits, _, err := h.st.EntryEvidence(ctx, 1)
	if err != nil || len(cits) == 0 {
		t.Fatal(err)
	}
	cl, err := h.st.CreateClaim(ctx, 1, claimline.ClaimInput{Text: "Same passage"})
	if err != nil {
		t.Fatal(err)
	}
	as, err := h.st.SetAssessment(ctx, cl.ID, claimline.AssessmentInput{SourceID: cits[0].SourceID, Stance: "mentions", Quote: cits[0].Quote})
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"/timelines/" + demo.Slug + "/matrix", "/entries/1", "/claims/" + strconv.FormatInt(cl.ID, 10)}
	checked := 0
	sourcePages := map[string]*goquery.Document{}
	for _, p := range pages {
		c.get(p).doc(t).Find(`a[href*="#"]`).Each(func(_ int, a *goquery.Selection) {
			href := a.AttrOr("href", "")
			path, frag, _ := strings.Cut(href, "#")
			if !strings.HasPrefix(path, "/sources/") {
				return
			}
			if sourcePages[path] == nil {
				sourcePages[path] = c.get(path).doc(t)
			}
			if sourcePages[path].Find("#"+frag).Length() != 1 {
				t.Errorf("%s links to %s, which is not on the source page", p, href)
			}
			checked++
		})
	}
	if checked < 10 {
		t.Errorf("only %d passage links checked", checked)
	}
	for path, d := range sourcePages {
		if n := d.Find(`[id=""]`).Length(); n > 0 {
			t.Errorf("%s has %d empty ids", path, n)
		}
	}
	// Each of the two uses of the one passage is offered where its anchor
	// leads: the citation to its entry, the stance to its claim.
	reader := c.get("/sources/" + strconv.FormatInt(cits[0].SourceID, 10)).doc(t)
	for anchor, want := range map[string]string{
		"c" + strconv.FormatInt(cits[0].ID, 10): "/entries/1",
		"a" + strconv.FormatInt(as.ID, 10):      "/claims/" + strconv.FormatInt(cl.ID, 10),
	} {
		el := reader.Find("#" + anchor)
		href := el.AttrOr("href", "")
		if !el.Is("a") {
			href = el.Parent().ChildrenFiltered("a").AttrOr("href", "")
		}
		if href != want {
			t.Errorf("#%s leads to %q, want %q", anchor, href, want)
		}
	}
}

// The reader shows a source's words exactly as stored, quoted passages
// marked: nothing added between the pieces (a space after a mark once read
// "at war with Russia ,”"), nothing dropped. Every demo source is read
// with its marks, its text compared with the store's, white space folded
// where the reader cuts paragraphs.
func TestReaderShowsTheTextExactly(t *testing.T) {
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.app); err != nil {
		t.Fatal(err)
	}
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	srcs, err := h.st.Sources(context.Background())
	if err != nil || len(srcs) == 0 {
		t.Fatalf("%d sources, %v", len(srcs), err)
	}
	fold := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	marked, linked := 0, 0
	for _, s := range srcs {
		full, err := h.st.Source(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		d := c.get("/sources/" + strconv.FormatInt(s.ID, 10)).doc(t)
		reader := d.Find("article.reader")
		marked += reader.Find("mark").Length()
		// A date is a tab stop of its own, but not inside a passage's
		// link, which the keyboard reaches already.
		linked += reader.Find("a time").Length()
		if n := reader.Find("a time[tabindex]").Length(); n > 0 {
			t.Errorf("source %d: %d dates inside links are tab stops of their own", s.ID, n)
		}
		if reader.Find("time").Not("a time").Not("[tabindex]").Length() > 0 {
			t.Errorf("source %d: a date outside a link cannot be reached with the keyboard", s.ID)
		}
		reader.Find("a.also").Remove()
		var paras []string
		reader.Find("p").Each(func(_ int, p *goquery.Selection) { paras = append(paras, p.Text()) })
		if got, want := fold(strings.Join(paras, " ")), fold(full.Text); got != want {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("source %d: the reader differs from the text at byte %d:\nreader: %q\nstored: %q",
				s.ID, i, got[max(0, i-30):min(len(got), i+30)], want[max(0, i-30):min(len(want), i+30)])
		}
	}
	if marked == 0 || linked == 0 {
		t.Fatalf("the demo has %d marked passages, %d dates in linked ones: the test checks nothing", marked, linked)
	}
}

// An object's page names the entry or claim its history records by id: a
// claim's history named its entry "since deleted" while it was there.
func TestEmbeddedHistoryNamesWhatExists(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	wantStatus(t, c.post("/timelines", form("title", "SVB", "slug", "svb")), http.StatusSeeOther)
	wantStatus(t, c.post("/timelines/svb/entries", form("date", "2023-03-10", "kind", "action", "title", "Regulators close Silicon Valley Bank")), http.StatusSeeOther)
	r := c.post("/entries/1/claims", form("text", "California regulators closed the bank on 10 March"))
	wantStatus(t, r, http.StatusSeeOther)
	claim := strings.TrimSuffix(r.Header.Get("Location"), "#assess")
	history := func(path string) string {
		return strings.Join(strings.Fields(c.get(path).doc(t).Find("main").Text()), " ")
	}
	got := history(claim)
	if strings.Contains(got, "since deleted") || !strings.Contains(got, "“Regulators close Silicon Valley Bank”") {
		t.Errorf("the claim's history does not name its entry: %q", got)
	}
	// A stance recorded before the claim was reworded names the claim as
	// it was then, not by the words it took later.
	r = c.post("/sources", form("title", "DFPI release", "text", "The California Department of Financial Protection and Innovation closed Silicon Valley Bank on 10 March."))
	wantStatus(t, r, http.StatusSeeOther)
	source := strings.TrimPrefix(strings.TrimSuffix(r.Header.Get("Location"), "#paste"), "/sources/")
	wantStatus(t, c.post(claim+"/assessments", form("source", source, "stance", "supports", "quote", "closed Silicon Valley Bank on 10 March")), http.StatusSeeOther)
	wantStatus(t, c.post(claim, form("text", "The DFPI closed Silicon Valley Bank on 10 March 2023", "revision", "1")), http.StatusSeeOther)
	var stance string
	c.get(claim).doc(t).Find("li.change").Each(func(_ int, li *goquery.Selection) {
		if strings.Contains(li.Text(), "supports") {
			stance = strings.Join(strings.Fields(li.Text()), " ")
		}
	})
	if stance == "" || strings.Contains(stance, "The DFPI closed") || !strings.Contains(stance, "this claim") {
		t.Errorf("the stance's record names the claim by its later words: %q", stance)
	}
}

// A flash message keeps what it says in any script: an entry's span, with
// its dash, once lost every character outside ASCII on its way through
// the cookie.
func TestFlashKeepsItsCharacters(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	wantStatus(t, c.post("/timelines", form("title", "SVB", "slug", "svb")), http.StatusSeeOther)
	r := c.post("/timelines/svb/entries", form("date", "2023-03-06", "end_date", "2023-03-09", "approximate", "1", "kind", "report", "title", "Deposits flow out"))
	wantStatus(t, r, http.StatusSeeOther)
	got := c.get(r.Header.Get("Location")).doc(t).Find(".flash").Text()
	if !strings.Contains(got, "c. 6 Mar 2023 – 9 Mar 2023") {
		t.Errorf("flash %q, want the span with its dash", got)
	}
}

// A pasted report that begins with its dateline is offered that date as
// its published date, in one click that keeps the other details; then
// its relative dates resolve.
func TestDatelineOfferedAsPublishedDate(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	text := "Mumbai, 11 Mar 2023, 06:34 AM IST\n\nSilicon Valley Bank was shut down by California regulators on Friday, the largest bank failure since 2008."
	r := c.post("/sources", form("title", "SVB shut down", "outlet", "Mint", "text", text))
	wantStatus(t, r, http.StatusSeeOther)
	path := r.Header.Get("Location")
	d := c.get(path).doc(t)
	offer := d.Find("#meta form.dateline")
	if got := strings.Join(strings.Fields(offer.Text()), " "); !strings.Contains(got, "“11 Mar 2023, 06:34 AM IST”") || !strings.Contains(got, "Use 11 Mar 2023, 06:34 as the published date") {
		t.Fatalf("no offer of the dateline: %q", got)
	}
	wantStatus(t, c.post(path, inputValues(offer)), http.StatusSeeOther)
	src, err := h.st.Source(context.Background(), mustID(t, strings.TrimPrefix(path, "/sources/")))
	if err != nil {
		t.Fatal(err)
	}
	if src.Published.ISO() != "2023-03-11T06:34" || src.Title != "SVB shut down" || src.Outlet != "Mint" {
		t.Errorf("saved: published %s, title %q, outlet %q", src.Published.ISO(), src.Title, src.Outlet)
	}
	d = c.get(path).doc(t)
	if d.Find("#meta form.dateline").Length() != 0 {
		t.Error("the dateline is still offered once the source has a published date")
	}
	if got := d.Find(`#reader time[datetime="2023-03-10"]`).Text(); got != "on Friday" {
		t.Errorf("'on Friday' now reads %q, want 10 Mar 2023", got)
	}
}

// A Markdown file saved by a web clipper reads as the article: its markup
// is not in the reader, its front matter fills the source's details, and
// the file itself is the downloadable original.
func TestUploadClippedMarkdown(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	clip := "---\ntitle: \"Starmer: Russia could end this conflict straight away\"\nsource: https://news.example/uk/starmer-flight\nauthor:\n  - \"[[Jo Correspondent]]\"\npublished: 2024-09-13\n---\n" +
		"# Starmer: Russia could end this conflict straight away\n\n**Keir Starmer** said on his [flight to Washington](https://news.example/flight) that\nRussia *started* this conflict.\n\n> “Russia could end this conflict straight away,” he said.\n"
	r := c.upload("/sources/upload", map[string][]byte{"starmer.md": []byte(clip)})
	wantStatus(t, r, http.StatusOK)
	href, _ := r.doc(t).Find("tbody a").Attr("href")
	page := c.get(href)
	wantStatus(t, page, http.StatusOK)
	d := page.doc(t)
	reader := d.Find("article.reader").Text()
	if !strings.Contains(reader, "Keir Starmer said on his flight to Washington that Russia started this conflict.") ||
		!strings.Contains(reader, "“Russia could end this conflict straight away,” he said.") {
		t.Errorf("the reader does not show the article's words:\n%s", reader)
	}
	for _, markup := range []string{"# ", "**", "](", "> “", "source:"} {
		if strings.Contains(reader, markup) {
			t.Errorf("the reader shows the markup %q:\n%s", markup, reader)
		}
	}
	if got := d.Find("h1").Text(); got != "Starmer: Russia could end this conflict straight away" {
		t.Errorf("title %q", got)
	}
	if !strings.Contains(page.body, "https://news.example/uk/starmer-flight") || !strings.Contains(page.body, "Jo Correspondent") || !strings.Contains(page.body, "13 Sep 2024") {
		t.Error("the front matter's address, author and date are not the source's")
	}
	orig := c.get(href + "/original")
	wantStatus(t, orig, http.StatusOK)
	if disp := orig.Header.Get("Content-Disposition"); !strings.HasSuffix(disp, `-original.md"`) || orig.body != clip {
		t.Errorf("original served as %q, the file kept: %v", disp, orig.body == clip)
	}
}
