package quote

import "strings"

// Selector is a selection as a browser reports it: a W3C Web Annotation
// TextQuoteSelector, the selected text and a little of the text on either
// side, which tells apart several occurrences of the same words.
type Selector struct {
	Exact, Prefix, Suffix string
}

// minTight is the shortest selection (in normalised bytes, spaces left
// out) that Anchor matches without regard to white space: shorter ones
// could match words run together by chance.
const minTight = 12

// Anchor finds a selection in text. It looks for Exact as Find does
// (white space, quote marks, dashes and ellipses may differ) and, among
// several occurrences, takes the one whose surroundings agree longest with
// Prefix and Suffix; the first on a tie. When that finds nothing it tries
// again ignoring white space altogether, for a selection that ran across
// inline markup where the page and the extracted text put a space in one
// and not the other ("Prime<br>Minister", "<li>one</li><li>two</li>").
func Anchor(text string, sel Selector) (Span, bool) {
	p := normalize(sel.Exact)
	if p == "" {
		return Span{}, false
	}
	nt := normalize(text)
	pre, suf := strings.TrimSpace(normalize(sel.Prefix)), strings.TrimSpace(normalize(sel.Suffix))
	if i := bestOccurrence(nt, p, pre, suf); i >= 0 {
		return origin(text, i, i+len(p)-1, false), true
	}
	tight := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	tp := tight(p)
	if len(tp) < minTight {
		return Span{}, false
	}
	tt := tight(nt)
	i := bestOccurrence(tt, tp, tight(pre), tight(suf))
	if i < 0 {
		return Span{}, false
	}
	return origin(text, i, i+len(tp)-1, true), true
}

// bestOccurrence returns the offset in t of the occurrence of p that agrees
// best with the context pre and suf, or -1 when p is not in t.
func bestOccurrence(t, p, pre, suf string) int {
	best, bestScore := -1, -1
	for from := 0; from <= len(t)-len(p); {
		i := strings.Index(t[from:], p)
		if i < 0 {
			break
		}
		i += from
		score := commonSuffix(strings.TrimRight(t[:i], " "), pre) + commonPrefix(strings.TrimLeft(t[i+len(p):], " "), suf)
		if score > bestScore {
			best, bestScore = i, score
		}
		if pre == "" && suf == "" {
			break // no context to choose by: the first will do
		}
		from = i + 1 // p starts with a whole character, so no match starts inside one
	}
	return best
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}
