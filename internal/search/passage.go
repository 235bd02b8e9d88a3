package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passage is a piece of a source's text: the half-open byte range
// [Start, End) of the stored text, the same unit as quote offsets, so that
// the reader can highlight it where it stands.
type Passage struct {
	Start, End int
}

// Passage sizes, in bytes. A line (the reader's paragraph) is one passage
// unless it is longer than MaxPassage; then it is cut after sentences into
// pieces of at least MinPassage, or at a space, or anywhere on a character
// boundary when a "line" has neither.
const (
	MinPassage = 300
	MaxPassage = 1500
	// MaxPassages caps the passages of one text, so that a passage's rowid
	// (source id × MaxPassages + index) stays unique per source.
	MaxPassages = 1 << 22
)

// Passages cuts text into passages: each line that is not blank, without
// its leading and trailing white space, and long lines cut further. Every
// passage starts and ends on a character boundary.
func Passages(text string) []Passage {
	var out []Passage
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		a, b := trimSpan(text, start, end)
		for a < b {
			cut := b
			if b-a > MaxPassage {
				cut = cutPoint(text, a, b)
			}
			if len(out) == MaxPassages-1 {
				cut = len(text) // the last passage takes the rest
			}
			out = append(out, Passage{a, cut})
			if len(out) == MaxPassages {
				return out
			}
			a, _ = trimSpan(text, cut, b)
		}
		start = end + 1
	}
	return out
}

// trimSpan narrows [a, b) of text to exclude white space at both ends.
func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		r, w := utf8.DecodeRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += w
	}
	for b > a {
		r, w := utf8.DecodeLastRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= w
	}
	return a, b
}

// cutPoint returns where to end a passage that starts at a in a line ending
// at b, longer than MaxPassage: after the last sentence end between
// MinPassage and MaxPassage, else after the last space, else at the last
// character boundary before MaxPassage.
func cutPoint(text string, a, b int) int {
	window := text[a : a+MaxPassage]
	best := -1
	for i := MinPassage; i < len(window)-1; i++ {
		if c := window[i]; (c == '.' || c == '?' || c == '!') && window[i+1] == ' ' {
			best = i + 1
		}
	}
	if best < 0 {
		best = strings.LastIndexByte(window, ' ')
		if best <= 0 {
			best = len(window)
			for best > 0 && !utf8.RuneStart(text[a+best]) {
				best--
			}
			if best == 0 { // cannot happen in valid UTF-8; never loop forever
				best = len(window)
			}
		}
	}
	return a + best
}
