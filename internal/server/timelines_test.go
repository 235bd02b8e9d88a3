package server_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/server"
)

func TestTimelineLifecycle(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))

	// Invalid: the page comes back with 422, what was typed, and the message
	// next to the field.
	r := c.post("/timelines", form("title", "", "description", "Putin's warning & the West's reply"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d := r.doc(t)
	if d.Find("#err-title").Length() != 1 || d.Find("#title").AttrOr("aria-invalid", "") != "true" ||
		d.Find("#title").AttrOr("aria-describedby", "") != "err-title" {
		t.Error("no message next to the title field, linked to it")
	}
	if d.Find("#description").Text() != "Putin's warning & the West's reply" {
		t.Errorf("description lost: %q", d.Find("#description").Text())
	}

	r = c.post("/timelines", form("title", "Long-range strike restrictions, Sep 2024", "description", "d"))
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/timelines/long-range-strike-restrictions-sep-2024" {
		t.Fatalf("redirect to %q: want the readable slug", loc)
	}
	page := c.get("/timelines/long-range-strike-restrictions-sep-2024")
	wantStatus(t, page, http.StatusOK)
	if !strings.Contains(page.doc(t).Find(".meta").Text(), "last edited by ed") {
		t.Error("the timeline does not say who last edited it")
	}
	if page.doc(t).Find(".flash").Text() == "" {
		t.Error("no confirmation after creating")
	}

	// A second timeline with the same title gets a slug of its own; a
	// slug typed by hand that another timeline has is refused.
	r = c.post("/timelines", form("title", "Long-range strike restrictions, Sep 2024"))
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/timelines/long-range-strike-restrictions-sep-2024-2" {
		t.Errorf("the second timeline of that title is at %q", loc)
	}
	r = c.post("/timelines", form("title", "Other", "slug", "long-range-strike-restrictions-sep-2024"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.doc(t).Find("#err-slug").Text(), "already used") {
		t.Error("duplicate slug not explained")
	}

	r = c.post("/timelines/long-range-strike-restrictions-sep-2024", form("title", "Strike limits", "slug", "strike-limits", "revision", "1"))
	wantStatus(t, r, http.StatusSeeOther)
	wantStatus(t, c.get("/timelines/strike-limits"), http.StatusOK)
	wantStatus(t, c.get("/timelines/long-range-strike-restrictions-sep-2024"), http.StatusNotFound)
	// The History feed links the timeline's changes to its history under its
	// current address, the one from before the rename included.
	if n := c.get("/history").doc(t).Find(`li.change a[href="/timelines/strike-limits/history"]`).Length(); n != 2 {
		t.Errorf("%d links to the renamed timeline's history, want 2 (create and update)", n)
	}

	confirm := c.get("/timelines/strike-limits/delete")
	wantStatus(t, confirm, http.StatusOK)
	if confirm.doc(t).Find(`form[action="/timelines/strike-limits/delete"] button`).Length() != 1 {
		t.Error("the confirmation page has no delete form")
	}
	wantStatus(t, c.post("/timelines/strike-limits/delete", nil), http.StatusSeeOther)
	wantStatus(t, c.get("/timelines/strike-limits"), http.StatusNotFound)
	deleted := c.get("/history?action=delete")
	if !strings.Contains(deleted.body, "Strike limits") {
		t.Error("the deleted timeline cannot be found in the history")
	}
	if deleted.doc(t).Find(`li.change a[href^="/timelines/"]`).Length() != 0 {
		t.Error("the history links to a deleted timeline")
	}
}

func TestEntryFormsAndDisplay(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	wantStatus(t, c.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)

	bad := form("date", "03/04/2024", "end_date", "2024-13", "kind", "statement", "title", "Putin warns", "description", "“at war”",
		"actors", "Vladimir Putin", "actors", "Kremlin", "actors", "", "tags", "escalation")
	r := c.post("/timelines/t/entries", bad)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d := r.doc(t)
	if !strings.Contains(d.Find("#err-date").Text(), "ambiguous") || !strings.Contains(d.Find("#err-end_date").Text(), "no month 13") {
		t.Errorf("date errors: %q / %q", d.Find("#err-date").Text(), d.Find("#err-end_date").Text())
	}
	if d.Find("#date").AttrOr("aria-describedby", "") != "date-hint err-date" {
		t.Errorf("date field described by %q", d.Find("#date").AttrOr("aria-describedby", ""))
	}
	if d.Find("#date").AttrOr("value", "") != "03/04/2024" || d.Find("#title").AttrOr("value", "") != "Putin warns" {
		t.Error("typed values lost")
	}
	var actors []string
	for _, n := range d.Find(`input[name="actors"]`).Nodes {
		for _, a := range n.Attr {
			if a.Key == "value" && a.Val != "" {
				actors = append(actors, a.Val)
			}
		}
	}
	if strings.Join(actors, ";") != "Vladimir Putin;Kremlin" {
		t.Errorf("actors after a failed save = %v", actors)
	}
	if n, _ := h.st.TimelineBySlug(t.Context(), "t"); n.EntryCount != 0 {
		t.Error("an invalid entry was saved")
	}

	good := form("date", "c. Oct 2023", "kind", "policy_move", "title", "ATACMS delivered", "actors", "United States", "tags", "ATACMS")
	wantStatus(t, c.post("/timelines/t/entries", good), http.StatusSeeOther)
	wantStatus(t, c.post("/timelines/t/entries", form("date", "September 12, 2024", "kind", "statement", "title", "Putin warns", "actors", "Vladimir Putin")), http.StatusSeeOther)
	page := c.get("/timelines/t")
	pd := page.doc(t)
	if got := pd.Find(".entry time").First().Text(); got != "c. Oct 2023" {
		t.Errorf("first entry shows %q, want c. Oct 2023", got)
	}
	if pd.Find("section.year h2").Length() != 2 || pd.Find(`h3#m2023-10`).Text() != "October 2023" {
		t.Error("entries are not grouped by year and month")
	}
	if pd.Find("figure.overview svg.across a.mark").Length() != 2 {
		t.Error("the overview does not draw one mark per entry")
	}
	if href, _ := pd.Find("figure.overview svg.across a.mark").First().Attr("href"); !strings.HasPrefix(href, "#entry-") || pd.Find(href).Length() != 1 {
		t.Errorf("overview mark links to %q, which is not on the page", href)
	}
	// Down the page, on phones, the columns are named as the rows are across.
	if got := pd.Find("figure.overview p.lanes-key").Text(); got != "Columns, left to right: statement, policy move." {
		t.Errorf("the columns down the page are named %q", got)
	}

	// Filters are shareable URLs; a bad date in a filter is named.
	if got := c.get("/timelines/t?actor=Vladimir+Putin").doc(t).Find(".entry .entry-title").Text(); got != "Putin warns" {
		t.Errorf("actor filter shows %q", got)
	}
	if got := c.get("/timelines/t?tag=ATACMS").doc(t).Find(".entry .entry-title").Text(); got != "ATACMS delivered" {
		t.Errorf("tag filter shows %q", got)
	}
	r = c.get("/timelines/t?from=2024-02-30")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.doc(t).Find(".filters .field-error").Text(), "February 2024 has only 29 days") {
		t.Error("a bad filter date is not explained")
	}
}

func TestEntryEditHistoryAndDelete(t *testing.T) {
	h := newHarness(t)
	ed := h.signedIn(h.user("ed", claimline.RoleEditor))
	ann := h.signedIn(h.user("ann", claimline.RoleEditor))
	wantStatus(t, ed.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	wantStatus(t, ed.post("/timelines/t/entries", form("date", "2024-09-12", "kind", "statement", "title", "Putin warns")), http.StatusSeeOther)
	e, _ := h.st.Entries(t.Context(), 1, claimline.EntryFilter{})
	id := e.Entries[0].ID
	path := "/entries/" + strconv.FormatInt(id, 10)

	edit := ann.get(path + "/edit")
	wantStatus(t, edit, http.StatusOK)
	if edit.doc(t).Find("#date").AttrOr("value", "") != "2024-09-12" {
		t.Error("the edit form is not filled in")
	}
	wantStatus(t, ann.post(path, form("date", "2024-09-12", "kind", "statement", "title", "Putin warns NATO", "actors", "Vladimir Putin", "revision", "1")), http.StatusSeeOther)
	r := ann.get(path)
	wantStatus(t, r, http.StatusOK)
	hist := r.doc(t).Find("ol.history li.change")
	if hist.Length() != 2 || !strings.Contains(hist.First().Text(), "ann") || !strings.Contains(hist.First().Find("ins").Text(), "Putin warns NATO") {
		t.Errorf("entry history:\n%s", hist.Text())
	}
	wantStatus(t, ed.post(path+"/delete", nil), http.StatusSeeOther)
	wantStatus(t, ed.get(path), http.StatusNotFound)
	r = ed.get(path + "/history")
	wantStatus(t, r, http.StatusOK) // a deleted entry's history stays readable
	if !strings.Contains(r.body, "deleted") {
		t.Error("the deletion is not in the entry's history")
	}
}

func TestNotFound(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	for _, p := range []string{"/timelines/nope", "/timelines/nope/edit", "/entries/999", "/entries/abc", "/entries/-1/edit", "/actors/999", "/entries/999/history", "/no/such/page"} {
		r := c.get(p)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, r.StatusCode)
		}
		if !strings.Contains(r.body, "<main") {
			t.Errorf("GET %s: no error page", p)
		}
	}
	wantStatus(t, c.post("/timelines/nope/entries", form("date", "2024")), http.StatusNotFound)
}

func TestViewerSeesNoEditControls(t *testing.T) {
	h := newHarness(t)
	ed := h.signedIn(h.user("ed", claimline.RoleEditor))
	wantStatus(t, ed.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	wantStatus(t, ed.post("/timelines/t/entries", form("date", "2024", "kind", "other", "title", "x")), http.StatusSeeOther)
	v := h.signedIn(h.user("vi", claimline.RoleViewer))
	for _, p := range []string{"/", "/timelines/t", "/entries/1"} {
		d := v.get(p).doc(t)
		if n := d.Find(`a[href$="/edit"], a[href$="/delete"], a[href$="/new"], a[href="/admin/users"]`).Length(); n != 0 {
			t.Errorf("%s shows a viewer %d edit controls", p, n)
		}
		ed := ed.get(p).doc(t)
		if ed.Find(`a[href$="/edit"], a[href$="/new"]`).Length() == 0 {
			t.Errorf("%s shows an editor no edit controls", p)
		}
	}
}

// A timeline longer than a page is walked page by page, in order, with the
// filters kept in the "later entries" link.
func TestTimelinePaging(t *testing.T) {
	skipUnderRace(t)
	h := newHarness(t)
	c := h.signedIn(h.user("vi", claimline.RoleViewer))
	seedTimeline(t, h, server.PageSize+20)
	var seen []string
	next := "/timelines/bench?q=Entry" // matches every entry: two pages
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("paging does not end")
		}
		d := c.get(next).doc(t)
		d.Find(".entry").Each(func(_ int, s *goquery.Selection) { seen = append(seen, s.AttrOr("id", "")) })
		next = d.Find(".pager a:contains('Later')").AttrOr("href", "")
		if next != "" && !strings.Contains(next, "q=Entry") {
			t.Errorf("the next-page link drops the filter: %s", next)
		}
	}
	if want := server.PageSize + 20; len(seen) != want {
		t.Errorf("saw %d entries over the pages, want %d", len(seen), want)
	}
	unique := map[string]bool{}
	for _, id := range seen {
		unique[id] = true
	}
	if len(unique) != len(seen) {
		t.Error("an entry appeared on two pages")
	}
}
