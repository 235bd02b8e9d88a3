package lexicon

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"claimline/internal/search"
)

// aliasesTSV is the alias table: places and institutions under the names
// news reports give them (see its header).
//
//go:embed aliases.tsv
var aliasesTSV string

// aliasColumns are the table's columns after its kind. Every column holds
// names of the entity; they differ only in what a reader checks: a country
// has a capital and a people, and abbreviations count only when written as
// in the table.
var aliasColumns = []string{"names", "capital", "government", "people", "abbreviations", "roles"}

// abbreviations is the index of the abbreviations column.
const abbreviations = 4

// entity is one line of the table: the forms of all its names, the first
// name first.
type entity struct {
	kind  string
	name  string // the first name, which names the entity
	forms []Form
}

// alias is one name of an entity, as found in a text.
type alias struct {
	form   Form
	entity *entity
}

// parseAliases reads the alias table. It refuses a line with an unknown
// kind, no name, too many columns, or a name that another line already has.
func parseAliases(tsv string) (*Lexicon, error) {
	l := &Lexicon{names: map[string][]alias{}}
	owner := map[string]string{} // a name's keys → the line that has it
	for n, line := range strings.Split(tsv, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		switch {
		case len(cols) > 1+len(aliasColumns):
			return nil, fmt.Errorf("line %d: %d columns, at most %d", n+1, len(cols), 1+len(aliasColumns))
		case !slices.Contains([]string{"country", "institution", "region"}, cols[0]):
			return nil, fmt.Errorf("line %d: kind %q is not country, institution or region", n+1, cols[0])
		case len(cols) < 2 || strings.TrimSpace(cols[1]) == "":
			return nil, fmt.Errorf("line %d: no name", n+1)
		}
		e := &entity{kind: cols[0]}
		seen := map[string]bool{}
		for c, col := range cols[1:] {
			for _, name := range strings.Split(col, "|") {
				name = strings.TrimSpace(name)
				f := newForm(name, c == abbreviations)
				if len(f.Keys) == 0 {
					continue
				}
				if e.name == "" {
					e.name = name
				}
				k := strings.Join(f.Keys, " ")
				if o, ok := owner[k]; ok && o != e.name {
					return nil, fmt.Errorf("line %d: %q is also a name of %s", n+1, name, o)
				}
				owner[k] = e.name
				id := k + "|" + strings.Join(f.Exact, " ")
				if seen[id] {
					continue
				}
				seen[id] = true
				e.forms = append(e.forms, f)
				l.names[f.Keys[0]] = append(l.names[f.Keys[0]], alias{f, e})
			}
		}
	}
	for k := range l.names {
		slices.SortStableFunc(l.names[k], func(a, b alias) int { return len(b.form.Keys) - len(a.form.Keys) })
	}
	return l, nil
}

// name returns the term of the longest name of the table that text's words
// hold at i, and how many words it takes; 0 when none.
func (l *Lexicon) name(text string, words []search.Word, i int) (Term, int) {
	for _, a := range l.names[words[i].Key] {
		n := len(a.form.Keys)
		if i+n > len(words) || !slices.Contains(a.form.Match(text, words[i:i+n]), 0) {
			continue
		}
		return Term{
			Text:  text[words[i].Start:words[i+n-1].End],
			ID:    "n:" + a.entity.name,
			Kind:  Name,
			Forms: a.entity.formsFrom(a.form),
		}, n
	}
	return Term{}, 0
}

// formsFrom returns the entity's forms, first the one the text used.
func (e *entity) formsFrom(used Form) []Form {
	out := []Form{used}
	for _, f := range e.forms {
		if !slices.Equal(f.Keys, used.Keys) || !slices.Equal(f.Exact, used.Exact) {
			out = append(out, f)
		}
	}
	return out
}
