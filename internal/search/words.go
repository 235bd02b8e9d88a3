package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The search index folds words with SQLite's "porter unicode61
// remove_diacritics 2" tokenizer (migration 0005). Words, Parse and Match
// fold and match the same way in memory, for texts too small to index, such
// as the guide's pages: "warn" finds "warning", "zurich" finds "Zürich".
// TestWordsAgreeWithIndex holds them to the index's tokenizer.

// Word is one word of a text: its byte range in the text and its key, the
// form the index keeps (lower case, no diacritics, English endings stemmed).
type Word struct {
	Start, End int
	Key        string
}

// Words cuts text into words as the index's tokenizer does: runs of
// letters, digits and private-use characters, each keyed by Key.
func Words(text string) []Word {
	var out []Word
	start := -1
	for i, r := range text {
		if tokenChar(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, Word{start, i, Key(text[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, Word{start, len(text), Key(text[start:])})
	}
	return out
}

// WordRune reports whether r belongs to a word, as Words cuts them.
func WordRune(r rune) bool { return tokenChar(r) }

// tokenChar reports whether r belongs to a word: unicode61's default
// categories are letters, numbers and private use (L*, N*, Co).
func tokenChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// Key is a word as the index keeps it: lower case, without diacritics, then
// stemmed.
func Key(word string) string { return stem(fold(word)) }

// Fold is a name or word as search compares it: lower case, without the
// diacritics of Latin letters ("Dragoș" → "dragos").
func Fold(s string) string { return fold(s) }

// fold lower-cases a word and drops the diacritics of Latin letters
// ("Zürich" → "zurich"); unicode61 keeps those of other scripts.
func fold(word string) string {
	var b strings.Builder
	latin := false
	for _, r := range norm.NFD.String(word) {
		if unicode.Is(unicode.Mn, r) {
			if latin {
				continue
			}
		} else {
			latin = unicode.Is(unicode.Latin, r)
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// Query is what Translate reads in a query, for matching in memory: every
// group must match, a group when any of its phrases does, and no excluded
// phrase may. It is empty when the query has nothing to look for.
type Query struct {
	Groups   [][]Phrase
	Excluded []Phrase
}

// Phrase is a word or a quoted phrase of a query, as the keys of its words.
// With Prefix, its last key matches any key it begins.
type Phrase struct {
	Keys   []string
	Prefix bool
}

// Parse reads a query as Translate does, with the same limits.
func Parse(q string) Query {
	groups, excluded := group(parse(q))
	var out Query
	for _, g := range groups {
		var alts []Phrase
		for _, t := range g {
			if p := t.phrase(); len(p.Keys) > 0 {
				alts = append(alts, p)
			}
		}
		if len(alts) > 0 {
			out.Groups = append(out.Groups, alts)
		}
	}
	for _, t := range excluded {
		if p := t.phrase(); len(p.Keys) > 0 {
			out.Excluded = append(out.Excluded, p)
		}
	}
	if len(out.Groups) == 0 {
		return Query{}
	}
	return out
}

// phrase is t's words as keys. A prefix is cut as quoted cuts it for the
// index, and then stemmed, as the index's tokenizer stems a prefix query.
func (t term) phrase() Phrase {
	text := t.text
	if t.prefix {
		text = stemPrefix(text)
	}
	p := Phrase{Prefix: t.prefix}
	for _, w := range Words(text) {
		p.Keys = append(p.Keys, w.Key)
	}
	return p
}

// Empty reports whether q looks for nothing.
func (q Query) Empty() bool { return len(q.Groups) == 0 }

// Match returns where the phrase occurs in words: the index of each
// occurrence's first word. Words are one text's, in order.
func (p Phrase) Match(words []Word) []int {
	var at []int
	n := len(p.Keys)
	for i := 0; i+n <= len(words); i++ {
		ok := true
		for j, k := range p.Keys {
			w := words[i+j].Key
			if j == n-1 && p.Prefix {
				ok = strings.HasPrefix(w, k)
			} else {
				ok = w == k
			}
			if !ok {
				break
			}
		}
		if ok {
			at = append(at, i)
		}
	}
	return at
}
