// Package sentence cuts a paragraph of news text into sentences, so that a
// suggested passage can be saved at the size of its evidence, and widened
// or narrowed a sentence at a time. It knows nothing of SQL or HTTP.
package sentence

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a sentence: the half-open byte range [Start, End) of the text,
// without the white space around it.
type Span struct {
	Start, End int
}

// Split cuts text into its sentences, in order. A sentence ends at a full
// stop, question or exclamation mark (with the closing quote marks and
// brackets after it) that white space and the start of another sentence
// follow: a capital letter, a digit or an opening quote mark. A full stop
// after an abbreviation ("Mr.", "Gen.", "Sept.", an initial) ends nothing,
// and one after a dotted abbreviation ("U.S.") only before a word that
// opens sentences ("The", "It", "But"). A line break always ends a
// sentence. Text of white space only has none.
func Split(text string) []Span {
	var out []Span
	start := 0
	add := func(end int) {
		a, b := trim(text, start, end)
		if a < b {
			out = append(out, Span{a, b})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			add(i)
			continue
		}
		if c != '.' && c != '?' && c != '!' && !strings.HasPrefix(text[i:], "…") {
			continue
		}
		end := i + 1
		if c != '.' && c != '?' && c != '!' {
			end = i + len("…")
		}
		for end < len(text) {
			r, w := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(`"'”’)]`, r) {
				break
			}
			end += w
		}
		if ends(text, i, end) {
			add(end)
			i = end - 1
		}
	}
	add(len(text))
	return out
}

// ends reports whether the mark at text[i] (its closing quotes running to
// end) ends a sentence.
func ends(text string, i, end int) bool {
	rest := text[end:]
	trimmed := strings.TrimLeftFunc(rest, unicode.IsSpace)
	if len(trimmed) == len(rest) || trimmed == "" {
		return false // no space after it ("3.5", "U.S.-made"), or the end of the text
	}
	next, _ := utf8.DecodeRuneInString(trimmed)
	if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"'“‘(`+"[", next) {
		return false
	}
	if text[i] != '.' {
		return true
	}
	word := text[strings.LastIndexFunc(text[:i], func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`"“‘(`, r) })+1 : i]
	switch {
	case word == "":
		return true
	case strings.Contains(word, "."): // "U.S.", "a.m."
		return opener[firstWord(trimmed)]
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper(rune(word[0])): // an initial: "J. Smith"
		return false
	}
	return !abbreviations[strings.ToLower(word)]
}

// firstWord returns the letters that text starts with.
func firstWord(text string) string {
	end := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		return text
	}
	return text[:end]
}

// trim narrows [a, b) of text to exclude white space at both ends.
func trim(text string, a, b int) (int, int) {
	s := text[a:b]
	l := strings.TrimLeftFunc(s, unicode.IsSpace)
	a += len(s) - len(l)
	return a, a + len(strings.TrimRightFunc(l, unicode.IsSpace))
}

// abbreviations are words that take a full stop inside a sentence.
var abbreviations = set(`mr mrs ms dr prof st gen lt col maj capt sgt adm cmdr rep sen gov pres rev
	jr sr no nos vol fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft inc ltd co corp
	vs approx est dept univ`)

// opener are words that open a sentence after a dotted abbreviation.
var opener = set(`The A An It He She They We I In On At But And This That There These Those His Her
	Its Their Our As After For When While If Some Many Most Officials Meanwhile However`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
