package extract

import (
	"bytes"
	"fmt"
	htmlesc "html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Markdown extracts the readable text of a Markdown file, as an article
// saved by a web clipper is: headings, paragraphs, list items and table rows
// become lines of plain text, links their words and images their
// descriptions, and the markup (#, *, [](…), raw HTML) is dropped, so that
// the reader shows the article and a quote is the text a person sees. Front
// matter between "---" lines gives the title, author, outlet, published
// date and address, under the names clippers write (title; author or
// authors; site or outlet; published or date; source or url). The file is
// kept as the original.
func Markdown(name string, b []byte) (Document, error) {
	if err := CheckSize(name, int64(len(b))); err != nil {
		return Document{}, err
	}
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return Document{}, fmt.Errorf("%s is not a UTF-8 text file", name)
	}
	src := []byte(CleanText(string(b)))
	meta, body := frontMatter(src)
	root := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser().Parse(text.NewReader(body))
	var w plainWriter
	w.blocks(root, body)
	d := Document{Text: tidy(w.String()), Title: meta["title"], Author: meta["author"], Outlet: meta["site"]}
	if d.Author == "" {
		d.Author = meta["authors"]
	}
	if d.Outlet == "" {
		d.Outlet = meta["outlet"]
	}
	for _, k := range []string{"source", "url"} {
		if u, err := url.Parse(meta[k]); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && d.URL == "" {
			d.URL = u.String()
		}
	}
	for _, k := range []string{"published", "date"} {
		if iso := reISOPrefix().FindString(meta[k]); iso != "" && d.Published == "" {
			d.Published = strings.Replace(iso, " ", "T", 1)
		}
	}
	if strings.TrimSpace(d.Text) == "" {
		return Document{}, fmt.Errorf("%s has no text outside its markup", name)
	}
	if d.Title == "" {
		d.Title, d.TitleSuggested = TitleOf(d.Text)
	}
	return d, nil
}

// frontMatter splits YAML front matter off a Markdown text and reads its
// plain "key: value" lines and its lists of "- item" lines (joined with
// ", "), keys in lower case, values without quotes or [[wiki link]]
// brackets. It is not a YAML parser: what it does not read is ignored.
func frontMatter(src []byte) (map[string]string, []byte) {
	meta := map[string]string{}
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) < 2 || strings.TrimSpace(lines[0]) != "---" {
		return meta, src
	}
	// It ends at the first line that is "---" or "..." alone, and holds
	// only YAML's kind of lines: a text that opens with a rule between
	// paragraphs is all body.
	end := 0
	for i := 1; i < len(lines) && end == 0; i++ {
		switch l := strings.TrimRight(lines[i], "\n"); {
		case l == "---" || l == "...":
			end = i
		case strings.TrimSpace(l) != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "#") &&
			!reYAMLKey().MatchString(l):
			return meta, src
		}
	}
	if end == 0 {
		return meta, src
	}
	head, body := strings.Join(lines[1:end], ""), []byte(strings.Join(lines[end+1:], ""))
	key := ""
	for _, line := range strings.Split(head, "\n") {
		if item, ok := strings.CutPrefix(strings.TrimSpace(line), "- "); ok && key != "" {
			if v := metaValue(item); v != "" && meta[key] != "" {
				meta[key] += ", " + v
			} else if v != "" {
				meta[key] = v
			}
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, " ") {
			key = ""
			continue
		}
		key = strings.ToLower(strings.TrimSpace(k))
		meta[key] = metaValue(v)
	}
	return meta, body
}

// reYAMLKey is a line of YAML that opens with a key: "title: …", "tags:".
var reYAMLKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_ .-]*:(\s|$)`) })

// metaValue is a front matter value without its quotes and wiki-link
// brackets.
func metaValue(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		v = v[1 : len(v)-1]
	}
	return strings.TrimSpace(strings.NewReplacer("[[", "", "]]", "").Replace(v))
}

// plainWriter writes the text of a Markdown tree: a blank line between
// blocks, one line per list item and table row.
type plainWriter struct{ strings.Builder }

// blocks writes the block children of n.
func (w *plainWriter) blocks(n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c, src)
	}
}

// block writes one block and the blank line after it.
func (w *plainWriter) block(c ast.Node, src []byte) {
	switch c := c.(type) {
	case *ast.HTMLBlock, *ast.ThematicBreak:
		return // markup, and a rule between parts
	case *ast.List:
		w.list(c, src)
	case *east.Table:
		for row := c.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cells = append(cells, strings.TrimSpace(inlineText(cell, src)))
			}
			w.WriteString(strings.Join(cells, " | ") + "\n")
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := c.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			w.Write(seg.Value(src))
		}
	case *ast.Blockquote:
		w.blocks(c, src)
		return
	default:
		if c.Type() == ast.TypeBlock && c.FirstChild() != nil && c.FirstChild().Type() == ast.TypeBlock {
			w.blocks(c, src)
			return
		}
		w.WriteString(inlineText(c, src) + "\n")
	}
	w.WriteString("\n")
}

// list writes a list's items, one a line, with their bullets or numbers;
// a nested list follows its item's line.
func (w *plainWriter) list(l *ast.List, src []byte) {
	n := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		mark := "• "
		if l.IsOrdered() {
			mark = strconv.Itoa(n) + ". "
			n++
		}
		w.WriteString(mark)
		lineOpen := true
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok {
				if lineOpen {
					w.WriteString("\n")
				}
				w.list(sub, src)
				lineOpen = false
				continue
			}
			if k := c.Kind(); k != ast.KindParagraph && k != ast.KindTextBlock {
				// A code block or a quotation inside the item: its own lines.
				if lineOpen {
					w.WriteString("\n")
				}
				w.block(c, src)
				lineOpen = false
				continue
			}
			if c != item.FirstChild() {
				w.WriteString(" ")
			}
			w.WriteString(inlineText(c, src))
			lineOpen = true
		}
		if lineOpen {
			w.WriteString("\n")
		}
	}
}

// inlineText is the text of n's inline content: words as written, with
// Markdown's escapes and character references resolved; a soft line break
// is a space, a hard one (or <br>) a new line; other raw HTML is dropped.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.RawHTML:
			if c.Segments.Len() > 0 && bytes.EqualFold(src[c.Segments.At(0).Start:min(c.Segments.At(0).Start+3, len(src))], []byte("<br")) {
				b.WriteString("\n")
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan: // as written: no escapes or references in code
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.String:
			b.Write(c.Value)
		case *ast.Text:
			b.WriteString(htmlesc.UnescapeString(unescapePunctuation(c.Segment.Value(src))))
			switch {
			case c.HardLineBreak():
				b.WriteString("\n")
			case c.SoftLineBreak():
				b.WriteString(" ")
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// unescapePunctuation drops the backslash of Markdown's escaped
// punctuation ("\*" is "*").
func unescapePunctuation(s []byte) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
