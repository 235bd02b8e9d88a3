package search

import (
	"cmp"
	"slices"
	"strings"
)

// Doc is a row of an index as ranking and marking see it: how many words
// each of its columns has, and the keys at their places. It may hold only
// the keys a query looks for (DocFromPositions): the others cannot be part
// of an instance of its phrases.
type Doc struct {
	Sizes []int            // words in each column
	keys  []map[int]string // by column, the key of the word at each offset
}

// TextDoc is the doc of a row's column texts, every word of them, and
// those words (for their byte offsets).
func TextDoc(cols ...string) (Doc, [][]Word) {
	d := Doc{Sizes: make([]int, len(cols)), keys: make([]map[int]string, len(cols))}
	words := make([][]Word, len(cols))
	for c, text := range cols {
		words[c] = Words(text)
		d.Sizes[c] = len(words[c])
		d.keys[c] = make(map[int]string, len(words[c]))
		for i, w := range words[c] {
			d.keys[c][i] = w.Key
		}
	}
	return d, words
}

// Words is how many words the doc has in all its columns: bm25's
// document length.
func (d Doc) Words() int {
	n := 0
	for _, s := range d.Sizes {
		n += s
	}
	return n
}

// Instance is one occurrence of a phrase of an Expr in a row: the phrase's
// index in Expr.Phrases, the column, and the offset of its first word in
// the column, in words. It is what FTS5's xInst() reports.
type Instance struct {
	Phrase, Col, Off int
}

// Instances returns every occurrence of the expression's phrases in d, in
// FTS5's order: by column, then offset, then phrase. Phrases overlap as
// they fall ("a a" occurs twice in "a a a").
func (e Expr) Instances(d Doc) []Instance {
	var out []Instance
	for c, keys := range d.keys {
		for off := range keys {
			for i, p := range e.Phrases {
				if p.matchAt(keys, off) {
					out = append(out, Instance{i, c, off})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Instance) int {
		return cmp.Or(cmp.Compare(a.Col, b.Col), cmp.Compare(a.Off, b.Off), cmp.Compare(a.Phrase, b.Phrase))
	})
	return out
}

// matchAt reports whether the phrase occurs at off among keys (one
// column's, by offset).
func (p Phrase) matchAt(keys map[int]string, off int) bool {
	if len(p.Keys) == 0 {
		return false
	}
	for j, k := range p.Keys {
		w, ok := keys[off+j]
		if !ok {
			return false
		}
		if j == len(p.Keys)-1 && p.Prefix {
			if !strings.HasPrefix(w, k) {
				return false
			}
		} else if w != k {
			return false
		}
	}
	return true
}
