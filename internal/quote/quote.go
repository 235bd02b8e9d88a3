// Package quote finds quoted passages in a source's text. Matching ignores
// differences that typing and copying introduce: runs of white space, curly
// versus straight quote marks and the apostrophe's look-alikes ("´", "ʼ"),
// the kind of dash and the spaces around it, and "…" versus "...".
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

// IsApostrophe reports whether r is an apostrophe or one of the marks
// typed or typeset for one (’, ´, ʼ and others), as quote matching folds
// them.
func IsApostrophe(r rune) bool {
	f, ok := fold(r)
	return r == '\'' || ok && f == "'"
}

// fold maps one rune to its matching form: "" drops it, " " is white space,
// and ok false keeps the rune as it is.
func fold(r rune) (f string, ok bool) {
	switch r {
	case '“', '”', '„', '‟', '«', '»', '″', '〝', '〞', '＂':
		return `"`, true
	case '‘', '’', '‚', '‛', '′', '`', '＇',
		'´',      // acute accent, typeset as an apostrophe ("Norway´s")
		'ʼ', 'ʹ', // modifier letters apostrophe and prime
		'ʻ': // modifier letter turned comma, an opening quote's look-alike
		return "'", true
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－':
		return "-", true
	case '…':
		// The ellipsis becomes three full stops, not the other way round:
		// a passage cut inside "..." (ending "wait." or starting ".. what")
		// must still match, and so must one typed "wait.." against "wait…".
		return "...", true
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\ufeff': // soft hyphen, zero-width characters
		return "", true
	case utf8.RuneError:
		return "\ufffd", true // every invalid byte too
	}
	if unicode.IsSpace(r) {
		return " ", true
	}
	return "", false
}

// walk folds s and calls emit with each piece of the normalised text, in
// order, and the byte range of the original rune it stands for, until emit
// returns false. White space runs become one space, a run of dashes one dash,
// spaces next to a dash go, and leading and trailing spaces are dropped.
func walk(s string, emit func(f string, from, to int) bool) {
	pendingSpace, lastDash, started := false, false, false
	lastEnd := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		f, ok := fold(r)
		if !ok {
			f = s[i : i+w]
		}
		switch {
		case f == "":
		case f == " ":
			pendingSpace = started && !lastDash
		case f == "-" && lastDash:
			// A run of dashes is one dash: "--" is how people type "—".
			// The run's first dash stands for it in the normalised text.
			pendingSpace = false
		default:
			if pendingSpace && f != "-" && !emit(" ", lastEnd, i) {
				return
			}
			pendingSpace, lastDash, started = false, f == "-", true
			if !emit(f, i, i+w) {
				return
			}
			lastEnd = i + w
		}
		i += w
	}
}

// normalize returns s in matching form.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	walk(s, func(f string, _, _ int) bool {
		b.WriteString(f)
		return true
	})
	return b.String()
}

// origin returns the span of s whose normalised form holds the bytes first
// to last (inclusive) of normalize(s), or (tight) of normalize(s) with its
// spaces left out. It walks s again rather than keeping a map from every
// normalised byte back to s, which would cost 16 bytes per byte of text.
func origin(s string, first, last int, tight bool) Span {
	var sp Span
	at := 0 // offset of the current piece in the normalised text
	walk(s, func(f string, from, to int) bool {
		if tight && f == " " {
			return true
		}
		if at <= first && first < at+len(f) {
			sp.Start = from
		}
		if at <= last && last < at+len(f) {
			sp.End = to
			return false
		}
		at += len(f)
		return true
	})
	return sp
}

// Find returns the span of the first occurrence of passage in text, matched
// in normalised form, and whether there is one. Any passage cut from text
// is found. A passage of only white space is never found. Besides text, it
// holds one normalised copy of it in memory.
func Find(text, passage string) (Span, bool) {
	p := normalize(passage)
	if p == "" {
		return Span{}, false
	}
	i := strings.Index(normalize(text), p)
	if i < 0 {
		return Span{}, false
	}
	return origin(text, i, i+len(p)-1, false), true
}
