// Package guide is claimline's user guide: the Markdown pages of web/help,
// rendered to HTML once, listed in reading order and searchable in memory.
// It knows nothing of HTTP.
package guide

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"claimline/internal/search"
)

// Slugs are the guide's topics in reading order. Each is the page
// <slug>.md of the guide's files, and is served at /help/<slug>.
func Slugs() []string {
	return []string{
		"getting-started",
		"timelines-and-dates",
		"sources",
		"claims-and-evidence",
		"workbench",
		"capture",
		"search",
		"import-export",
		"teams",
		"api",
		"administration",
	}
}

// Page is one topic of the guide.
type Page struct {
	Slug  string
	Title string // the Markdown's first-level heading
	Lead  string // its first paragraph as plain text, for the index
	// HTML is the page rendered without its title. It comes from our own
	// Markdown only, rendered without raw HTML (goldmark's default), so a
	// page may show it as it is.
	HTML     string
	Headings []Heading // the sections (second-level headings), in order
	blocks   []block   // the text, for Search
}

// Heading is a section of a page: its element id and its text.
type Heading struct {
	ID, Text string
}

// Guide is every page, rendered.
type Guide struct {
	pages []Page
}

// New reads and renders the page of every topic in Slugs from files. It
// fails when a topic has no page, a page is no topic, or a page does not
// start with its title.
func New(files fs.FS) (*Guide, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone))),
		// Headings get ids for links to a section; {#id} pins one that
		// other pages or forms link to.
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
	)
	names, err := fs.Glob(files, "*.md")
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, s := range Slugs() {
		want[s+".md"] = true
	}
	for _, n := range names {
		if !want[n] {
			return nil, fmt.Errorf("guide: %s is not a topic; add it to guide.Slugs", n)
		}
	}
	g := &Guide{}
	for _, slug := range Slugs() {
		src, err := fs.ReadFile(files, slug+".md")
		if err != nil {
			return nil, fmt.Errorf("guide: topic %s: %w", slug, err)
		}
		p, err := render(md, slug, src)
		if err != nil {
			return nil, fmt.Errorf("guide: %s.md: %w", slug, err)
		}
		g.pages = append(g.pages, p)
	}
	return g, nil
}

// render parses one page, takes its title off and renders the rest.
func render(md goldmark.Markdown, slug string, src []byte) (Page, error) {
	doc := md.Parser().Parse(text.NewReader(src))
	h, ok := doc.FirstChild().(*ast.Heading)
	if !ok || h.Level != 1 {
		return Page{}, fmt.Errorf("it must start with its title, a first-level heading")
	}
	p := Page{Slug: slug, Title: plain(h, src)}
	doc.RemoveChild(doc, h)
	p.blocks = blocks(doc, src, p.Title)
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if para, ok := n.(*ast.Paragraph); ok {
			p.Lead = plain(para, src)
			break
		}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			p.Headings = append(p.Headings, Heading{ID: headingID(h), Text: plain(h, src)})
		}
	}
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, src, doc); err != nil {
		return Page{}, err
	}
	p.HTML = b.String()
	return p, nil
}

// headingID is the id goldmark gave a heading.
func headingID(h *ast.Heading) string {
	if v, ok := h.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	}
	return ""
}

// plain is the text of a node's inline content, without markup.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// Pages returns every page in reading order.
func (g *Guide) Pages() []Page { return append([]Page(nil), g.pages...) }

// Page returns the page of a topic, with the pages before and after it in
// reading order (zero at either end), or ok false for no such topic.
func (g *Guide) Page(slug string) (p, prev, next Page, ok bool) {
	for i, x := range g.pages {
		if x.Slug != slug {
			continue
		}
		if i > 0 {
			prev = g.pages[i-1]
		}
		if i+1 < len(g.pages) {
			next = g.pages[i+1]
		}
		return x, prev, next, true
	}
	return Page{}, Page{}, Page{}, false
}

// URL is the page's address, at the section with the given id if any.
func URL(slug, id string) string {
	u := path.Join("/help", slug)
	if id != "" {
		u += "#" + id
	}
	return u
}

// block is a piece of a page's text that search may show as a snippet: a
// heading, a paragraph, a list item, a table row or a code block, with the
// section it is in.
type block struct {
	text    string
	words   []search.Word
	weight  int    // how much a match here counts
	section string // the id of the heading above, "" at the top
	heading string // that heading's text
	// headingAt is the index of that heading's block, -1 at the top.
	headingAt int
}

const (
	titleWeight   = 8
	headingWeight = 3
	bodyWeight    = 1
)

// blocks cuts a page into its blocks, in order, after its title.
func blocks(doc ast.Node, src []byte, title string) []block {
	out := []block{{text: title, words: search.Words(title), weight: titleWeight, headingAt: -1}}
	section, heading, at := "", "", -1
	add := func(text string, weight int) {
		if text = strings.TrimSpace(text); text != "" {
			out = append(out, block{text: text, words: search.Words(text), weight: weight, section: section, heading: heading, headingAt: at})
		}
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			section, heading, at = headingID(n), plain(n, src), len(out)
			add(heading, headingWeight)
		case *ast.Paragraph, *ast.TextBlock:
			add(plain(n, src), bodyWeight)
		case *east.TableRow, *east.TableHeader:
			var cells []string
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, plain(c, src))
			}
			add(strings.Join(cells, " — "), bodyWeight)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b strings.Builder
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			add(strings.Join(strings.Fields(b.String()), " "), bodyWeight)
		default:
			return ast.WalkContinue, nil
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}
