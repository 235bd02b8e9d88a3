package guide_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"claimline/internal/guide"
	"claimline/web"
)

// Every topic has its Markdown file in web/help, and every file there is a
// topic: a page nobody can reach, or a topic with no page, is a mistake.
func TestEveryTopicHasAPageAndEveryPageATopic(t *testing.T) {
	files, err := fs.Glob(web.Help, "*")
	if err != nil {
		t.Fatal(err)
	}
	var topics []string
	for _, s := range guide.Slugs() {
		topics = append(topics, s+".md")
	}
	slices.Sort(files)
	slices.Sort(topics)
	if !slices.Equal(files, topics) {
		t.Errorf("web/help holds %q,\nguide.Slugs names %q", files, topics)
	}
	if _, err := guide.New(web.Help); err != nil {
		t.Fatal(err)
	}
}

// New refuses a set of files that does not match the topics.
func TestNewRefusesMissingAndStrayPages(t *testing.T) {
	full := fstest.MapFS{}
	for _, s := range guide.Slugs() {
		full[s+".md"] = &fstest.MapFile{Data: []byte("# " + s + "\n\nText.\n")}
	}
	if _, err := guide.New(full); err != nil {
		t.Fatalf("a page per topic: %v", err)
	}
	missing := fstest.MapFS{}
	for k, v := range full {
		missing[k] = v
	}
	delete(missing, "search.md")
	if _, err := guide.New(missing); err == nil || !strings.Contains(err.Error(), "search") {
		t.Errorf("a topic without its page: %v", err)
	}
	stray := fstest.MapFS{"stray.md": {Data: []byte("# Stray\n")}}
	for k, v := range full {
		stray[k] = v
	}
	if _, err := guide.New(stray); err == nil || !strings.Contains(err.Error(), "stray.md") {
		t.Errorf("a page without a topic: %v", err)
	}
	untitled := fstest.MapFS{}
	for k, v := range full {
		untitled[k] = v
	}
	untitled["teams.md"] = &fstest.MapFile{Data: []byte("No title here.\n")}
	if _, err := guide.New(untitled); err == nil || !strings.Contains(err.Error(), "teams.md") {
		t.Errorf("a page without its title: %v", err)
	}
}

// Each page has a title, a lead paragraph and sections with ids, and its
// HTML holds nothing the Content-Security-Policy would refuse.
func TestPagesRender(t *testing.T) {
	g, err := guide.New(web.Help)
	if err != nil {
		t.Fatal(err)
	}
	pages := g.Pages()
	if len(pages) != len(guide.Slugs()) {
		t.Fatalf("%d pages for %d topics", len(pages), len(guide.Slugs()))
	}
	for i, p := range pages {
		if p.Slug != guide.Slugs()[i] || p.Title == "" || p.Lead == "" || len(p.Headings) == 0 {
			t.Errorf("page %d: slug %q, title %q, lead %.40q, %d sections", i, p.Slug, p.Title, p.Lead, len(p.Headings))
		}
		if strings.Contains(p.HTML, "<h1") {
			t.Errorf("%s: the title is rendered twice (the view shows it)", p.Slug)
		}
		for _, bad := range []string{"style=", "<script", "raw HTML omitted", "javascript:"} {
			if strings.Contains(p.HTML, bad) {
				t.Errorf("%s: the HTML holds %q", p.Slug, bad)
			}
		}
		for _, h := range p.Headings {
			if h.ID == "" || !strings.Contains(p.HTML, `<h2 id="`+h.ID+`">`) {
				t.Errorf("%s: section %q has no id %q in the HTML", p.Slug, h.Text, h.ID)
			}
		}
	}
}

// Markdown's raw HTML is never passed through: goldmark's default, kept.
func TestRawHTMLIsNotRendered(t *testing.T) {
	files := fstest.MapFS{}
	for _, s := range guide.Slugs() {
		files[s+".md"] = &fstest.MapFile{Data: []byte("# T\n\nText.\n")}
	}
	files["search.md"] = &fstest.MapFile{Data: []byte("# Search\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> and [a link](javascript:alert(1))\n")}
	g, err := guide.New(files)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, _ := g.Page("search")
	for _, bad := range []string{"<script", "<img", "onerror", "javascript:"} {
		if strings.Contains(p.HTML, bad) {
			t.Errorf("the HTML holds %q:\n%s", bad, p.HTML)
		}
	}
}

func TestPageNeighbours(t *testing.T) {
	g, err := guide.New(web.Help)
	if err != nil {
		t.Fatal(err)
	}
	slugs := guide.Slugs()
	p, prev, next, ok := g.Page(slugs[1])
	if !ok || p.Slug != slugs[1] || prev.Slug != slugs[0] || next.Slug != slugs[2] {
		t.Errorf("Page(%s) = %s, prev %s, next %s, %v", slugs[1], p.Slug, prev.Slug, next.Slug, ok)
	}
	if _, prev, _, _ := g.Page(slugs[0]); prev.Slug != "" {
		t.Errorf("the first page has a previous one: %s", prev.Slug)
	}
	if _, _, next, _ := g.Page(slugs[len(slugs)-1]); next.Slug != "" {
		t.Errorf("the last page has a next one: %s", next.Slug)
	}
	for _, bad := range []string{"", "unknown", "../static/app.css", "getting-started.md", "Getting-Started"} {
		if _, _, _, ok := g.Page(bad); ok {
			t.Errorf("Page(%q) found a page", bad)
		}
	}
}

func TestSearch(t *testing.T) {
	g, err := guide.New(web.Help)
	if err != nil {
		t.Fatal(err)
	}
	first := func(q string) guide.Hit {
		t.Helper()
		hits := g.Search(q)
		if len(hits) == 0 {
			t.Fatalf("%q finds nothing", q)
		}
		return hits[0]
	}
	tests := []struct{ q, slug, url, marked string }{
		// Word forms, as the search index folds them: "backups" and
		// "restoring" are found by "backup restore".
		{"backup restore", "administration", "/help/administration#restore", "backup"},
		{"precision", "timelines-and-dates", "/help/timelines-and-dates#precision", "precision"},
		{`"trusted-proxies"`, "administration", "", "trusted-proxies"},
		{"Quote matching dashes", "claims-and-evidence", "/help/claims-and-evidence#quote-matching", ""},
		{"TIMESKETCH", "import-export", "/help/import-export#timesketch", "Timesketch"},
	}
	for _, tt := range tests {
		h := first(tt.q)
		if h.Slug != tt.slug || tt.url != "" && h.URL != tt.url {
			t.Errorf("%q: first hit %s at %s, want %s at %s", tt.q, h.Slug, h.URL, tt.slug, tt.url)
		}
		var marks []string
		for _, part := range h.Snippet {
			if part.Mark {
				marks = append(marks, part.Text)
			}
		}
		if len(marks) == 0 || tt.marked != "" && !slices.Contains(marks, tt.marked) {
			t.Errorf("%q: marked %q in %q, want %q", tt.q, marks, h.Snippet.String(), tt.marked)
		}
		if len(h.Snippet.String()) > 400 {
			t.Errorf("%q: a snippet of %d bytes", tt.q, len(h.Snippet.String()))
		}
	}
	// An exclusion removes the pages that hold the word.
	for _, h := range g.Search("quote -dash") {
		if h.Slug == "claims-and-evidence" {
			t.Errorf(`"quote -dash" finds the page on dashes in quotes`)
		}
	}
	for _, q := range []string{"", "-backup", "*", "xylophone"} {
		if hits := g.Search(q); len(hits) != 0 {
			t.Errorf("%q finds %d pages", q, len(hits))
		}
	}
}

// FuzzSearch searches the guide with any query: no panic, and every hit
// links into the guide with a snippet of valid text of reasonable length.
func FuzzSearch(f *testing.F) {
	g, err := guide.New(web.Help)
	if err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"backup restore", `"at war"`, "escalat*", "quote -dash", "kyiv OR london", "é\xff", "-", "a OR"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, h := range g.Search(q) {
			s := h.Snippet.String()
			if !strings.HasPrefix(h.URL, "/help/"+h.Slug) || h.Title == "" || !utf8.ValidString(s) || len(s) > 2000 {
				t.Fatalf("%q: hit %+v", q, h)
			}
		}
	})
}
