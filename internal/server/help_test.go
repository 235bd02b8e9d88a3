package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/guide"
	"claimline/web"
)

// Every page of the guide is served to someone signed out, with its title,
// the security headers every page carries, and the header's link back to
// the guide; the index lists every topic.
func TestHelpPagesSignedOut(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	g, err := guide.New(web.Help)
	if err != nil {
		t.Fatal(err)
	}
	index := c.get("/help")
	wantStatus(t, index, http.StatusOK)
	listed := map[string]bool{}
	index.doc(t).Find("main ol.guide-index a").Each(func(_ int, a *goquery.Selection) {
		listed[a.AttrOr("href", "")] = true
	})
	for _, p := range g.Pages() {
		if !listed["/help/"+p.Slug] {
			t.Errorf("the index does not link to %s", p.Slug)
		}
		r := c.get("/help/" + p.Slug)
		wantStatus(t, r, http.StatusOK)
		d := r.doc(t)
		if got := strings.TrimSpace(d.Find("main h1").Text()); got != p.Title {
			t.Errorf("/help/%s: title %q, want %q", p.Slug, got, p.Title)
		}
		if d.Find(`main a[href="/help"]`).Length() == 0 {
			t.Errorf("/help/%s has no link back to the guide", p.Slug)
		}
		if d.Find(`header.site a[href="/help"]`).Length() != 1 || d.Find("header.site .who").Length() != 0 {
			t.Errorf("/help/%s: the signed-out header is wrong:\n%s", p.Slug, d.Find("header.site").Text())
		}
		if r.Header.Get("Content-Security-Policy") == "" || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
			r.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("/help/%s lacks the security headers: %v", p.Slug, r.Header)
		}
	}
}

// Signed in, a help page shows the usual header: the user, the navigation,
// the search box, and the help link marked as the current one.
func TestHelpPagesSignedIn(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("vi", claimline.RoleViewer))
	for _, path := range []string{"/help", "/help/search"} {
		r := c.get(path)
		wantStatus(t, r, http.StatusOK)
		d := r.doc(t)
		if who := d.Find("header.site .who.wide a").First().Text(); who != "vi" {
			t.Errorf("%s: header names %q, want vi", path, who)
		}
		if d.Find(`header.site nav a[href="/sources"]`).Length() == 0 || d.Find(`header.site form[role="search"]`).Length() == 0 {
			t.Errorf("%s: no navigation or search box in the header", path)
		}
		if cur := d.Find(`header.site a.help-link[aria-current="page"]`).Length(); cur != 1 {
			t.Errorf("%s: %d current help links in the header", path, cur)
		}
	}
	// Every other page links to the guide from its header too.
	d := c.get("/").doc(t)
	if d.Find(`header.site a[href="/help"]`).Length() != 1 {
		t.Errorf("the timelines page has no help link in its header")
	}
}

// Every link to the guide resolves: each link between help pages, and each
// link from a form's hint, reaches a page that exists, at an element that
// exists when it names one (#fragment).
func TestHelpLinksResolve(t *testing.T) {
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	if _, err := demo.Load(t.Context(), h.app); err != nil {
		t.Fatal(err)
	}
	c := h.signedIn(ed)
	docs := map[string]*goquery.Document{} // by path, fetched once
	fetch := func(path string) *goquery.Document {
		if d, ok := docs[path]; ok {
			return d
		}
		r := c.get(path)
		if r.StatusCode != http.StatusOK {
			docs[path] = nil
			return nil
		}
		docs[path] = r.doc(t)
		return docs[path]
	}
	// The pages with hints that link to the guide: the entry form (dates),
	// the import page (columns and dates), a claim page and the reader's
	// evidence form (quoted passages), the search page (syntax).
	tl, err := h.st.TimelineBySlug(t.Context(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := h.st.Entries(t.Context(), tl.ID, claimline.EntryFilter{})
	if err != nil || len(entries.Entries) == 0 || len(entries.Entries[len(entries.Entries)-1].Claims) == 0 {
		t.Fatalf("the demo's entries: %v", err)
	}
	claim := entries.Entries[len(entries.Entries)-1].Claims[0].ID
	forms := map[string]string{ // page → a guide link it must hold
		"/timelines/" + demo.Slug + "/entries/new": "/help/timelines-and-dates#date-formats",
		"/import": "/help/import-export#csv-columns",
		"/claims/" + strconv.FormatInt(claim, 10): "/help/claims-and-evidence#quote-matching",
		"/sources/1/evidence?quote=Putin":         "/help/claims-and-evidence#quote-matching",
		"/search?q=putin":                         "/help/search#syntax",
	}
	queue := []string{"/help"}
	for _, s := range guide.Slugs() {
		queue = append(queue, "/help/"+s)
	}
	for page, want := range forms {
		d := fetch(page)
		if d == nil {
			t.Fatalf("%s does not answer 200", page)
		}
		if d.Find(`main a[href="`+want+`"]`).Length() == 0 {
			t.Errorf("%s has no link to %s", page, want)
		}
		queue = append(queue, page)
	}
	checked := 0
	for _, from := range queue {
		d := fetch(from)
		if d == nil {
			t.Errorf("%s does not answer 200", from)
			continue
		}
		d.Find(`a[href^="/help"]`).Each(func(_ int, a *goquery.Selection) {
			href := a.AttrOr("href", "")
			u, err := url.Parse(href)
			if err != nil {
				t.Errorf("%s: link %q: %v", from, href, err)
				return
			}
			target := fetch(u.Path)
			switch {
			case target == nil:
				t.Errorf("%s links to %s, which does not answer 200", from, href)
			case u.Fragment != "" && target.Find(`[id="`+u.Fragment+`"]`).Length() == 0:
				t.Errorf("%s links to %s: no element with id %q there", from, href, u.Fragment)
			}
			checked++
		})
		// Links within a page (the list of its sections).
		d.Find(`main a[href^="#"]`).Each(func(_ int, a *goquery.Selection) {
			id := strings.TrimPrefix(a.AttrOr("href", ""), "#")
			if strings.HasPrefix(from, "/help") && d.Find(`[id="`+id+`"]`).Length() == 0 {
				t.Errorf("%s links to #%s, which is not on the page", from, id)
			}
		})
	}
	if checked < 50 {
		t.Errorf("only %d links to the guide checked", checked)
	}
}

// An unknown topic is 404, and a topic is never a way to reach other
// files: the name is looked up among the topics, never read from disk.
func TestHelpUnknownTopics(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	for _, path := range []string{
		"/help/unknown",
		"/help/..%2fstatic%2fapp.css",
		"/help/%2e%2e%2fstatic%2fapp.css",
		"/help/..%2f..%2fgo.mod",
		"/help/getting-started.md",
		"/help/Getting-Started",
		"/help/getting-started%00",
		"/help/getting-started/extra",
	} {
		r := c.get(path)
		wantStatus(t, r, http.StatusNotFound)
		if strings.Contains(r.body, ":root") || strings.Contains(r.body, "module claimline") || strings.Contains(r.body, "guide-body") {
			t.Errorf("%s answered with a file or a guide page:\n%.300s", path, r.body)
		}
	}
	// The guide is read only: no other method is answered.
	if r := c.do(http.MethodPost, "/help/getting-started", url.Values{}); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST to a help page: %d", r.StatusCode)
	}
}

// The search box finds the guide's pages by the words of their text, for
// every role, in a group of their own that links to the section.
func TestSearchFindsHelpPages(t *testing.T) {
	h, vi := demoHarness(t) // a viewer, the lowest role
	r := vi.get("/search?q=" + url.QueryEscape("restoring backups"))
	wantStatus(t, r, http.StatusOK)
	d := r.doc(t)
	var hrefs []string
	d.Find("#results-help li.hit a.hit-title").Each(func(_ int, a *goquery.Selection) {
		hrefs = append(hrefs, a.AttrOr("href", ""))
	})
	if len(hrefs) == 0 || hrefs[0] != "/help/administration#restore" {
		t.Fatalf("help results: %q", hrefs)
	}
	if marks := d.Find("#results-help li.hit").First().Find(".snippet mark").Text(); !strings.Contains(strings.ToLower(marks), "backup") {
		t.Errorf("marked words in the first help result: %q", marks)
	}
	if d.Find(`nav.search-kinds a[href="#results-help"]`).Length() != 1 {
		t.Errorf("the kinds of results do not list the help pages")
	}
	// A word only the guide holds: help results, and no "nothing matches".
	r = vi.get("/search?q=Timesketch")
	d = r.doc(t)
	if d.Find(`#results-help a[href^="/help/import-export"]`).Length() == 0 || strings.Contains(r.body, "Nothing matches") {
		t.Errorf("searching for Timesketch:\n%s", d.Find("main").Text())
	}
	// One kind of result, or one timeline, shows no help pages.
	for _, q := range []string{"&kind=entries", "&timeline=" + demo.Slug} {
		if n := vi.get("/search?q=backups" + q).doc(t).Find("#results-help").Length(); n != 0 {
			t.Errorf("search with %s shows help results", q)
		}
	}
	// Signed out, search is for members only: the guide is public, the
	// team's search is not.
	if r := h.client().get("/search?q=backups"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("search signed out: %d", r.StatusCode)
	}
}
