package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The list Copy works from against SQLite's catalog (the PostgreSQL schema
// has the same tables and keys: schema_parity_test.go): every table of the
// schema is copied or left for a stated reason, every table comes after
// the tables its foreign keys name, and each table's key is its primary
// key. A migration that adds a table fails here until the list says what
// to do with it.
func TestCopyTablesCoverTheSchema(t *testing.T) {
	if RaceDetector {
		t.Skip("reads the catalog, in one goroutine: runs in the plain pass")
	}
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := func(query string, args ...any) []string {
		t.Helper()
		rows, err := st.w.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	tables := q(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'`)
	if len(tables) < 20 {
		t.Fatalf("the catalog lists %d tables", len(tables))
	}
	listed := map[string]int{} // table: place in copyTables
	for i, ct := range copyTables {
		if _, dup := listed[ct.name]; dup {
			t.Errorf("%s is listed twice", ct.name)
		}
		listed[ct.name] = i
	}
	for _, name := range tables {
		_, copied := listed[name]
		_, left := notCopied[name]
		switch {
		case copied && left:
			t.Errorf("%s is both copied and left", name)
		case isSearchTable(name) && (copied || left):
			t.Errorf("%s is a search table: it is rebuilt, not copied", name)
		case !copied && !left && !isSearchTable(name):
			t.Errorf("table %s is not in copyTables, nor in notCopied with a reason: a library copied now would lose it", name)
		}
	}
	for name := range listed {
		if !slices.Contains(tables, name) {
			t.Errorf("copyTables lists %s, which the schema does not have", name)
		}
	}
	for name := range notCopied {
		if !slices.Contains(tables, name) {
			t.Errorf("notCopied lists %s, which the schema does not have", name)
		}
	}
	for i, ct := range copyTables {
		for _, parent := range q(`SELECT "table" FROM pragma_foreign_key_list(?)`, ct.name) {
			if p, ok := listed[parent]; !ok || p >= i {
				t.Errorf("%s refers to %s, which is not copied before it", ct.name, parent)
			}
		}
		pk := strings.Join(q(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, ct.name), ", ")
		if pk != ct.key {
			t.Errorf("%s: key %q, but its primary key is %q", ct.name, ct.key, pk)
		}
		if ct.key == "id" {
			// copyIDs takes every table keyed by id for one whose ids the
			// database gives.
			var typ string
			if err := st.w.QueryRowContext(ctx, `SELECT type FROM pragma_table_info(?) WHERE name = 'id'`, ct.name).Scan(&typ); err != nil || typ != "INTEGER" {
				t.Errorf("%s.id is %q (%v), not an INTEGER PRIMARY KEY", ct.name, typ, err)
			}
		}
	}
	// What the schema inserts itself, in a new database, is only in the
	// tables marked singleton (and those not copied): a new database is an
	// empty destination.
	for _, ct := range copyTables {
		var n int
		if err := st.w.QueryRowContext(ctx, `SELECT count(*) FROM `+ct.name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if ct.singleton != (n > 0) {
			t.Errorf("%s: %d rows in a new database, singleton %v", ct.name, n, ct.singleton)
		}
	}
}
