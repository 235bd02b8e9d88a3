package search

import "strings"

// Expr is a query compiled for both engines: what Translate gives SQLite's
// FTS5, and the same query as a PostgreSQL tsquery over documents whose
// lexemes are this package's keys (TSVector). One parse feeds both, so a
// query means the same on either engine:
//
//   - a word or "a phrase" matches where its keys stand in a row one after
//     the other within one column; word* matches any key its stemmed
//     prefix begins (Phrase.Prefix);
//   - the groups are ANDed (with CompileAny, every phrase is ORed), the
//     alternatives of a group (a OR b) ORed, and an exclusion removes the
//     rows where it matches;
//   - a phrase without a key (a lone combining mark: FTS5 finds no token in
//     it) matches nothing: a group of only such phrases, and so the whole
//     query, matches nothing, and as an exclusion it excludes nothing.
//
// Its phrases are numbered as FTS5 numbers those of the expression it is
// given, which bm25() and snippet() count by (BM25, Snippet).
type Expr struct {
	// Phrases are every phrase of the query in FTS5's order: the groups'
	// alternatives, then the exclusions. A phrase repeated in the query is
	// there twice, as FTS5 counts it twice.
	Phrases  []Phrase
	groups   [][]int // indexes into Phrases
	excluded []int
	any      bool
	fts5     string
}

// Compile reads q as Translate does: every group must match.
func Compile(q string) Expr { return compile(q, false) }

// CompileAny reads q as TranslateAny does: any phrase may match.
func CompileAny(q string) Expr { return compile(q, true) }

func compile(q string, any bool) Expr {
	terms := parse(q)
	groups, excluded := group(terms)
	e := Expr{any: any, fts5: build(terms, any)}
	for _, g := range groups {
		var at []int
		for _, t := range g {
			at = append(at, len(e.Phrases))
			e.Phrases = append(e.Phrases, t.phrase())
		}
		e.groups = append(e.groups, at)
	}
	for _, t := range excluded {
		e.excluded = append(e.excluded, len(e.Phrases))
		e.Phrases = append(e.Phrases, t.phrase())
	}
	return e
}

// Empty reports whether the query has nothing to look for (Translate gives
// "").
func (e Expr) Empty() bool { return e.fts5 == "" }

// FTS5 is the query as an SQLite FTS5 MATCH expression: Translate's, or
// TranslateAny's.
func (e Expr) FTS5() string { return e.fts5 }

// TSQuery is the query as PostgreSQL tsquery text, for a to_tsquery-free
// cast ('…'::tsquery) that keeps the keys as they are. It returns "" when
// the query matches nothing (or has nothing to look for).
func (e Expr) TSQuery() string {
	var parts []string
	for _, g := range e.groups {
		var alts []string
		for _, i := range g {
			if s := e.Phrases[i].TSQuery(); s != "" {
				alts = append(alts, s)
			}
		}
		if len(alts) == 0 {
			if e.any {
				continue
			}
			return ""
		}
		parts = append(parts, strings.Join(alts, " | "))
	}
	if len(parts) == 0 {
		return ""
	}
	sep := " & "
	if e.any {
		sep = " | "
	}
	var b strings.Builder
	if len(parts) > 1 && !e.any {
		for i, p := range parts {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString("( " + p + " )")
		}
	} else {
		b.WriteString(strings.Join(parts, sep))
	}
	out := b.String()
	wrapped := false
	for _, i := range e.excluded {
		if s := e.Phrases[i].TSQuery(); s != "" {
			if !wrapped {
				out, wrapped = "( "+out+" )", true
			}
			out += " & !( " + s + " )"
		}
	}
	return out
}

// TSQuery is the phrase as tsquery text: its keys joined by <->, the last
// one a prefix (:*) for a prefix phrase; "" for a phrase without keys.
func (p Phrase) TSQuery() string {
	var b strings.Builder
	for i, k := range p.Keys {
		if i > 0 {
			b.WriteString(" <-> ")
		}
		b.WriteString(tsQuote(k))
		if p.Prefix && i == len(p.Keys)-1 {
			b.WriteString(":*")
		}
	}
	if len(p.Keys) > 1 {
		return "( " + b.String() + " )"
	}
	return b.String()
}

// tsQuote quotes a lexeme for tsvector or tsquery text. Keys hold letters,
// digits and private-use characters only, but quoting is what makes any
// text a single lexeme.
func tsQuote(k string) string {
	if strings.ContainsAny(k, `'\`) {
		k = strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(k)
	}
	return "'" + k + "'"
}

// Match reports whether a row matches the query, as FTS5 decides it: cols
// are the words of each of the row's columns (Words).
func (e Expr) Match(cols [][]Word) bool {
	in := func(i int) bool {
		p := e.Phrases[i]
		if len(p.Keys) == 0 {
			return false
		}
		for _, words := range cols {
			if len(p.Match(words)) > 0 {
				return true
			}
		}
		return false
	}
	ok := !e.any && len(e.groups) > 0
	for _, g := range e.groups {
		alt := false
		for _, i := range g {
			if in(i) {
				alt = true
				break
			}
		}
		if e.any && alt {
			ok = true
			break
		}
		if !e.any && !alt {
			ok = false
			break
		}
	}
	if !ok {
		return false
	}
	for _, i := range e.excluded {
		if in(i) {
			return false
		}
	}
	return true
}

// Positive returns the indexes in Phrases of the phrases that can occur in
// a matching row: those of the groups that have words. An exclusion never
// occurs in a row that matches.
func (e Expr) Positive() []int {
	var out []int
	for _, g := range e.groups {
		for _, i := range g {
			if len(e.Phrases[i].Keys) > 0 {
				out = append(out, i)
			}
		}
	}
	return out
}
