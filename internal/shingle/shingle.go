// Package shingle measures how much of one text is copied from another. It
// counts shingles, runs of Size consecutive words, taken only from the text
// outside quotation marks: two outlets quoting the same speaker corroborate
// each other, while two outlets printing the same sentences of their own
// are one report printed twice (wire copy).
//
// Words are compared without case, punctuation or white space, so a change
// of quote marks, dashes or line breaks does not hide a copy.
package shingle

import (
	"hash/fnv"
	"strings"
	"unicode"

	"claimline/internal/quote"
)

// Size is the number of words in a shingle: long enough that two
// independent reports rarely share one by chance, short enough that a
// copied paragraph with a word changed here and there still shares most.
const Size = 8

// Hashes returns the distinct shingle hashes of text's words outside
// quotation marks. A quotation ends at its closing mark or, when none comes,
// at the end of its paragraph (news style opens a quote again in each
// paragraph). Shingles never span a quotation or a paragraph break.
func Hashes(text string) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, run := range unquotedRuns(text) {
		words := split(run)
		for i := 0; i+Size <= len(words); i++ {
			h := hash(words[i : i+Size])
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}

// Share returns the part (0 to 1) of a's shingles that b has too; 0 when a
// has none.
func Share(a, b []int64) float64 {
	if len(a) == 0 {
		return 0
	}
	in := make(map[int64]bool, len(b))
	for _, h := range b {
		in[h] = true
	}
	n := 0
	for _, h := range a {
		if in[h] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

func isOpen(r rune) bool  { return r == '“' || r == '«' || r == '„' }
func isClose(r rune) bool { return r == '”' || r == '»' }

// unquotedRuns returns the stretches of text that lie outside quotation
// marks, split at paragraph breaks. A straight double quote opens a
// quotation when none is open and closes one otherwise.
func unquotedRuns(text string) []string {
	var runs []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			runs = append(runs, b.String())
			b.Reset()
		}
	}
	inQuote := false
	for _, r := range text {
		switch {
		case r == '\n':
			inQuote = false
			flush()
		case !inQuote && (isOpen(r) || r == '"'):
			inQuote = true
			flush()
		case inQuote && (isClose(r) || r == '"'):
			inQuote = false
		case !inQuote:
			b.WriteRune(r)
		}
	}
	flush()
	return runs
}

// split returns the lower-cased words of s: runs of letters and digits, an
// apostrophe inside a word kept ("Ukraine's", "Ukraine’s" and "Ukraine´s"
// are one word).
func split(s string) []string {
	var words []string
	var w strings.Builder
	flush := func() {
		if word := strings.TrimRight(w.String(), "'"); word != "" {
			words = append(words, word)
		}
		w.Reset()
	}
	for _, r := range s {
		switch {
		case quote.IsApostrophe(r): // before letters: "ʼ" is a modifier letter
			if w.Len() > 0 {
				w.WriteRune('\'')
			} else {
				flush()
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

func hash(words []string) int64 {
	h := fnv.New64a()
	for _, w := range words {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}
