// Package extract turns uploaded or fetched documents into the plain text
// claimline stores: a title and readable text. HTML is never kept as markup
// for display; its readable text is extracted.
package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"

	"claimline/internal/claimline"
)

// Document is the readable text of a document and what was learnt about it.
type Document struct {
	Title  string
	Text   string
	Author string // from HTML metadata, when present
	Outlet string // the site name, when present
	// URL is the address the document says it was saved from (a clipped
	// Markdown file's front matter), an absolute http or https address, or "".
	URL string
	// Published is the publication date from the page's metadata, in ISO
	// form at the precision it was written ("2024-09-12",
	// "2024-09-12T14:30"), or "".
	Published string
	// TitleSuggested says the title was not given by the document (no
	// headline line, no HTML title) but made from its first sentence.
	TitleSuggested bool
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
	title, suggested := TitleOf(s)
	return Document{Title: title, Text: s, TitleSuggested: suggested}, nil
}

// CleanText drops a byte-order mark, turns CRLF and CR line ends into LF,
// and drops the white space around the whole text: a text pasted again
// with a blank line after it is the same text.
func CleanText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}

// Headline limits: a first line longer than this, or ending in a full stop,
// reads as body text rather than a headline.
const (
	headlineMax  = 150 // characters
	suggestedMax = 100 // characters of a title made from the first sentence
)

// TitleOf returns a title for a plain text: its first line when that reads
// as a headline (short, no closing full stop), otherwise its first
// sentence cut at a word boundary, marked as suggested.
func TitleOf(s string) (title string, suggested bool) {
	line := firstLine(s)
	if n := utf8.RuneCountInString(line); n <= headlineMax && !strings.HasSuffix(line, ".") && !strings.HasSuffix(line, "…") {
		return line, false
	}
	return firstSentence(s), true
}

// firstSentence returns the first sentence of the first non-empty line, cut
// at a word boundary to suggestedMax characters with an ellipsis.
func firstSentence(s string) string {
	var line string
	for _, l := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "#")); line != "" {
			break
		}
	}
	if i := sentenceEnd(line); i > 0 {
		line = line[:i]
	}
	line = strings.TrimSuffix(line, ".")
	r := []rune(line)
	if len(r) <= suggestedMax {
		return line
	}
	cut := string(r[:suggestedMax])
	if i := strings.LastIndexByte(cut, ' '); i > suggestedMax/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:–—-") + "…"
}

// sentenceEnd returns the index just after the full stop, question or
// exclamation mark that ends the first sentence (one followed by a space
// and a capital letter or opening quote), or -1.
func sentenceEnd(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' && !abbreviation(s[:i]) || s[i] == '?' || s[i] == '!') && s[i+1] == ' ' {
			next, _ := utf8.DecodeRuneInString(s[i+2:])
			if unicode.IsUpper(next) || next == '“' || next == '"' {
				return i + 1
			}
		}
	}
	return -1
}

// abbreviation reports whether the word ending s is one that takes a full
// stop inside a sentence: "Mr", "Dr", "St", "U.S".
func abbreviation(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	r, _ := utf8.DecodeRuneInString(w)
	return strings.Contains(w, ".") || (utf8.RuneCountInString(w) <= 3 && unicode.IsUpper(r))
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
	return html(name, b, pageURL)
}

// Page extracts the readable text of a page captured in a browser: the
// document as the browser held it, whose size the caller has checked
// (captured pages carry their scripts' output and may be larger than files
// people upload).
func Page(b []byte, pageURL *url.URL) (Document, error) {
	return html("The page", b, pageURL)
}

func html(name string, b []byte, pageURL *url.URL) (Document, error) {
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
		Outlet: strings.TrimSpace(article.SiteName()), Published: published(article, b)}
	var dated string
	d.Author, dated = byline(article.Byline())
	if d.Published == "" {
		d.Published = dated
	}
	switch {
	case strings.EqualFold(d.Author, d.Outlet):
		d.Author = "" // "ABC News" wrote it: the outlet, already named
	case d.Outlet == "" && isOutletName(d.Author):
		d.Outlet, d.Author = d.Author, ""
	}
	if strings.TrimSpace(d.Text) == "" {
		return Document{}, fmt.Errorf("%s: no readable text found", name)
	}
	if d.Title == "" {
		d.Title, d.TitleSuggested = TitleOf(d.Text)
		if pageURL != nil && d.Title == "" {
			d.Title = path.Base(pageURL.Path)
		}
	}
	return d, nil
}

// byline returns the author a page's byline names, without its "By" and
// without a date written after the names ("By Jon Hemmerdinger, 14 March
// 2024", "By A. Reporter | Updated March 14, 2024"), and that date in ISO
// form, or "".
func byline(s string) (author, date string) {
	s = strings.TrimSpace(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	for _, sep := range []string{" | ", " — ", " – ", " - ", ", "} {
		i := strings.LastIndex(s, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(s[i+len(sep):])
		for _, word := range []string{"Published ", "Updated ", "published ", "updated ", "on "} {
			tail = strings.TrimPrefix(tail, word)
		}
		if d, _, err := claimline.ParseDate(tail); err == nil && d.Precision >= claimline.PrecisionDay {
			return strings.TrimSpace(s[:i]), d.ISO()
		}
	}
	return s, ""
}

// isOutletName reports whether a page's author is a newsroom rather than a
// person ("ABC News", "Reuters Staff", "Reuters"): metadata often names the
// outlet there. A person's name may hold such a word ("Eyal Press"): the
// newsroom's word must end a name of two words or more, or the name be a
// news agency's.
func isOutletName(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	if len(words) == 0 {
		return false
	}
	switch strings.Join(words, " ") {
	case "reuters", "ap", "afp", "associated press", "the associated press", "bloomberg", "xinhua", "dpa", "upi", "press association":
		return true
	}
	switch words[len(words)-1] {
	case "news", "newsroom", "staff", "desk", "editors", "team", "agency":
		return len(words) >= 2
	}
	return false
}

// reTimeElement finds the first <time datetime="..."> of a page; reISOPrefix
// reads an ISO date at the precision it is written.
var (
	reTimeElement = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<time\b[^>]*\bdatetime\s*=\s*["']([^"']+)["']`) })
	reISOPrefix   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})(-\d{2}(-\d{2}([T ]\d{2}:\d{2})?)?)?`) })
)

// published returns the page's publication date in ISO form at its
// precision: from the readability library (Open Graph and
// article:published_time, JSON-LD datePublished, Dublin Core), else from
// the first <time datetime> element, else "". A timestamp keeps the local
// day and time the page gives, not converted to UTC, so that a late-evening
// article in New York is not dated the next day.
func published(article readability.Article, page []byte) string {
	if t, err := article.PublishedTime(); err == nil && t.Year() > 1900 {
		if t.Hour() == 0 && t.Minute() == 0 {
			return t.Format("2006-01-02")
		}
		return t.Format("2006-01-02T15:04")
	}
	if m := reTimeElement().FindSubmatch(page); m != nil {
		if iso := reISOPrefix().FindString(strings.TrimSpace(string(m[1]))); iso != "" {
			return strings.Replace(iso, " ", "T", 1)
		}
	}
	return ""
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

// File extracts a document by its name: HTML (.html, .htm) and Markdown
// (.md, .markdown) get their readable text and are kept as the original;
// text (.txt) is cleaned.
// When fetched is set the document came from that web address and its
// content type has already been checked, so a plain-text page needs no
// extension. Other files are refused with a message naming them.
func File(name string, b []byte, fetched *url.URL) (doc Document, original []byte, originalType string, err error) {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case IsHTML(name):
		doc, err = HTML(name, b, fetched)
		return doc, b, "text/html", err
	case ext == ".md" || ext == ".markdown":
		doc, err = Markdown(name, b)
		return doc, b, "text/markdown", err
	case ext == ".txt" || ext == ".text" || fetched != nil:
		doc, err = Text(name, b)
		return doc, nil, "", err
	}
	return Document{}, nil, "", fmt.Errorf("%s: only .txt, .md and .html files can be added", name)
}
