// Package quote finds quoted passages in a source's text. Matching ignores
// differences that typing and copying introduce: runs of white space, curly
// versus straight quote marks, the kind of dash and the spaces around it,
// and "…" versus "...".
//
// Every normalised character comes from whole characters of the original, so
// a match never starts or ends inside one. Offsets returned are byte offsets
// into the original text, so a match can be highlighted exactly where it
// stands. A passage that starts or ends partway through an ellipsis ("wait.."
// against "wait…") gets the whole "…".
package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of the original text.
type Span struct{ Start, End int }

// normalized is a text in matching form, with each of its bytes mapped back
// to the original rune it came from.
type normalized struct {
	s          string
	start, end []int // original byte range of the rune behind each byte of s
}

// fold maps one rune to its matching form: "" drops it, " " is white space.
func fold(r rune) string {
	switch r {
	case '“', '”', '„', '‟', '«', '»', '″', '〝', '〞', '＂':
		return `"`
	case '‘', '’', '‚', '‛', '′', '`', '＇':
		return "'"
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－':
		return "-"
	case '…':
		// The ellipsis becomes three full stops, not the other way round:
		// a passage cut inside "..." (ending "wait." or starting ".. what")
		// must still match, and so must one typed "wait.." against "wait…".
		return "..."
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\ufeff': // soft hyphen, zero-width characters
		return ""
	}
	if unicode.IsSpace(r) {
		return " "
	}
	return string(r)
}

// normalize folds s: white space runs become one space, a run of dashes one
// dash, spaces next to a dash go, and leading and trailing spaces are dropped.
func normalize(s string) normalized {
	var b strings.Builder
	n := normalized{start: make([]int, 0, len(s)), end: make([]int, 0, len(s))}
	emit := func(f string, from, to int) {
		b.WriteString(f)
		for range len(f) {
			n.start, n.end = append(n.start, from), append(n.end, to)
		}
	}
	pendingSpace, lastDash := false, false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		f := fold(r)
		switch {
		case f == "":
		case f == " ":
			pendingSpace = b.Len() > 0 && !lastDash
		case f == "-" && lastDash:
			// A run of dashes is one dash: "--" is how people type "—".
			// The run's first dash stands for it in the normalised text.
			pendingSpace = false
		default:
			if pendingSpace && f != "-" {
				emit(" ", n.end[len(n.end)-1], i)
			}
			pendingSpace, lastDash = false, f == "-"
			emit(f, i, i+w)
		}
		i += w
	}
	n.s = b.String()
	return n
}

// Find returns the span of the first occurrence of passage in text, matched
// in normalised form, and whether there is one. Any passage cut from text
// is found. A passage of only white space is never found.
func Find(text, passage string) (Span, bool) {
	p := normalize(passage).s
	if p == "" {
		return Span{}, false
	}
	t := normalize(text)
	i := strings.Index(t.s, p)
	if i < 0 {
		return Span{}, false
	}
	return Span{t.start[i], t.end[i+len(p)-1]}, true
}

// Same reports whether two passages are equal in normalised form.
func Same(a, b string) bool { return normalize(a).s == normalize(b).s }
