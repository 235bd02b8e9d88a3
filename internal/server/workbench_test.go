package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
)

// workbench is a harness with an editor, a timeline with one entry that has
// a known actor, and the five seeds uploaded.
type workbench struct {
	h   *harness
	c   *client
	ed  *claimline.User
	ids map[string]string
	tl  *claimline.Timeline
	ctx context.Context
}

func newWorkbench(t *testing.T) *workbench {
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	w := &workbench{h: h, ed: ed, c: h.signedIn(ed), ctx: claimline.NewContextWithUser(context.Background(), ed)}
	var err error
	if w.tl, err = h.st.CreateTimeline(w.ctx, claimline.TimelineInput{Title: "Strikes", Slug: "strikes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.CreateTimeline(w.ctx, claimline.TimelineInput{Title: "Another", Slug: "another"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.CreateEntry(w.ctx, w.tl.ID, claimline.EntryInput{Date: "Feb 2022", Kind: "action", Title: "Invasion",
		Actors: []string{"Vladimir Putin", "Keir Starmer"}}); err != nil {
		t.Fatal(err)
	}
	w.ids = uploadSeeds(t, w.c)
	return w
}

func (w *workbench) setPublished(t *testing.T, key, date string) {
	t.Helper()
	src, err := w.h.st.Source(context.Background(), mustID(t, w.ids[key]))
	if err != nil {
		t.Fatal(err)
	}
	in := src.Input()
	in.Published = date
	if _, err := w.h.st.UpdateSource(w.ctx, src.ID, 0, in); err != nil {
		t.Fatal(err)
	}
}

func mustID(t *testing.T, s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSourcesDescribeThemselves: uploads keep their file names, body-text
// uploads get a suggested title, and the details are edited on the reader
// itself, a refused date coming back there with the typed values.
func TestSourcesDescribeThemselves(t *testing.T) {
	w := newWorkbench(t)
	lib := w.c.get("/sources").doc(t)
	row := lib.Find(`a[href="/sources/` + w.ids["000"] + `"]`).Closest("td")
	if !strings.Contains(row.Text(), "(suggested title)") || !strings.Contains(row.Find(".file-name").Text(), "000_5256e991d4bdf4b9.txt") {
		t.Errorf("library row: %q", row.Text())
	}
	reader := w.c.get("/sources/" + w.ids["000"]).doc(t)
	if _, open := reader.Find("details#meta").Attr("open"); !open {
		t.Error("the details form is closed on a source with a suggested title")
	}
	before := w.h.historyCount()
	r := w.c.post("/sources/"+w.ids["001"], form("return", "reader", "revision", "1", "title", "Putin warns", "outlet", "US news site", "published", "31 Sep 2024"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d := r.doc(t)
	if d.Find("#reader").Length() != 1 || d.Find("#err-published").Length() != 1 || d.Find("details#meta input#outlet").AttrOr("value", "") != "US news site" {
		t.Errorf("refused details do not come back on the reader, filled in")
	}
	if w.h.historyCount() != before {
		t.Error("a refused save changed something")
	}
	r = w.c.post("/sources/"+w.ids["001"], form("return", "reader", "revision", "1", "title", "Putin warns", "outlet", "US news site", "published", "12 Sep 2024"))
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/sources/"+w.ids["001"]+"#meta" {
		t.Errorf("redirect to %q", loc)
	}
	d = w.c.get("/sources/" + w.ids["001"]).doc(t)
	if got := d.Find("details#meta .flash").Text(); got != "Details saved." {
		t.Errorf("flash in the details section: %q", got)
	}
	if d.Find("h1").Text() != "Putin warns" || !strings.Contains(d.Find("dl.facts").Text(), "12 Sep 2024") {
		t.Errorf("details not saved: %q", d.Find("h1").Text())
	}
}

// TestReaderMarksDates: every date expression is a <time> with its
// resolved date; without a published date the relative ones are unresolved
// and the page asks for the date.
func TestReaderMarksDates(t *testing.T) {
	w := newWorkbench(t)
	path := "/sources/" + w.ids["002"]
	d := w.c.get(path).doc(t)
	if n := d.Find("#reader time.unresolved").Length(); n != 5 {
		t.Errorf("%d unresolved dates, want 5 (Thursday twice, Tuesday twice, two years ago)", n)
	}
	if got := d.Find(`#reader time[datetime="2023-10"]`).Text(); got != "October 2023" {
		t.Errorf("absolute month: %q", got)
	}
	if !strings.Contains(d.Find("aside").Text(), "Set the published date") {
		t.Error("no prompt to set the published date")
	}
	// A published date known only to its month resolves no weekday, and
	// the page says why rather than that there is none.
	w.setPublished(t, "002", "Sep 2024")
	d = w.c.get(path).doc(t)
	if got := strings.Join(strings.Fields(d.Find("aside").Text()), " "); !strings.Contains(got, "the published date, Sep 2024, is not exact to the day") {
		t.Errorf("a month-only published date is not named as too coarse: %q", got)
	}
	if got := d.Find("#reader time.unresolved").First().AttrOr("title", ""); !strings.Contains(got, "Sep 2024, is not exact to the day") {
		t.Errorf("unresolved mark's title: %q", got)
	}
	passage := "Putin said on Thursday"
	d = w.c.get(path + "/new-entry?passage=" + url.QueryEscape(passage)).doc(t)
	if got := strings.Join(strings.Fields(d.Find("#date-source").Text()), " "); !strings.Contains(got, "Sep 2024, is not exact to the day") || strings.Contains(got, "no published date") {
		t.Errorf("new entry's date note: %q", got)
	}
	w.setPublished(t, "002", "13 Sep 2024")
	d = w.c.get(path).doc(t)
	got := map[string]string{}
	d.Find("#reader time").Each(func(_ int, s *goquery.Selection) {
		got[s.Text()] = s.AttrOr("datetime", "") + " " + s.AttrOr("title", "")
	})
	want := map[string]string{"on Thursday": "2024-09-12 12 Sep 2024", "On Tuesday": "2024-09-10 10 Sep 2024",
		"onTuesday": "2024-09-10 10 Sep 2024", "October 2023": "2023-10 Oct 2023", "two years ago": "2022 c. 2022", "Thursday": "2024-09-12 12 Sep 2024"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%q: %q, want %q", k, got[k], v)
		}
	}
	if n := d.Find("ul.dates li").Length(); n != 6 {
		t.Errorf("side list has %d dates, want 6", n)
	}
}

// TestNewEntryFromPassage: the form is drafted from the passage (date from
// the passage against the published date, statement, actors, title, the
// last timeline used, the passage as quote) and one submit saves the entry
// with its citation. A passage not in the source is refused with the
// closest one offered, and "Use this passage" saves it.
func TestNewEntryFromPassage(t *testing.T) {
	w := newWorkbench(t)
	w.setPublished(t, "001", "13 Sep 2024")
	base := "/sources/" + w.ids["001"] + "/new-entry"
	passage := "“This will mean that NATO countries, the U.S., and European countries are at war with Russia,” Putin said on Thursday."

	// Without a passage (no JavaScript), the page asks for one.
	d := w.c.get(base).doc(t)
	if d.Find(`form[method="get"] textarea[name="passage"]`).Length() != 1 {
		t.Fatal("no passage prompt")
	}
	r := w.c.get(base + "?passage=" + url.QueryEscape(passage))
	wantStatus(t, r, http.StatusOK)
	d = r.doc(t)
	checks := map[string]string{
		"#timeline option[selected]": "strikes",
		"#date":                      "2024-09-12",
		"#kind option[selected]":     "statement",
		`input[name="actors"]`:       "Vladimir Putin",
		"#title":                     "“This will mean that NATO countries, the U.S., and European countries are at war with Russia,” Putin said on Thursday",
		`input[name="approximate"]`:  "",
	}
	for sel, want := range checks {
		s := d.Find(sel).First()
		got := s.AttrOr("value", "")
		if sel == `input[name="approximate"]` {
			if _, on := s.Attr("checked"); on {
				t.Error("an exact date is marked approximate")
			}
			continue
		}
		if got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if d.Find("#quote").Text() != passage || !strings.Contains(d.Find("#date-source").Text(), "on Thursday") {
		t.Errorf("quote %q; date note %q", d.Find("#quote").Text(), d.Find("#date-source").Text())
	}
	if note := strings.Join(strings.Fields(d.Find("#date-source").Text()), " "); !strings.HasSuffix(note, "against the published date, 13 Sep 2024.") {
		t.Errorf("date note %q, want it to end on the published date and a full stop", note)
	}
	// A statement with no day named for its saying: the published date,
	// and a note that says so.
	w.setPublished(t, "002", "13 Sep 2024")
	d = w.c.get("/sources/" + w.ids["002"] + "/new-entry?passage=" + url.QueryEscape("appearing alongside Ukrainian Foreign Minister Andrii Sybiha")).doc(t)
	if got, note := d.Find("#date").AttrOr("value", ""), strings.Join(strings.Fields(d.Find("#date-source").Text()), " "); got != "2024-09-13" || !strings.Contains(note, "the source's published date, 13 Sep 2024") {
		t.Errorf("a statement without its day drafts %q, noted %q", got, note)
	}
	// A passage with no date near it: the form says so, and lists the
	// dates the source speaks of, resolved, to choose from.
	d = w.c.get("/sources/" + w.ids["002"] + "/new-entry?passage=" + url.QueryEscape("Biden is under pressure from lawmakers across the political spectrum")).doc(t)
	note := strings.Join(strings.Fields(d.Find("#date-source").Text()), " ")
	for _, want := range []string{"No date in this passage", "published on 13 Sep 2024", "“on Thursday” (12 Sep 2024)", "“October 2023” (Oct 2023)."} {
		if !strings.Contains(note, want) {
			t.Errorf("the date note %q does not say %q", note, want)
		}
	}
	if d.Find("#date").AttrOr("value", "") != "" {
		t.Error("a date was drafted from nowhere")
	}
	if !strings.Contains(d.Find("#date").AttrOr("aria-describedby", ""), "date-source") {
		t.Error("the date field does not point to the note on its date")
	}
	// Refused (no date typed), the form comes back without claiming the
	// passage has no date: the draft is not made again.
	r = w.c.post("/sources/"+w.ids["002"]+"/new-entry", form("timeline", "strikes", "kind", "statement", "title", "Blinken in Kyiv",
		"quote", "appearing alongside Ukrainian Foreign Minister Andrii Sybiha", "passage", "appearing alongside Ukrainian Foreign Minister Andrii Sybiha"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if d := r.doc(t); d.Find("#date-source").Length() != 0 || strings.Contains(d.Find("#date").AttrOr("aria-describedby", ""), "date-source") {
		t.Error("the refused form repeats a date note it did not work out")
	}

	// One submit: the entry and its citation.
	f := form("timeline", "strikes", "date", "2024-09-12", "kind", "statement", "title", "Putin: NATO at war", "actors", "Vladimir Putin", "quote", passage, "passage", passage)
	r = w.c.post("/sources/"+w.ids["001"]+"/new-entry", f)
	wantStatus(t, r, http.StatusSeeOther)
	page, err := w.h.st.Entries(context.Background(), w.tl.ID, claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var made *claimline.Entry
	for i := range page.Entries {
		if page.Entries[i].Title == "Putin: NATO at war" {
			made = &page.Entries[i]
		}
	}
	if made == nil || made.Date.ISO() != "2024-09-12" || !strings.HasSuffix(r.Header.Get("Location"), "#entry-"+strconv.FormatInt(made.ID, 10)) {
		t.Fatalf("entry not saved as drafted: %+v, %s", made, r.Header.Get("Location"))
	}
	cits, _, _ := w.h.st.EntryEvidence(context.Background(), made.ID)
	if len(cits) != 1 || cits[0].Quote != passage || cits[0].Span.Start < 0 {
		t.Errorf("citation %+v", cits)
	}

	// The timeline used last is now "strikes" even though "another" sorts
	// first; a wrong quote is refused whole, then taken from the offer.
	before := w.h.historyCount()
	f.Set("quote", "This will mean that NATO countries and the US are at war with Russia")
	f.Set("title", "Second")
	r = w.c.post("/sources/"+w.ids["001"]+"/new-entry", f)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d = r.doc(t)
	use := d.Find(`button[name="use_quote"]`)
	if use.Length() != 1 || d.Find("#title").AttrOr("value", "") != "Second" {
		t.Fatal("a refused quote does not offer the closest passage, or the form is not kept")
	}
	if w.h.historyCount() != before {
		t.Error("a refused entry was half-saved")
	}
	f.Set("use_quote", use.AttrOr("value", ""))
	r = w.c.post("/sources/"+w.ids["001"]+"/new-entry", f)
	wantStatus(t, r, http.StatusSeeOther)
}

// TestNewEntryWithClaimFromPassage: the entry form may also carry a claim;
// one submit then saves the entry, its citation, the claim and this
// source's stance on the same passage, or, when anything is wrong, nothing.
func TestNewEntryWithClaimFromPassage(t *testing.T) {
	w := newWorkbench(t)
	passage := "“This will mean that NATO countries, the U.S., and European countries are at war with Russia,” Putin said on Thursday."
	base := "/sources/" + w.ids["001"] + "/new-entry"
	d := w.c.get(base + "?passage=" + url.QueryEscape(passage)).doc(t)
	if d.Find(`input[name="stance"][value="supports"][checked]`).Length() != 1 || d.Find(`textarea[name="text"]`).Length() != 1 {
		t.Fatal("the optional claim, supported by default, is not offered")
	}
	f := form("timeline", "strikes", "date", "2024-09-12", "kind", "statement", "title", "Putin warns NATO",
		"actors", "Vladimir Putin", "quote", passage, "passage", passage,
		"text", "Putin said NATO would be at war with Russia", "claimant", "Vladimir Putin", "stance", "supports")
	// A bad date and a bad stance are both named, and nothing is saved.
	bad := form()
	for k, v := range f {
		bad[k] = v
	}
	bad.Set("date", "31 Feb 2024")
	bad.Set("stance", "believes")
	before := w.h.historyCount()
	r := w.c.post(base, bad)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d = r.doc(t)
	if d.Find("#err-date").Length() != 1 || d.Find("#err-stance").Length() != 1 {
		t.Error("the date and the stance problems are not both named")
	}
	if d.Find("#claim-text").Text() != "Putin said NATO would be at war with Russia" || w.h.historyCount() != before {
		t.Error("the claim typed was lost, or something was saved")
	}
	r = w.c.post(base, f)
	wantStatus(t, r, http.StatusSeeOther)
	page, _ := w.h.st.Entries(context.Background(), w.tl.ID, claimline.EntryFilter{Text: "Putin warns NATO"})
	if len(page.Entries) != 1 {
		t.Fatalf("%d entries", len(page.Entries))
	}
	cits, claims, _ := w.h.st.EntryEvidence(context.Background(), page.Entries[0].ID)
	if len(cits) != 1 || len(claims) != 1 {
		t.Fatalf("%d citations, %d claims", len(cits), len(claims))
	}
	c, err := w.h.st.Claim(context.Background(), claims[0].ID)
	if err != nil || len(c.Evidence) != 1 || c.Evidence[0].Quote != passage || c.Evidence[0].Stance != claimline.Supports ||
		c.Evidence[0].Span != cits[0].Span || c.Claimant.Name != "Vladimir Putin" {
		t.Errorf("claim %+v, %v", c, err)
	}
	// "No stance yet": the claim is saved with the entry, without evidence.
	f.Set("title", "Putin warns NATO, again")
	f.Set("text", "Putin spoke on Thursday")
	f.Set("stance", "")
	wantStatus(t, w.c.post(base, f), http.StatusSeeOther)
	page, _ = w.h.st.Entries(context.Background(), w.tl.ID, claimline.EntryFilter{Text: "again"})
	if len(page.Entries) != 1 {
		t.Fatalf("%d entries", len(page.Entries))
	}
	if _, claims, _ = w.h.st.EntryEvidence(context.Background(), page.Entries[0].ID); len(claims) != 1 || claims[0].Text != "Putin spoke on Thursday" {
		t.Fatalf("claims %+v", claims)
	}
	if c, _ = w.h.st.Claim(context.Background(), claims[0].ID); len(c.Evidence) != 0 {
		t.Errorf("a claim with no stance yet has evidence: %+v", c.Evidence)
	}
}

// TestNewClaimFromPassage: entries citing the source come first, the claim
// text and the stance are prefilled, and one submit saves the claim with
// this source's stance.
func TestNewClaimFromPassage(t *testing.T) {
	w := newWorkbench(t)
	other, _ := w.h.st.CreateEntry(w.ctx, w.tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Starmer replies"})
	if _, err := w.h.st.AddCitation(w.ctx, other.ID, mustID(t, w.ids["001"]), ""); err != nil {
		t.Fatal(err)
	}
	passage := "Russia started this conflict. Russia illegally invaded Ukraine."
	d := w.c.get("/sources/" + w.ids["001"] + "/new-claim?passage=" + url.QueryEscape(passage)).doc(t)
	first := d.Find("#entry optgroup").First()
	if first.AttrOr("label", "") != "Resting on this source" || first.Find("option").Text() != "12 Sep 2024 · Starmer replies" {
		t.Errorf("first group %q: %q", first.AttrOr("label", ""), first.Find("option").Text())
	}
	if _, sel := d.Find("#entry option[selected]").Attr("selected"); sel {
		t.Error("an entry is preselected")
	}
	if d.Find("#claim-text").Text() != passage || d.Find(`input[name="stance"][checked]`).AttrOr("value", "") != "supports" || d.Find("#quote").Text() != passage {
		t.Error("claim text, stance or quote not prefilled")
	}
	r := w.c.post("/sources/"+w.ids["001"]+"/new-claim", form("text", passage, "stance", "supports", "quote", passage))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if r.doc(t).Find("#err-entry").Length() != 1 {
		t.Error("no message on the entry field")
	}
	r = w.c.post("/sources/"+w.ids["001"]+"/new-claim", form("entry", strconv.FormatInt(other.ID, 10), "text", "Starmer said Russia started it",
		"claimant", "Keir Starmer", "stance", "supports", "quote", passage))
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	if !strings.HasSuffix(loc, "#evidence") {
		t.Fatalf("redirect to %q", loc)
	}
	d = w.c.get(strings.TrimSuffix(loc, "#evidence")).doc(t)
	if got := d.Find("main h1 + p .status").Text(); got != "supported by 1 source" {
		t.Errorf("status %q", got)
	}
	if d.Find("h2#evidence + .flash").Text() != "Claim added with this source's stance." || d.Find(".flash").Length() != 1 {
		t.Error("the message is not in the evidence section")
	}
}

// TestSecondStanceAsks: a second stance from the same source shows both
// and replaces the first only when confirmed.
func TestSecondStanceAsks(t *testing.T) {
	w := newWorkbench(t)
	e, _ := w.h.st.CreateEntry(w.ctx, w.tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns"})
	cl, _ := w.h.st.CreateClaim(w.ctx, e.ID, claimline.ClaimInput{Text: "Putin spoke to reporters"})
	src := w.ids["002"]
	path := "/claims/" + strconv.FormatInt(cl.ID, 10) + "/assessments"
	wantStatus(t, w.c.post(path, form("source", src, "stance", "supports", "quote", "Putin emphasized to reporters on Thursday")), http.StatusSeeOther)
	before := w.h.historyCount()
	second := form("source", src, "stance", "mentions", "quote", "")
	r := w.c.post(path, second)
	wantStatus(t, r, http.StatusConflict)
	d := r.doc(t)
	if txt := d.Find("table").Text(); !strings.Contains(txt, "supports") || !strings.Contains(txt, "mentions") || !strings.Contains(txt, "Putin emphasized to reporters") {
		t.Errorf("both stances not shown: %q", txt)
	}
	if w.h.historyCount() != before {
		t.Error("the stance was replaced without asking")
	}
	if d.Find(`input[name="replace"][value="1"]`).Length() != 1 {
		t.Fatal("no confirmation form")
	}
	second.Set("replace", "1")
	wantStatus(t, w.c.post(path, second), http.StatusSeeOther)
	got, _ := w.h.st.StanceOf(context.Background(), cl.ID, mustID(t, src))
	if got.Stance != claimline.Mentions {
		t.Errorf("stance %q after confirming", got.Stance)
	}
	// The same through the reader's "use as evidence".
	r = w.c.post("/sources/"+src+"/evidence", form("claim", strconv.FormatInt(cl.ID, 10), "stance", "disputes", "quote", "Putin emphasized to reporters"))
	wantStatus(t, r, http.StatusConflict)
	// A stance that cannot be saved is refused by field, not offered as a
	// replacement that would then fail.
	for _, bad := range []url.Values{
		form("source", src, "stance", "disputes", "quote", ""),
		form("source", src, "stance", "disputes", "quote", "Putin emphasized to journalists"),
	} {
		if r := w.c.post(path, bad); r.StatusCode != http.StatusUnprocessableEntity || r.doc(t).Find(".form-error").Length() != 1 {
			t.Errorf("%v: status %d, want the form refused", bad, r.StatusCode)
		}
	}
}

// TestEvidenceClaimList: no claim is preselected; claims are grouped by
// timeline and entry.
func TestEvidenceClaimList(t *testing.T) {
	w := newWorkbench(t)
	e, _ := w.h.st.CreateEntry(w.ctx, w.tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns"})
	for _, text := range []string{"Putin spoke to reporters", "Putin spoke on television"} {
		w.h.st.CreateClaim(w.ctx, e.ID, claimline.ClaimInput{Text: text})
	}
	d := w.c.get("/sources/" + w.ids["002"] + "/evidence?quote=x").doc(t)
	if d.Find("#claim option[selected]").Length() != 0 || d.Find("#claim option").First().AttrOr("value", "x") != "" {
		t.Error("a claim is preselected")
	}
	g := d.Find("#claim optgroup")
	if g.Length() != 1 || g.AttrOr("label", "") != "Strikes · 12 Sep 2024 · Putin warns" || g.Find("option").Length() != 2 {
		t.Errorf("groups: %d, %q", g.Length(), g.AttrOr("label", ""))
	}
}

// TestSaveReturnsToSection: a citation saved on the entry page comes back
// to the sources section with the message there, not at the top.
func TestSaveReturnsToSection(t *testing.T) {
	w := newWorkbench(t)
	e, _ := w.h.st.CreateEntry(w.ctx, w.tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns"})
	path := "/entries/" + strconv.FormatInt(e.ID, 10)
	r := w.c.post(path+"/citations", form("source", w.ids["002"], "quote", ""))
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != path+"#sources" {
		t.Errorf("redirect to %q", loc)
	}
	d := w.c.get(path).doc(t)
	if d.Find("section#sources .flash").Text() != "Source cited." || d.Find("main > .flash").Length() != 0 {
		t.Error("the message is not in the sources section")
	}
}
