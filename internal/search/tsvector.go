package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The PostgreSQL index holds tsvector documents written here, not by
// to_tsvector: PostgreSQL's parser cuts words otherwise than FTS5's
// unicode61 ("U.S.-made", e-mail addresses, hyphenated words), and its
// English stemmer is Snowball's, not FTS5's Porter. A document's lexemes
// are the keys of Words, the ones SQLite's index holds, so that both
// engines find the same words and a tsquery of keys (Expr.TSQuery) means
// there what the FTS5 query means in SQLite: stop words are kept, case
// and accents folded, English words stemmed alike.
//
// A row's columns follow each other in one tsvector, each word at its
// place counted from 1, with one place left empty between two columns so
// that no phrase runs from one into the next. PostgreSQL keeps a tsvector
// within limits that FTS5 does not have, which TSVector applies itself so
// that what the store reads back (DocFromPositions) is what it wrote:
const (
	// MaxPosition is the last place PostgreSQL records: later words are
	// all at this place, so they are found as words but not in phrases.
	// Only a source longer than about 100 KB reaches it.
	MaxPosition = 16383
	// MaxPositions is how many places of one lexeme are recorded (the
	// first ones): bm25 counts a word at most this often in one row.
	MaxPositions = 256
	// MaxLexeme is the longest lexeme kept, in bytes: a longer word is cut
	// to it. A query is at most MaxQueryBytes, so no query tells a cut
	// word from the whole one.
	MaxLexeme = 2000
	// MaxLexemeBytes caps the bytes of the distinct lexemes of one
	// tsvector, each counted with lexemeOverhead: PostgreSQL's limit is
	// 1 MB with their places (2 bytes each, at most MaxPosition + one a
	// lexeme). A text with more distinct words keeps the first ones it
	// uses.
	MaxLexemeBytes = 950000
	lexemeOverhead = 5
)

// TSVector returns the tsvector text of a row of the given columns, for a
// cast ('…'::tsvector), and how many words each column has (its sizes,
// which DocFromPositions needs and bm25 counts).
func TSVector(cols ...string) (string, []int) {
	type entry struct {
		key string
		pos []int
	}
	var order []*entry
	byKey := map[string]*entry{}
	sizes := make([]int, len(cols))
	place, bytes := 1, 0
	for c, text := range cols {
		words := Words(text)
		sizes[c] = len(words)
		for _, w := range words {
			k := cutLexeme(w.Key)
			e := byKey[k]
			if e == nil {
				if bytes+len(k)+lexemeOverhead > MaxLexemeBytes {
					place++
					continue
				}
				bytes += len(k) + lexemeOverhead
				e = &entry{key: k}
				byKey[k] = e
				order = append(order, e)
			}
			p := min(place, MaxPosition)
			if n := len(e.pos); len(e.pos) < MaxPositions && (n == 0 || e.pos[n-1] != p) {
				e.pos = append(e.pos, p)
			}
			place++
		}
		place++ // the empty place between two columns
	}
	slices.SortFunc(order, func(a, b *entry) int { return strings.Compare(a.key, b.key) })
	var b strings.Builder
	for i, e := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tsQuote(e.key))
		for j, p := range e.pos {
			if j == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String(), sizes
}

// cutLexeme cuts a key longer than MaxLexeme bytes on a character
// boundary.
func cutLexeme(k string) string {
	if len(k) <= MaxLexeme {
		return k
	}
	n := MaxLexeme
	for n > 0 && !utf8.RuneStart(k[n]) {
		n--
	}
	return k[:n]
}

// DocFromPositions is the doc of a row read back from its tsvector: the
// sizes TSVector gave, and, for some of its lexemes (those a query looks
// for), the places it recorded them at. A place past the last column, or
// in the gap between two, is ignored.
func DocFromPositions(sizes []int, lexemes map[string][]int) Doc {
	d := Doc{Sizes: sizes, keys: make([]map[int]string, len(sizes))}
	base := make([]int, len(sizes)) // the place of each column's first word
	place := 1
	for c, n := range sizes {
		base[c] = place
		d.keys[c] = map[int]string{}
		place += n + 1
	}
	for k, ps := range lexemes {
		for _, p := range ps {
			c, _ := slices.BinarySearch(base, p+1)
			c-- // the last column starting at or before p
			if c < 0 || p-base[c] >= sizes[c] {
				continue
			}
			d.keys[c][p-base[c]] = k
		}
	}
	return d
}

// ParseTSVector reads PostgreSQL's text of a tsvector ('lexeme':1,5B …):
// each lexeme's places, without their weights.
func ParseTSVector(text string) (map[string][]int, error) {
	out := map[string][]int{}
	for i := 0; i < len(text); {
		if text[i] == ' ' {
			i++
			continue
		}
		if text[i] != '\'' {
			return nil, fmt.Errorf("tsvector %.40q: a lexeme at %d is not quoted", text, i)
		}
		var lex strings.Builder
		j := i + 1
		for ; j < len(text); j++ {
			c := text[j]
			if c == '\\' && j+1 < len(text) {
				j++
				c = text[j]
			} else if c == '\'' {
				if j+1 < len(text) && text[j+1] == '\'' {
					j++
				} else {
					break
				}
			}
			lex.WriteByte(c)
		}
		if j >= len(text) {
			return nil, fmt.Errorf("tsvector %.40q: unterminated lexeme", text)
		}
		j++
		var places []int
		if j < len(text) && text[j] == ':' {
			for j < len(text) && text[j] != ' ' {
				j++ // ':' or ','
				n, k := 0, j
				for k < len(text) && text[k] >= '0' && text[k] <= '9' {
					n = n*10 + int(text[k]-'0')
					k++
				}
				if k == j {
					return nil, fmt.Errorf("tsvector %.40q: a place at %d is not a number", text, j)
				}
				places = append(places, n)
				for k < len(text) && text[k] >= 'A' && text[k] <= 'D' {
					k++ // the weight
				}
				j = k
			}
		}
		out[lex.String()] = places
		i = j
	}
	return out, nil
}
