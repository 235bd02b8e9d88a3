// Package lexicon says which words of two texts count as the same word
// when the suggested evidence compares a claim with the library: a place or
// an institution under any of its names (aliases.tsv: the United States,
// the US, Washington, American), a quantity however it is written (three
// hundred, 300; 99 per cent, 99%; 830 miles, 1,340 km), and a word in its
// British or American spelling (defence, defense). It cuts a text into
// Terms, each with the Forms that count as it, written as the search
// index's tokenizer cuts words (internal/search.Words), so that a form can
// be looked up in the index and found in a passage's words alike. It knows
// nothing of SQL or HTTP.
package lexicon

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"claimline/internal/search"
)

// Term is one thing a text says that another may say in other words: a
// word, a name, a quantity or a unit.
type Term struct {
	Text  string // as the text writes it
	ID    string // the same for every way of writing it
	Kind  Kind
	Forms []Form   // the ways of writing it that count as it; the text's own first
	Date  DatePart // the part of a date it is wherever the text writes it, if any
}

// Kind is what a term is.
type Kind int

// The kinds of term.
const (
	Word     Kind = iota // an ordinary word, with its spellings
	Name                 // a place or an institution (aliases.tsv)
	Quantity             // a number, with its unit's conversions
	Unit                 // the unit of a quantity: per cent, miles, years
)

// Form is one way of writing a term: its words, as the index's tokenizer
// cuts them. Exact forms (abbreviations such as "US", "WHO", "Fed") count
// only where written in that case, never as the words "us", "who", "fed".
type Form struct {
	Words []string // lower case, for a query of the index
	Keys  []string // search.Key of each word, for matching in memory
	Exact []string // the words as they must be written, or nil
}

// newForm returns the form of the words of text, exact when exact is set.
func newForm(text string, exact bool) Form {
	var f Form
	for _, w := range search.Words(text) {
		word := text[w.Start:w.End]
		f.Words = append(f.Words, strings.ToLower(word))
		f.Keys = append(f.Keys, w.Key)
		if exact {
			f.Exact = append(f.Exact, word)
		}
	}
	return f
}

// String is the form's words, separated by spaces.
func (f Form) String() string { return strings.Join(f.Words, " ") }

// Match returns where the form occurs in words, the words of text: the
// index of each occurrence's first word. An occurrence that is only part
// of a number the text writes does not count: "4" does not occur in "4.50"
// or "4,50", nor "340" in "1,340".
func (f Form) Match(text string, words []search.Word) []int {
	at := search.Phrase{Keys: f.Keys}.Match(words)
	return slices.DeleteFunc(at, func(i int) bool {
		for j, e := range f.Exact {
			if text[words[i+j].Start:words[i+j].End] != e {
				return true
			}
		}
		return partOfNumber(text, words[i].Start, words[i+len(f.Keys)-1].End)
	})
}

// In reports whether one of the term's forms occurs in text (Match).
// words returns the text's words (search.Words) and is called only when
// needed: a form that is one word of digits, as most of a number's forms
// are, is looked for in the text itself, which is many times quicker than
// cutting it into words.
func (t Term) In(text string, words func() []search.Word) bool {
	var rest []Form
	for _, f := range t.Forms {
		if len(f.Words) == 1 && allDigits(f.Words[0]) {
			if digitsIn(text, f.Words[0]) {
				return true
			}
		} else {
			rest = append(rest, f)
		}
	}
	if len(rest) == 0 {
		return false
	}
	ws := words()
	return slices.ContainsFunc(rest, func(f Form) bool { return len(f.Match(text, ws)) > 0 })
}

// digitsIn reports whether the word d, of ASCII digits, is a word of text
// and not only part of a number (partOfNumber). A word of digits is its
// own key.
func digitsIn(text, d string) bool {
	for at := 0; ; {
		i := strings.Index(text[at:], d)
		if i < 0 {
			return false
		}
		start, end := at+i, at+i+len(d)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || !search.WordRune(before)) && (end == len(text) || !search.WordRune(after)) && !partOfNumber(text, start, end) {
			return true
		}
		at = start + 1
	}
}

func allDigits(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// DigitEdged reports whether one of the term's forms begins or ends with a
// digit. The index finds such a form also where it is only part of a
// number ("4" in "4.50"), which Match leaves out: the index's matches of
// the term are to be checked in the text.
func (t Term) DigitEdged() bool {
	for _, f := range t.Forms {
		if n := len(f.Words); n > 0 && (isDigit(f.Words[0][0]) || isDigit(f.Words[n-1][len(f.Words[n-1])-1])) {
			return true
		}
	}
	return false
}

// Query returns the term as an SQLite FTS5 expression that matches any of
// its forms: each form a phrase in double quotes. A form's words are
// letters and digits only (search.Words), so nothing in them is FTS5
// syntax.
func (t Term) Query() string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, f := range t.Forms {
		s := f.String()
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if b.Len() > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(`"` + s + `"`)
	}
	return b.String()
}

// TSQuery returns the term as PostgreSQL tsquery text over the index's
// keys that matches any of its forms, as Query does in SQLite: each form a
// phrase (search.Phrase.TSQuery). It is "" for a term without words.
func (t Term) TSQuery() string {
	var alts []string
	seen := map[string]bool{}
	for _, f := range t.Forms {
		s := search.Phrase{Keys: f.Keys}.TSQuery()
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		alts = append(alts, s)
	}
	return strings.Join(alts, " | ")
}

// Key returns the term's key when it is one word in all its forms, as
// the index keeps it, and "" otherwise: the rows holding such a term are
// the rows holding that key.
func (t Term) Key() string {
	key := ""
	for _, f := range t.Forms {
		if len(f.Keys) != 1 || key != "" && f.Keys[0] != key {
			return ""
		}
		key = f.Keys[0]
	}
	return key
}

// Lexicon holds the alias table. It is read-only once built, and safe for
// concurrent use.
type Lexicon struct {
	names map[string][]alias // by the key of a name's first word, longest name first
}

// Default returns the lexicon of the embedded alias table, built on first
// use.
var Default = sync.OnceValue(func() *Lexicon {
	l, err := parseAliases(aliasesTSV)
	if err != nil {
		panic("lexicon: aliases.tsv: " + err.Error()) // the embedded table is checked by its tests
	}
	return l
})

// Terms cuts text into its terms, in order and each once: names of the
// alias table (the longest that fits), quantities with their units, and the
// other words that may say what the text is about. Words of one or two
// letters and function words (StopWord) are left out unless written in
// capitals ("US", "UK", "WHO"). A term is a date's (Term.Date) only if
// it is wherever the text writes it: the "9" of "the MAX 9 … on 9
// January" is also a quantity.
func (l *Lexicon) Terms(text string) []Term {
	words := search.Words(text)
	var out []Term
	at := map[string]int{} // by ID, the index of a term in out
	add := func(ts ...Term) {
		for _, t := range ts {
			if k, ok := at[t.ID]; !ok {
				at[t.ID] = len(out)
				out = append(out, t)
			} else if out[k].Date != t.Date {
				out[k].Date = NoDate
			}
		}
	}
	for i := 0; i < len(words); {
		if t, n := l.name(text, words, i); n > 0 {
			add(t)
			i += n
			continue
		}
		if ts, n := quantityTerms(text, words, i); n > 0 {
			add(ts...)
			i += n
			continue
		}
		w := text[words[i].Start:words[i].End]
		if keep(w) {
			t := wordTerm(w, words[i].Key)
			t.Date = wordDate(w)
			add(t)
		}
		i++
	}
	return out
}

// keep reports whether a word may say what a text is about: not a function
// word, and of three letters or more, unless written in capitals.
func keep(w string) bool {
	caps := strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0
	if caps {
		return len([]rune(w)) >= 2
	}
	return len([]rune(w)) >= 3 && !StopWord(strings.ToLower(w))
}

// wordTerm is a word with its other spellings.
func wordTerm(w, key string) Term {
	t := Term{Text: w, ID: "w:" + key, Kind: Word, Forms: []Form{newForm(w, false)}}
	for _, v := range spellings(strings.ToLower(w)) {
		if f := newForm(v, false); len(f.Keys) == 1 && f.Keys[0] != key {
			t.Forms = append(t.Forms, f)
		}
	}
	return t
}

// StopWord reports whether a lower-case word is an English function word:
// found in most passages of any English text, it says nothing of what a
// claim is about.
func StopWord(w string) bool { return stopWords[w] }

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for are was were has have had his her hers its our ours their theirs
		they them you your she him who whom whose which what when where why how than then there here
		this that these those with from into onto upon over under about after before also been being
		but not nor any all some such each both either neither very just only own same too can could
		would should shall will may might must does did doing done having itself himself herself
		themselves out off per via yet more since`) {
		m[w] = true
	}
	return m
}()
