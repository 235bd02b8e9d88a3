package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// triggerStep is one statement of compareTriggers, run on both engines.
type triggerStep struct {
	sql   string
	args  []any
	fails bool // both engines must refuse it
	// counts, when set, is what timelines.entry_count and
	// entries.source_count must hold after the step, worked out by hand:
	// "t<id>=<entry_count> … | e<id>=<source_count> …".
	counts string
	// still: the step must move no version.
	still bool
	// rows, when set, makes the step a query whose rows (joined by ",")
	// must be these on both engines.
	rows string
}

const (
	insertTimelineSQL = `INSERT INTO timelines (slug, title, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 't', 'ana', 't', 'ana')`
	insertEntrySQL    = `INSERT INTO entries (timeline_id, date, kind, title, created_at, created_by, updated_at, updated_by) VALUES (?, '2024-01-01', 'statement', ?, 't', 'ana', 't', 'ana')`
	insertSourceSQL   = `INSERT INTO sources (title, retrieved_at, text, sha256, created_at, created_by, updated_at, updated_by) VALUES (?, 't', 'One line.', ?, 't', 'ana', 't', 'ana')`
)

// compareTriggers runs the same writes through both engines, in databases
// fresh from their migrations, and compares after each the page versions,
// entry counts and source counts that the triggers keep (db/migrations/0004
// and 0014, and their PL/pgSQL twins in db/postgres/0001).
func compareTriggers(t *testing.T, lite, pg *sql.DB) {
	ctx := context.Background()
	steps := []triggerStep{
		{sql: `INSERT INTO users (username, password_hash, role, created_at) VALUES ('ana', 'x', 'editor', 't')`},
		{sql: insertTimelineSQL, args: []any{"a", "A"}, counts: "t1=0 |"},
		{sql: insertTimelineSQL, args: []any{"b", "B"}, counts: "t1=0 t2=0 |"},
		{sql: insertEntrySQL, args: []any{1, "one"}, counts: "t1=1 t2=0 | e1=0"},
		{sql: insertEntrySQL, args: []any{1, "two"}, counts: "t1=2 t2=0 | e1=0 e2=0"},
		{sql: insertEntrySQL, args: []any{2, "three"}, counts: "t1=2 t2=1 | e1=0 e2=0 e3=0"},
		{sql: insertSourceSQL, args: []any{"S1", "h1"}},
		{sql: insertSourceSQL, args: []any{"S2", "h2"}},
		{sql: `INSERT INTO citations (entry_id, source_id, created_at, created_by) VALUES (1, 1, 't', 'ana')`,
			counts: "t1=2 t2=1 | e1=1 e2=0 e3=0"},
		{sql: `INSERT INTO claims (entry_id, text, created_at, created_by, updated_at, updated_by) VALUES (1, 'It rained.', 't', 'ana', 't', 'ana')`,
			counts: "t1=2 t2=1 | e1=1 e2=0 e3=0"},
		{sql: `INSERT INTO assessments (claim_id, source_id, stance, created_at, created_by, updated_at, updated_by) VALUES (1, 2, 'supports', 't', 'ana', 't', 'ana')`,
			counts: "t1=2 t2=1 | e1=2 e2=0 e3=0"},
		// Source 1 is cited already: still two sources.
		{sql: `INSERT INTO assessments (claim_id, source_id, stance, created_at, created_by, updated_at, updated_by) VALUES (1, 1, 'disputes', 't', 'ana', 't', 'ana')`,
			counts: "t1=2 t2=1 | e1=2 e2=0 e3=0"},
		{sql: `INSERT INTO assessments (claim_id, source_id, stance, created_at, created_by, updated_at, updated_by) VALUES (1, 1, 'supports', 't', 'ana', 't', 'ana')`,
			fails: true},
		// The citation moves to entry 2; entry 1 keeps source 1 through its assessment.
		{sql: `UPDATE citations SET entry_id = 2 WHERE id = 1`, counts: "t1=2 t2=1 | e1=2 e2=1 e3=0"},
		{sql: `UPDATE entries SET timeline_id = 2 WHERE id = 2`, counts: "t1=1 t2=2 | e1=2 e2=1 e3=0"},
		{sql: `UPDATE timelines SET title = 'A2' WHERE id = 1`},
		{sql: `UPDATE timelines SET version = version + 5 WHERE id = 2`},
		{sql: `UPDATE sources SET title = 'S2 again' WHERE id = 2`},
		{sql: `INSERT INTO actors (name) VALUES ('Ana')`},
		{sql: `INSERT INTO tags (name) VALUES ('Policy')`},
		{sql: `INSERT INTO entry_actors (entry_id, actor_id, position) VALUES (1, 1, 0)`},
		{sql: `INSERT INTO entry_tags (entry_id, tag_id, position) VALUES (3, 1, 0)`},
		{sql: `UPDATE actors SET name = 'Ana B' WHERE id = 1`},
		{sql: `UPDATE tags SET name = 'Policies' WHERE id = 1`},
		// NOCASE: one name, whatever its case.
		{sql: `INSERT INTO actors (name) VALUES ('ana b')`, fails: true},
		{sql: `SELECT name FROM actors WHERE name = 'ANA B'`, rows: "Ana B"},
		{sql: `UPDATE claims SET claimant_id = 1 WHERE id = 1`, counts: "t1=1 t2=2 | e1=2 e2=1 e3=0"},
		{sql: `INSERT INTO notes (entry_id, author_id, text, created_at, updated_at) VALUES (1, 1, 'Hm.', 't', 't')`},
		{sql: `INSERT INTO notes (entry_id, author_id, text, created_at, updated_at) VALUES (1, 1, '', 't', 't')`, fails: true},
		{sql: `DELETE FROM notes WHERE id = 1`},
		// A change of case only is no rename, on both (NOCASE).
		{sql: `UPDATE users SET username = 'ANA' WHERE id = 1`, still: true},
		{sql: `UPDATE users SET username = 'bo' WHERE id = 1`},
		{sql: `UPDATE users SET role = 'admin' WHERE id = 1`, still: true},
		{sql: `UPDATE assessments SET stance = 'mentions' WHERE id = 1`, counts: "t1=1 t2=2 | e1=2 e2=1 e3=0"},
		// Its assessments go with the claim; the citation is on entry 2 now.
		{sql: `DELETE FROM claims WHERE id = 1`, counts: "t1=1 t2=2 | e1=0 e2=1 e3=0"},
		{sql: `DELETE FROM sources WHERE id = 1`, fails: true},
		{sql: `DELETE FROM citations WHERE id = 1`, counts: "t1=1 t2=2 | e1=0 e2=0 e3=0"},
		{sql: `DELETE FROM sources WHERE id = 1`},
		{sql: `DELETE FROM entries WHERE id = 1`, counts: "t1=0 t2=2 | e2=0 e3=0"},
		{sql: `DELETE FROM actors WHERE id = 1`},
		{sql: `DELETE FROM tags WHERE id = 1`, fails: true}, // entry 3 has it
		{sql: `DELETE FROM timelines WHERE id = 2`, counts: "t1=0 |"},
		{sql: `DELETE FROM tags WHERE id = 1`},
		// Several rows in one statement: PostgreSQL fires its row triggers
		// at the statement's end, SQLite after each row.
		{sql: `INSERT INTO entries (timeline_id, date, kind, title, created_at, created_by, updated_at, updated_by)
			SELECT 1, '2024-02-0' || n, 'report', 'many', 't', 'ana', 't', 'ana' FROM (SELECT 1 AS n UNION ALL SELECT 2) AS m`,
			counts: "t1=2 | e4=0 e5=0"},
		{sql: `DELETE FROM entries WHERE timeline_id = 1`, counts: "t1=0 |"},
		// Text sorts by its bytes whatever the database's default
		// collation (the test database's is ICU English).
		{sql: insertTimelineSQL, args: []any{"Z", "Z"}},
		{sql: insertTimelineSQL, args: []any{"_x", "_x"}},
		{sql: `SELECT slug FROM timelines ORDER BY slug`, rows: "Z,_x,a"},
		{sql: `SELECT id FROM timelines WHERE slug < 'a' ORDER BY id`, rows: "3,4"},
	}

	prev := map[string]string{}
	for i, st := range steps {
		label := fmt.Sprintf("step %d (%s)", i+1, strings.Join(strings.Fields(st.sql), " "))
		var states [2]string
		for j, e := range []struct {
			name string
			db   *sql.DB
			q    string
		}{{"SQLite", lite, st.sql}, {"PostgreSQL", pg, dollarParams(st.sql)}} {
			if st.rows != "" {
				got, err := queryStrings(ctx, e.db, 1, e.q, st.args...)
				if err != nil {
					t.Fatalf("%s on %s: %v", label, e.name, err)
				}
				var vals []string
				for _, r := range got {
					vals = append(vals, r[0])
				}
				if s := strings.Join(vals, ","); s != st.rows {
					t.Errorf("%s on %s: rows %q, want %q", label, e.name, s, st.rows)
				}
				continue
			}
			_, err := e.db.ExecContext(ctx, e.q, st.args...)
			if st.fails && err == nil {
				t.Errorf("%s on %s: succeeded, want an error", label, e.name)
			} else if !st.fails && err != nil {
				t.Fatalf("%s on %s: %v", label, e.name, err)
			}
			state, counts, err := triggerState(ctx, e.db)
			if err != nil {
				t.Fatalf("%s on %s: %v", label, e.name, err)
			}
			if st.counts != "" && counts != st.counts {
				t.Errorf("%s on %s: counts %q, want %q", label, e.name, counts, st.counts)
			}
			if st.still && state != prev[e.name] {
				t.Errorf("%s on %s: versions moved:\n\tbefore %s\n\tafter  %s", label, e.name, prev[e.name], state)
			}
			prev[e.name], states[j] = state, state
		}
		if st.rows == "" && states[0] != states[1] {
			t.Errorf("%s: the engines differ:\n\tSQLite:     %s\n\tPostgreSQL: %s", label, states[0], states[1])
		}
	}
}

// triggerState is what the triggers keep: every timeline's version and
// entry count, every entry's timeline and source count, and the version of
// the name lists; and, apart, the counts alone.
func triggerState(ctx context.Context, d *sql.DB) (state, counts string, err error) {
	tls, err := queryStrings(ctx, d, 3, `SELECT id, version, entry_count FROM timelines ORDER BY id`)
	if err != nil {
		return "", "", err
	}
	es, err := queryStrings(ctx, d, 3, `SELECT id, timeline_id, source_count FROM entries ORDER BY id`)
	if err != nil {
		return "", "", err
	}
	names, err := queryStrings(ctx, d, 1, `SELECT version FROM name_lists`)
	if err != nil {
		return "", "", err
	}
	var s, c []string
	for _, r := range tls {
		s = append(s, fmt.Sprintf("timeline %s v%s n%s", r[0], r[1], r[2]))
		c = append(c, fmt.Sprintf("t%s=%s", r[0], r[2]))
	}
	c = append(c, "|")
	for _, r := range es {
		s = append(s, fmt.Sprintf("entry %s t%s s%s", r[0], r[1], r[2]))
		c = append(c, fmt.Sprintf("e%s=%s", r[0], r[2]))
	}
	for _, r := range names {
		s = append(s, "names v"+r[0])
	}
	return strings.Join(s, "; "), strings.Join(c, " "), nil
}

// dollarParams writes the ? placeholders of a statement as PostgreSQL's $1,
// $2…, outside string literals. (The PostgreSQL engine will do this for the
// store; the test's statements need no more.)
func dollarParams(q string) string {
	var b strings.Builder
	n, inLit := 0, false
	for _, r := range q {
		switch {
		case r == '\'':
			inLit = !inLit
		case r == '?' && !inLit:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
