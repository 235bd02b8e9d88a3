// Package views holds claimline's HTML: templ components taking typed props,
// and the small pure functions that shape data for them.
package views

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"claimline/internal/claimline"
)

// Page is what every page's layout needs.
type Page struct {
	Title string
	User  *claimline.User // nil when signed out
	CSRF  string
	Nav   string // which header link is current: "timelines", "actors", "history", "users", "account"
	Flash string // a one-line confirmation after a redirect
	Query string // the site search's text, shown again in the header
	// FlashAt names the section of the page the flash belongs to (shown
	// there by SectionFlash), or "" for the top of the page.
	FlashAt string
	// Unread counts the notes mentioning the user that they have not
	// marked read.
	Unread int
	// Tray counts the clippings on an editor's tray; the tray's link
	// shows while it holds any (and not on the tray's own page).
	Tray int
}

// Errors are validation messages by form field name.
type Errors map[string]string

// ID formats an id for URLs.
func ID(id int64) string { return strconv.FormatInt(id, 10) }

// Path builds a URL path from parts, escaping each.
func Path(parts ...string) templ.SafeURL {
	u := ""
	for _, p := range parts {
		u += "/" + url.PathEscape(p)
	}
	return templ.SafeURL(u)
}

// When formats a time for "last edited … on …" lines.
func When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006, 15:04 UTC")
}

// Plural returns "1 entry", "2 entries".
func Plural(n int, one, many string) string { return claimline.Plural(n, one, many) }

// current returns the aria-current value for a navigation link.
func current(on bool) string {
	if on {
		return "page"
	}
	return "false"
}

// FieldAttrs describes a form control by its hints (element ids) and, when
// its field has an error, marks it aria-invalid and describes it by the
// message FieldError shows, so that a screen reader says what is wrong.
func FieldAttrs(errs Errors, field string, hints ...string) templ.Attributes {
	a := templ.Attributes{}
	if _, ok := errs[field]; ok {
		a["aria-invalid"] = "true"
		hints = append(hints, "err-"+field)
	}
	if len(hints) > 0 {
		a["aria-describedby"] = strings.Join(hints, " ")
	}
	return a
}

// QueryEscape escapes a value for a URL query.
func QueryEscape(s string) string { return url.QueryEscape(s) }

// Paragraphs splits text on blank lines, for readable display.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// FormatDate shows an entry reference's date as the timeline does.
func FormatDate(e claimline.EntryRef) string { return e.DisplayDate() }

// Shorten cuts text to at most n characters at a word boundary, with "…".
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// Quotation shows a passage of a source in quotation marks (see
// claimline.InQuotes).
func Quotation(passage string) string { return claimline.InQuotes(passage) }

// joinQuoted lists names for display, each in quotes.
func joinQuoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "“" + n + "”"
	}
	return strings.Join(q, ", ")
}

// joinNames lists names for display.
func joinNames(names []string) string { return strings.Join(names, ", ") }
