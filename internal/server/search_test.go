package server_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

func searchURL(kv ...string) string { return "/search?" + form(kv...).Encode() }

// groupCount reads the count shown in a kind's heading; -1 when the group
// is not shown.
func groupCount(t *testing.T, d *goquery.Document, kind string) int {
	t.Helper()
	s := d.Find("#results-" + kind + " h2 .count")
	if s.Length() == 0 {
		return -1
	}
	n, err := strconv.Atoi(s.Text())
	if err != nil {
		t.Fatalf("count of %s: %q", kind, s.Text())
	}
	return n
}

var passageHref = regexp.MustCompile(`^/sources/(\d+)\?hl=(\d+)-(\d+)#hl$`)

func TestSearchPageGroupsResults(t *testing.T) {
	h, c := demoHarness(t)
	r := c.get(searchURL("q", "long-range"))
	wantStatus(t, r, 200)
	d := r.doc(t)
	want, err := h.st.Search(context.Background(), claimline.SearchQuery{Text: "long-range"})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range want.Groups {
		got := groupCount(t, d, string(g.Kind))
		if g.Total == 0 && got != -1 || g.Total > 0 && got != g.Total {
			t.Errorf("%s: page shows %d, store finds %d", g.Kind, got, g.Total)
		}
		if g.Total > 0 {
			if n := d.Find("#results-" + string(g.Kind) + " li.hit").Length(); n != min(g.Total, 5) {
				t.Errorf("%s: %d hits shown of %d", g.Kind, n, g.Total)
			}
		}
	}
	if n := d.Find("#results-entries li.hit mark").Length(); n == 0 {
		t.Error("no matched word is marked in the entries")
	}
	// Each source result shows up to three passages, each linking to its
	// place in the reader, where the matched words stand.
	sources := d.Find("#results-sources li.hit")
	if sources.Length() == 0 {
		t.Fatal("no source results")
	}
	sources.Each(func(_ int, hit *goquery.Selection) {
		links := hit.Find("ul.passages a.passage")
		if links.Length() == 0 || links.Length() > 3 {
			t.Errorf("a source result has %d passages", links.Length())
		}
		links.Each(func(_ int, a *goquery.Selection) {
			m := passageHref.FindStringSubmatch(a.AttrOr("href", ""))
			if m == nil {
				t.Fatalf("passage link %q", a.AttrOr("href", ""))
			}
			id, _ := strconv.ParseInt(m[1], 10, 64)
			start, _ := strconv.Atoi(m[2])
			end, _ := strconv.Atoi(m[3])
			src, err := h.st.Source(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			passage := strings.ToLower(src.Text[start:end])
			if !strings.Contains(passage, "long") || !strings.Contains(passage, "range") {
				t.Errorf("passage [%d,%d) of source %d does not hold the words: %q", start, end, id, passage)
			}
			for _, mk := range a.Find("mark").EachIter() {
				if !strings.Contains(passage, strings.ToLower(mk.Text())) {
					t.Errorf("marked %q is not in the passage %q", mk.Text(), passage)
				}
			}
		})
	})
	if got := d.Find("#search-help").Text(); got != claimline.SearchHelp {
		t.Errorf("help line %q", got)
	}
	if got := d.Find(`header form[role=search] input[name=q]`).AttrOr("value", ""); got != "long-range" {
		t.Errorf("the header's search box shows %q", got)
	}
}

func TestSearchScopeAndPaging(t *testing.T) {
	h, c := demoHarness(t)
	ctx := claimline.NewContextWithUser(context.Background(), h.user("ed", claimline.RoleEditor))
	other, err := h.st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Zebras", Slug: "zebras"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 23 {
		if _, err := h.st.CreateEntry(ctx, other.ID, claimline.EntryInput{Date: fmt.Sprintf("2024-01-%02d", i+1), Kind: "other",
			Title: fmt.Sprintf("Zebra crossing %d", i), Description: "Long-range zebra study"}); err != nil {
			t.Fatal(err)
		}
	}
	all := c.get(searchURL("q", "long-range")).doc(t)
	scoped := c.get(searchURL("q", "long-range", "timeline", demo.Slug)).doc(t)
	zebras := c.get(searchURL("q", "long-range", "timeline", "zebras")).doc(t)
	if a, s, z := groupCount(t, all, "entries"), groupCount(t, scoped, "entries"), groupCount(t, zebras, "entries"); a != s+z || z != 23 || s <= 0 {
		t.Errorf("entries: %d in all, %d in the demo, %d in zebras", a, s, z)
	}
	if a, s := groupCount(t, all, "sources"), groupCount(t, zebras, "sources"); a != s || a <= 0 {
		t.Errorf("sources are not limited by timeline: %d and %d", a, s)
	}
	if groupCount(t, zebras, "claims") != -1 {
		t.Error("the zebras timeline shows claims of another timeline")
	}
	wantStatus(t, c.get(searchURL("q", "x", "timeline", "no-such")), 404)

	// One kind, paged by 20: every zebra once, and the pager links.
	seen := map[string]bool{}
	next := searchURL("q", "zebra", "kind", "entries")
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("the pager never ends")
		}
		d := c.get(next).doc(t)
		if d.Find("section.search-group").Length() != 1 {
			t.Fatalf("a kind's page shows %d groups", d.Find("section.search-group").Length())
		}
		d.Find("li.hit a.hit-title").Each(func(_ int, a *goquery.Selection) {
			if seen[a.Text()] {
				t.Errorf("%q shown twice", a.Text())
			}
			seen[a.Text()] = true
		})
		next = d.Find(`a[rel=next]`).AttrOr("href", "")
	}
	if len(seen) != 23 {
		t.Errorf("paging showed %d zebras, want 23", len(seen))
	}
	d := c.get(searchURL("q", "zebra", "kind", "entries", "page", "2")).doc(t)
	if got := d.Find("p.pager").Text(); !strings.Contains(got, "21–23 of 23") || d.Find("a[rel=prev]").Length() != 1 {
		t.Errorf("page 2 pager: %q", got)
	}
	if n := d.Find("li.hit").Length(); n != 3 {
		t.Errorf("page 2 has %d hits", n)
	}
}

func TestSearchQueryLanguage(t *testing.T) {
	h, c := demoHarness(t)
	ctx := claimline.NewContextWithUser(context.Background(), h.user("ed", claimline.RoleEditor))
	tl, _ := h.st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Words", Slug: "words"})
	for _, title := range []string{"Officials warned Moscow", "A warning to Kyiv", "Moscow warns London", "Zürich talks", "Переговоры в Москве"} {
		if _, err := h.st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		q    string
		want []string
	}{
		{`warn`, []string{"Officials warned Moscow", "A warning to Kyiv", "Moscow warns London"}},
		{`warn moscow`, []string{"Officials warned Moscow", "Moscow warns London"}},
		{`"warns london"`, []string{"Moscow warns London"}},
		{`"london warns"`, nil},
		{`warn -moscow`, []string{"A warning to Kyiv"}},
		{`kyiv OR london`, []string{"A warning to Kyiv", "Moscow warns London"}},
		{`offic*`, []string{"Officials warned Moscow"}},
		{`zurich`, []string{"Zürich talks"}},
		{`москве`, []string{"Переговоры в Москве"}},
	}
	for _, tt := range tests {
		d := c.get(searchURL("q", tt.q, "timeline", "words", "kind", "entries")).doc(t)
		var got []string
		d.Find("li.hit a.hit-title").Each(func(_ int, a *goquery.Selection) { got = append(got, a.Text()) })
		if strings.Join(sorted(got), "|") != strings.Join(sorted(tt.want), "|") {
			t.Errorf("%s: found %q, want %q", tt.q, got, tt.want)
		}
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestSearchSurvivesHostileQueries(t *testing.T) {
	h, c := demoHarness(t)
	for _, q := range []string{`"unbalanced quote`, `-`, `NEAR(`, `NEAR(putin nato, 2)`, `^`, `:`, `*`, `putin:nato`,
		`{title}: putin`, `AND`, `OR`, `NOT putin`, `"`, `""`, `-"`, `putin -`, `)(`, `\`, "\x00", `'; DROP TABLE entries; --`,
		strings.Repeat("putin ", 333) + "x", strings.Repeat("é", 2000), strings.Repeat(`"`, 2000)} {
		for _, extra := range [][]string{nil, {"kind", "sources", "page", "99999999999"}, {"kind", "bogus"}} {
			r := c.get(searchURL(append([]string{"q", q}, extra...)...))
			if r.StatusCode != 200 {
				t.Errorf("%.40q %v: status %d", q, extra, r.StatusCode)
				continue
			}
			if d := r.doc(t); d.Find("main form[role=search] input[name=q]").Length() != 1 {
				t.Errorf("%.40q: no search form on the answer", q)
			}
		}
	}
	if strings.Contains(h.log.String(), "level=ERROR") {
		t.Errorf("the server logged errors:\n%s", h.log.String())
	}
}

func TestSearchEscapesEverything(t *testing.T) {
	h, c := demoHarness(t)
	ctx := claimline.NewContextWithUser(context.Background(), h.user("ed", claimline.RoleEditor))
	tl, _ := h.st.CreateTimeline(ctx, claimline.TimelineInput{Title: "X", Slug: "x"})
	if _, err := h.st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other",
		Title: `<img src=x onerror=alert(1)> zebra`, Description: `<script>alert(1)</script> zebra <mark>fake</mark>`}); err != nil {
		t.Fatal(err)
	}
	r := c.get(searchURL("q", `zebra <b>bold</b>`))
	wantStatus(t, r, 200)
	d := r.doc(t)
	if d.Find("main img, main script, main b").Length() != 0 {
		t.Error("user text became HTML")
	}
	r = c.get(searchURL("q", "zebra"))
	d = r.doc(t)
	if d.Find("main img, main script").Length() != 0 || !strings.Contains(d.Find("li.hit").Text(), "<img src=x") {
		t.Errorf("the title is not shown as text: %s", d.Find("li.hit").Text())
	}
	d.Find("li.hit mark").Each(func(_ int, m *goquery.Selection) {
		if strings.ToLower(m.Text()) != "zebra" {
			t.Errorf("marked %q: only the matched word may be marked", m.Text())
		}
	})
}

func TestReaderHighlightsTheFoundPassage(t *testing.T) {
	h, c := demoHarness(t)
	ctx := claimline.NewContextWithUser(context.Background(), h.user("ed", claimline.RoleEditor))
	text := "First paragraph.\n\nThe zebra passage is here.\n\nLast one."
	src, _, err := h.st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Zebra", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	d := c.get(searchURL("q", "zebra", "kind", "sources")).doc(t)
	href := d.Find("ul.passages a.passage").First().AttrOr("href", "")
	if passageHref.FindStringSubmatch(href) == nil {
		t.Fatalf("passage link %q", href)
	}
	u, _ := url.Parse(href)
	r := c.get(u.RequestURI())
	wantStatus(t, r, 200)
	mark := r.doc(t).Find("article.reader #hl").Closest("mark")
	if got := mark.Text(); got != "The zebra passage is here." || mark.AttrOr("data-stance", "") != "found" {
		t.Errorf("highlighted %q (%s)", got, mark.AttrOr("data-stance", ""))
	}
	// Offsets that do not fit the text are ignored, not an error.
	for _, hl := range []string{"5-2", "-1-4", "0-999999", "x", "1-3", "99999999999999999999-1"} {
		r := c.get(fmt.Sprintf("/sources/%d?hl=%s", src.ID, url.QueryEscape(hl)))
		wantStatus(t, r, 200)
	}
}

func TestTimelineFilterAndSearchLink(t *testing.T) {
	h, c := demoHarness(t)
	ctx := claimline.NewContextWithUser(context.Background(), h.user("ed", claimline.RoleEditor))
	tl, err := h.st.TimelineBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024-09-20", Kind: "other", Title: "A quiet entry"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "Flamingos were sighted"}); err != nil {
		t.Fatal(err)
	}
	// The word is only in the claim's text, and in another form.
	d := c.get("/timelines/" + demo.Slug + "?q=flamingo").doc(t)
	var titles []string
	d.Find("li.entry h4").Each(func(_ int, s *goquery.Selection) { titles = append(titles, s.Text()) })
	if len(titles) != 1 || titles[0] != "A quiet entry" {
		t.Errorf("the text filter found %q", titles)
	}
	link := d.Find(`a:contains("Search this timeline")`).AttrOr("href", "")
	if link != searchURL("q", "flamingo", "timeline", demo.Slug) {
		t.Errorf("search link %q", link)
	}
}

// Notes are a group of their own: each links to its place in the entry's
// or claim's discussion, names its author and what it is on, keeps to a
// timeline when asked, and shows its text as text.
func TestSearchFindsNotes(t *testing.T) {
	h, c := demoHarness(t)
	u := h.user("vera", claimline.RoleViewer)
	ctx := claimline.NewContextWithUser(context.Background(), u)
	ed := claimline.NewContextWithUser(context.Background(), h.user("ed", claimline.RoleEditor))
	var entries []int64
	for _, slug := range []string{"zebras", "other"} {
		tl, err := h.st.CreateTimeline(ed, claimline.TimelineInput{Title: "Timeline " + slug, Slug: slug})
		if err != nil {
			t.Fatal(err)
		}
		e, err := h.st.CreateEntry(ed, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Entry of " + slug})
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e.ID)
	}
	cl, err := h.st.CreateClaim(ed, entries[0], claimline.ClaimInput{Text: "A striped claim"})
	if err != nil {
		t.Fatal(err)
	}
	onEntry, err := h.st.AddNote(ctx, entries[0], 0, claimline.NoteInput{Text: `<script>alert(1)</script> zebra <mark>fake</mark>`})
	if err != nil {
		t.Fatal(err)
	}
	onClaim, err := h.st.AddNote(ctx, entries[0], cl.ID, claimline.NoteInput{Text: "Which zebra said so?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.AddNote(ctx, entries[1], 0, claimline.NoteInput{Text: "A zebra elsewhere"}); err != nil {
		t.Fatal(err)
	}

	r := c.get(searchURL("q", "zebra"))
	wantStatus(t, r, 200)
	d := r.doc(t)
	if n := groupCount(t, d, "notes"); n != 3 {
		t.Errorf("notes group counts %d, want 3", n)
	}
	if d.Find(`.search-kinds a[href*="kind=notes"]`).Length() != 1 {
		t.Error("no link to the notes kind")
	}
	hits := d.Find("#results-notes li.hit")
	links := map[string]*goquery.Selection{}
	hits.Each(func(_ int, hit *goquery.Selection) { links[hit.Find("a.hit-title").AttrOr("href", "")] = hit })
	entryLink := fmt.Sprintf("/entries/%d#note-%d", entries[0], onEntry.ID)
	claimLink := fmt.Sprintf("/claims/%d#note-%d", cl.ID, onClaim.ID)
	for _, link := range []string{entryLink, claimLink} {
		hit := links[link]
		if hit == nil {
			t.Fatalf("no note links to %s; links %v", link, links)
		}
		if meta := hit.Find(".meta").Text(); !strings.Contains(meta, "by vera") || !strings.Contains(meta, "Entry of zebras") {
			t.Errorf("%s: meta %q does not name the author and the entry", link, meta)
		}
		page, anchor, _ := strings.Cut(link, "#")
		if c.get(page).doc(t).Find("#"+anchor).Length() != 1 {
			t.Errorf("%s has no element #%s", page, anchor)
		}
	}
	if meta := links[claimLink].Find(".meta").Text(); !strings.Contains(meta, "A striped claim") {
		t.Errorf("a note on a claim does not name the claim: %q", meta)
	}

	// Escaped: the note's markup stays text, and only the matched word is marked.
	if d.Find("main script").Length() != 0 || !strings.Contains(links[entryLink].Text(), "<script>alert(1)</script>") {
		t.Errorf("the note's text is not shown as text: %q", links[entryLink].Text())
	}
	hits.Find("mark").Each(func(_ int, m *goquery.Selection) {
		if strings.ToLower(m.Text()) != "zebra" {
			t.Errorf("marked %q: only the matched word may be marked", m.Text())
		}
	})

	// A timeline keeps its own notes; the kind's page shows notes only.
	if n := groupCount(t, c.get(searchURL("q", "zebra", "timeline", "zebras")).doc(t), "notes"); n != 2 {
		t.Errorf("notes of zebras: %d, want 2", n)
	}
	kd := c.get(searchURL("q", "zebra", "kind", "notes", "timeline", "other")).doc(t)
	if kd.Find("section.search-group").Length() != 1 || kd.Find("#results-notes li.hit").Length() != 1 {
		t.Errorf("kind=notes in other: %d groups, %d notes", kd.Find("section.search-group").Length(), kd.Find("#results-notes li.hit").Length())
	}
}
