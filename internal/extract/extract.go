// Package extract turns uploaded or fetched documents into the plain text
// claimline stores: a title and readable text. HTML is never kept as markup
// for display; its readable text is extracted.
package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
)

// Document is the readable text of a document and what was learnt about it.
type Document struct {
	Title  string
	Text   string
	Author string // from HTML metadata, when present
	Outlet string // the site name, when present
}

// MaxSize is the largest document accepted, in bytes.
const MaxSize = 5 << 20

// CheckSize returns an error naming the file when size is over MaxSize.
func CheckSize(name string, size int64) error {
	if size > MaxSize {
		return fmt.Errorf("%s is larger than %d MiB", name, MaxSize>>20)
	}
	return nil
}

// IsHTML reports whether a file name or media type says HTML.
func IsHTML(nameOrType string) bool {
	s := strings.ToLower(nameOrType)
	return strings.HasSuffix(s, ".html") || strings.HasSuffix(s, ".htm") || strings.HasPrefix(s, "text/html")
}

// Text cleans plain text as captured: it must be UTF-8 without NUL bytes (so
// binary files are refused), loses a byte-order mark, and gets LF line ends,
// so that the same article pasted or uploaded hashes the same. The title is
// the first non-empty line, without Markdown heading marks.
func Text(name string, b []byte) (Document, error) {
	if err := CheckSize(name, int64(len(b))); err != nil {
		return Document{}, err
	}
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return Document{}, fmt.Errorf("%s is not a UTF-8 text file", name)
	}
	s := CleanText(string(b))
	if strings.TrimSpace(s) == "" {
		return Document{}, fmt.Errorf("%s is empty", name)
	}
	return Document{Title: firstLine(s), Text: s}, nil
}

// CleanText drops a byte-order mark and turns CRLF and CR line ends into LF.
func CleanText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
		if line != "" {
			if r := []rune(line); len(r) > 200 {
				line = string(r[:200]) + "…"
			}
			return line
		}
	}
	return ""
}

// HTML extracts the readable text of an HTML page. pageURL, when known,
// helps the extractor; its last path element stands in for a missing title.
func HTML(name string, b []byte, pageURL *url.URL) (Document, error) {
	if len(b) > MaxSize {
		return Document{}, fmt.Errorf("%s is larger than %d MiB", name, MaxSize>>20)
	}
	article, err := readability.FromReader(bytes.NewReader(b), pageURL)
	if err != nil {
		return Document{}, fmt.Errorf("%s: no readable text found: %w", name, err)
	}
	var text strings.Builder
	if article.Node != nil {
		if err := article.RenderText(&text); err != nil {
			return Document{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	d := Document{Title: strings.TrimSpace(article.Title()), Text: tidy(text.String()),
		Author: strings.TrimSpace(article.Byline()), Outlet: strings.TrimSpace(article.SiteName())}
	if strings.TrimSpace(d.Text) == "" {
		return Document{}, fmt.Errorf("%s: no readable text found", name)
	}
	if d.Title == "" {
		d.Title = firstLine(d.Text)
		if pageURL != nil && d.Title == "" {
			d.Title = path.Base(pageURL.Path)
		}
	}
	return d, nil
}

// tidy trims each line of extracted text and keeps at most one blank line
// between paragraphs.
func tidy(s string) string {
	lines := strings.Split(CleanText(s), "\n")
	var out []string
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// File extracts a document by its name: HTML (.html, .htm) gets its readable
// text and is kept as the original; text and Markdown (.txt, .md) are cleaned.
// When fetched is set the document came from that web address and its
// content type has already been checked, so a plain-text page needs no
// extension. Other files are refused with a message naming them.
func File(name string, b []byte, fetched *url.URL) (doc Document, original []byte, originalType string, err error) {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case IsHTML(name):
		doc, err = HTML(name, b, fetched)
		return doc, b, "text/html", err
	case ext == ".txt" || ext == ".md" || ext == ".text" || ext == ".markdown" || fetched != nil:
		doc, err = Text(name, b)
		return doc, nil, "", err
	}
	return Document{}, nil, "", fmt.Errorf("%s: only .txt, .md and .html files can be added", name)
}
