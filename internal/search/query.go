// Package search holds the pure parts of claimline's full-text search: the
// translation of what a person types into an SQLite FTS5 query and into a
// PostgreSQL tsquery of the same words (Expr), the words as the index keeps
// them (Words, TSVector), FTS5's bm25 ranking, highlight and snippet for an
// engine that lacks them, the cutting of a source's text into passages, and
// the reading of marked snippets. It knows nothing of SQL connections or
// HTTP.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep a pasted essay from becoming a slow query: the input is
// cut at MaxQueryBytes, and only the first MaxTerms words and MaxExcluded
// exclusions count.
const (
	MaxQueryBytes = 1000
	MaxTerms      = 16
	MaxExcluded   = 8
)

// syntax is FTS5's punctuation that people do not mean as part of a word:
// it separates words, as white space does. Other punctuation stays inside
// the word ("U.S.-made" is the phrase "u s made").
const syntax = "(){}^:+,;"

// term is one word or phrase of a query.
type term struct {
	text    string // the words, without quotes
	prefix  bool   // "warn*": any word starting so
	exclude bool   // "-word"
	or      bool   // the bare word OR, joining its neighbours
}

// Translate turns a query as a person types it into an FTS5 MATCH
// expression. All words must match; "a phrase" matches words in order;
// word* matches a prefix; -word excludes; OR between two words or phrases
// matches either. Everything else, including every FTS5 operator and
// special character, is read as plain words: each word or phrase reaches
// FTS5 inside double quotes, where nothing but a doubled quote is special.
// It returns "" when the query has nothing to look for (no letters or
// digits outside exclusions).
func Translate(q string) string {
	return build(parse(q), false)
}

// TranslateAny is Translate with every word optional: it matches what has
// any of the words, best first under bm25. Exclusions still exclude. It
// suits ranking passages against a claim's text.
func TranslateAny(q string) string {
	return build(parse(q), true)
}

// parse splits a query into terms.
func parse(q string) []term {
	q = clean(q)
	var terms []term
	for i := 0; i < len(q); {
		r, w := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) || strings.ContainsRune(syntax, r) {
			i += w
			continue
		}
		t := term{}
		if r == '-' && i+1 < len(q) && !unicode.IsSpace(rune(q[i+1])) {
			t.exclude = true
			i++
		}
		if q[i] == '"' {
			if end := strings.IndexByte(q[i+1:], '"'); end >= 0 {
				t.text = q[i+1 : i+1+end]
				i += end + 2
				for i < len(q) && q[i] == '*' {
					t.prefix = true
					i++
				}
				terms = append(terms, t)
				continue
			}
			i++ // an unbalanced quote is dropped; the rest are plain words
			continue
		}
		end := i
		for end < len(q) {
			r, w := utf8.DecodeRuneInString(q[end:])
			if unicode.IsSpace(r) || r == '"' || strings.ContainsRune(syntax, r) {
				break
			}
			end += w
		}
		word := q[i:end]
		i = end
		if word == "OR" && !t.exclude {
			terms = append(terms, term{or: true})
			continue
		}
		if trimmed := strings.TrimRight(word, "*"); trimmed != word {
			t.prefix, word = true, trimmed
		}
		t.text = word
		terms = append(terms, t)
	}
	return terms
}

// clean cuts q to MaxQueryBytes, replaces invalid UTF-8 and drops control
// characters (a NUL would end the string inside SQLite).
func clean(q string) string {
	if len(q) > MaxQueryBytes {
		cut := MaxQueryBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	q = strings.ToValidUTF8(q, " ")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
}

// searchable reports whether s has a letter, digit or mark: text without
// one gives FTS5 no token to look for.
func searchable(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
	}) >= 0
}

// quoted is t as an FTS5 string (a phrase), with its prefix star.
func (t term) quoted() string {
	text := t.text
	if t.prefix {
		text = stemPrefix(text)
	}
	s := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
	if t.prefix {
		s += "*"
	}
	return s
}

// stemPrefix shortens an English prefix so that it also matches the stems
// the index holds. The porter tokenizer stores "escalation" as "escal", so
// the prefix "escalat" would find nothing: a prefix of five or more ASCII
// letters loses its last consonants and the vowels before them
// ("escalat" → "escal", "warning" → "warn", "missile" → "missil") unless
// fewer than four letters would remain. A prefix query finds a little more
// for it, never less.
func stemPrefix(p string) string {
	if len(p) < 5 || strings.IndexFunc(p, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) >= 0 {
		return p
	}
	vowel := func(c byte) bool { return strings.IndexByte("aeiouyAEIOUY", c) >= 0 }
	n := len(p)
	for n > 0 && !vowel(p[n-1]) {
		n--
	}
	for n > 0 && vowel(p[n-1]) {
		n--
	}
	if n < 4 {
		return p
	}
	return p[:n]
}

// build writes the FTS5 expression: groups of positive terms joined by OR
// are ANDed (or, with any, all ORed), then each exclusion is removed with
// NOT.
func build(terms []term, any bool) string {
	groups, excluded := group(terms)
	if len(groups) == 0 {
		return ""
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		quoted := make([]string, len(g))
		for j, t := range g {
			quoted[j] = t.quoted()
		}
		parts[i] = strings.Join(quoted, " OR ")
		if len(g) > 1 && !any {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	sep := " AND "
	if any {
		sep = " OR "
	}
	out := strings.Join(parts, sep)
	if len(excluded) > 0 {
		quoted := make([]string, len(excluded))
		for i, t := range excluded {
			quoted[i] = t.quoted()
		}
		out = "(" + out + ") NOT " + strings.Join(quoted, " NOT ")
	}
	return out
}

// group sorts terms into groups of alternatives (neighbours joined by OR),
// every group of which must match, and exclusions, within MaxTerms and
// MaxExcluded. Terms with nothing to look for are dropped.
func group(terms []term) (groups [][]term, excluded []term) {
	joinNext := false
	positives := 0
	for _, t := range terms {
		switch {
		case t.or:
			joinNext = len(groups) > 0
			continue
		case !searchable(t.text):
			// "*" alone, "^", ":", a lone "-": nothing to look for.
		case t.exclude:
			if len(excluded) < MaxExcluded {
				excluded = append(excluded, t)
			}
		case positives < MaxTerms:
			positives++
			if joinNext {
				groups[len(groups)-1] = append(groups[len(groups)-1], t)
			} else {
				groups = append(groups, []term{t})
			}
		}
		joinNext = false
	}
	return groups, excluded
}
