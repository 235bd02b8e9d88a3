package store

import (
	"strconv"
	"strings"
	"sync"
)

// The store's SQL is written once, in SQLite's dialect with ? placeholders.
// On PostgreSQL each text is translated once, when first run: its
// PostgreSQL form if one is declared beside it (dialects); otherwise the
// idioms below are rewritten; then its ? placeholders are numbered $1…$n.
// What PostgreSQL lacks as a function (iif, group_concat) its migrations
// define (db/postgres), so that most queries need no second form.

// idioms are SQLite phrases the store uses in many queries, each with its
// PostgreSQL equivalent, replaced wherever they occur.
var idioms = strings.NewReplacer(
	// A list of ids passed as one JSON array parameter ("[3,5,8]").
	`SELECT value FROM json_each(?)`, `SELECT json_ids(?)`,
	// Separator characters of lists packed into one column.
	`char(30)`, `chr(30)`,
	`char(31)`, `chr(31)`,
)

// postgresForms maps the SQLite text of a query to its PostgreSQL text. It is
// filled while the package initialises (by the package-level declarations
// that call dialects) and only read afterwards.
var postgresForms = map[string]string{}

// dialects declares a query whose PostgreSQL text differs from its SQLite
// text. It returns the SQLite text, which the store's code runs on either
// engine: a PostgreSQL connection runs postgres in its place. Call it only in
// package-level declarations.
func dialects(sqlite, postgres string) string {
	postgresForms[sqlite] = postgres
	return sqlite
}

// translator turns the store's SQL into PostgreSQL's, remembering each text
// it has translated: the store's texts are constants, apart from a few built
// from filters.
type translator struct {
	done sync.Map // SQLite text → PostgreSQL text
}

func (t *translator) translate(q string) string {
	if v, ok := t.done.Load(q); ok {
		return v.(string)
	}
	pq, ok := postgresForms[q]
	if !ok {
		pq = idioms.Replace(q)
	}
	pq = numberPlaceholders(pq)
	t.done.Store(q, pq)
	return pq
}

// numberPlaceholders replaces each ? placeholder of q with $1, $2, … in
// order, and each ?N with $N; as in SQLite, a ? after a ?N takes the number
// after the highest so far. A ? inside a quoted string, a quoted
// identifier, a dollar-quoted body or a comment is left as it is.
func numberPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 {
				k, _ := strconv.Atoi(q[i+1 : j])
				n = max(n, k)
				b.WriteByte('$')
				b.WriteString(q[i+1 : j])
			} else {
				n++
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(n))
			}
			i = j
			continue
		case c == '\'' || c == '"':
			end := closing(q, i+1, string(c))
			b.WriteString(q[i:end])
			i = end
			continue
		case c == '-' && strings.HasPrefix(q[i:], "--"):
			end := closing(q, i+2, "\n")
			b.WriteString(q[i:end])
			i = end
			continue
		case c == '/' && strings.HasPrefix(q[i:], "/*"):
			end := closing(q, i+2, "*/")
			b.WriteString(q[i:end])
			i = end
			continue
		case c == '$':
			if tag, ok := dollarTag(q[i:]); ok {
				end := closing(q, i+len(tag), tag)
				b.WriteString(q[i:end])
				i = end
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// closing returns the index just past the first end found in q from i, or
// len(q) when there is none. A doubled quote inside a quoted string ('it”s')
// is found as a closing quote followed by an opening one, which comes to the
// same.
func closing(q string, i int, end string) int {
	j := strings.Index(q[i:], end)
	if j < 0 {
		return len(q)
	}
	return i + j + len(end)
}

// dollarTag returns the tag ($$ or $name$) that opens a dollar-quoted string
// at the start of s, if one does. $1 is a parameter, not a tag.
func dollarTag(s string) (string, bool) {
	for j := 1; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '$':
			return s[:j+1], true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 1 && c >= '0' && c <= '9':
		default:
			return "", false
		}
	}
	return "", false
}
