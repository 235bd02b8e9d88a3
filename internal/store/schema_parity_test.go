package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// The PostgreSQL schema (db/postgres) against SQLite's (db/migrations): the
// same tables, columns, keys, constraints, indexes and triggers, read from
// each engine's catalog, and the same effects of the triggers.

// searchTables are the search machinery, engine-specific by design and so
// left out of the comparison: SQLite's FTS5 tables (with their shadow
// tables, below) and search_entries_stale (db/migrations 0005, 0016, 0023),
// and PostgreSQL's (db/postgres/0002_search.sql). A table in one engine and
// not the other fails the test: add it here only if it is search.
var searchTables = []string{
	"search_entries", "search_claims", "search_actors", "search_sources", "search_passages",
	"search_notes", "search_passage_spans", "search_entries_stale", "search_stale", "search_stats", "search_terms",
}

// fts5Shadows are the tables FTS5 keeps for a virtual table, named after it.
var fts5Shadows = []string{"_data", "_idx", "_content", "_docsize", "_config"}

func isSearchTable(name string) bool {
	for _, s := range searchTables {
		if name == s {
			return true
		}
		if rest, ok := strings.CutPrefix(name, s); ok && slices.Contains(fts5Shadows, rest) {
			return true
		}
	}
	return false
}

// isSearchTrigger: the triggers that keep the search index are all named
// search_* in both engines, like its tables.
func isSearchTrigger(name string) bool { return strings.HasPrefix(name, "search_") }

// triggerTiming lists the triggers whose timing differs on purpose.
var triggerTiming = map[string]string{
	// SQLite's AFTER UPDATE runs a second UPDATE of the row; PostgreSQL's
	// BEFORE UPDATE sets NEW.version in the row's own (0001_baseline.sql).
	"timelines_version": "BEFORE",
}

// freshPostgres creates a database of its own on the test server, dropped at
// cleanup, migrates it through store.Open and returns a handle on it. Its
// default collation is ICU's English, not C: the schema must not depend on
// an operator's default.
func freshPostgres(t *testing.T) *sql.DB {
	t.Helper()
	base := storetest.ServerURL(t)
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	name := "claimline_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+
		` TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if err := storetest.DropDatabase(admin, name); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	st, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("PostgreSQL migrations: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	pg, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	return pg
}

// freshSQLite creates a database through store.Open (its migrations applied
// the normal way) and returns a plain handle on it.
func freshSQLite(t *testing.T) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parity.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	lite, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	lite.SetMaxOpenConns(1)
	t.Cleanup(func() { lite.Close() })
	return lite
}

// tableSchema is what the comparison looks at in a table, each part as
// strings in a form both engines' catalogs produce.
type tableSchema struct {
	columns     []string // in order: "name family[ COLLATE c] [NOT NULL] [DEFAULT v] [GENERATED]"
	primaryKey  string   // "a,b"
	foreignKeys []string // "a,b -> t(x,y) ON DELETE CASCADE"
	uniques     []string // UNIQUE constraints "(a,b)" and unique indexes "name (a) WHERE p"
	checks      []string // normalised expressions
	indexes     []string // non-unique: "name (a,b) WHERE p"
}

type dbSchema struct {
	tables   map[string]*tableSchema
	triggers map[string]string // name -> "AFTER UPDATE OF c ON t FOR EACH ROW WHEN e"
}

// TestSchemaParity applies each engine's migrations to a fresh database,
// compares the schemas their catalogs describe, then the effects of their
// triggers (schema_triggers_test.go). One pair of databases serves both:
// creating a PostgreSQL database takes most of a second.
func TestSchemaParity(t *testing.T) {
	if store.RaceDetector {
		// It starts no goroutines: the race detector finds nothing here.
		t.Skip("runs without -race")
	}
	pg := freshPostgres(t)
	lite := freshSQLite(t)
	t.Run("Catalogs", func(t *testing.T) { compareCatalogs(t, lite, pg) })
	t.Run("Triggers", func(t *testing.T) { compareTriggers(t, lite, pg) })
}

// compareCatalogs: the same tables; per table the same columns (in order,
// with their type family, collation, nullability, default and whether the
// database gives their value), primary key, foreign keys with their ON
// DELETE, UNIQUE constraints and unique indexes, CHECKs and other indexes
// (with their WHERE); and the same triggers (table, timing, event, WHEN).
func compareCatalogs(t *testing.T, lite, pg *sql.DB) {
	ctx := context.Background()
	want, err := sqliteSchema(ctx, lite)
	if err != nil {
		t.Fatalf("SQLite schema: %v", err)
	}
	got, err := postgresSchema(ctx, pg)
	if err != nil {
		t.Fatalf("PostgreSQL schema: %v", err)
	}
	if len(want.tables) < 20 {
		t.Fatalf("read only %d SQLite tables: the catalog query is broken", len(want.tables))
	}
	for _, p := range compareSchemas(want, got) {
		t.Error(p)
	}
}

// compareSchemas lists the differences of got (PostgreSQL) from want (SQLite).
func compareSchemas(want, got dbSchema) []string {
	var out []string
	for _, name := range sortedKeys(want.tables) {
		w, g := want.tables[name], got.tables[name]
		if g == nil {
			out = append(out, fmt.Sprintf("table %s: only in SQLite", name))
			continue
		}
		if !slices.Equal(w.columns, g.columns) {
			out = append(out, fmt.Sprintf("table %s: columns differ:%s", name, listDiff(w.columns, g.columns, true)))
		}
		if w.primaryKey != g.primaryKey {
			out = append(out, fmt.Sprintf("table %s: primary key (%s) in SQLite, (%s) in PostgreSQL", name, w.primaryKey, g.primaryKey))
		}
		for _, part := range []struct {
			what string
			w, g []string
		}{
			{"foreign keys", w.foreignKeys, g.foreignKeys},
			{"unique constraints and indexes", w.uniques, g.uniques},
			{"checks", w.checks, g.checks},
			{"indexes", w.indexes, g.indexes},
		} {
			if !slices.Equal(part.w, part.g) {
				out = append(out, fmt.Sprintf("table %s: %s differ:%s", name, part.what, listDiff(part.w, part.g, false)))
			}
		}
	}
	for _, name := range sortedKeys(got.tables) {
		if want.tables[name] == nil {
			out = append(out, fmt.Sprintf("table %s: only in PostgreSQL (if it is search machinery, list it in searchTables)", name))
		}
	}
	for _, name := range sortedKeys(want.triggers) {
		w, g := want.triggers[name], got.triggers[name]
		if timing, ok := triggerTiming[name]; ok {
			w = strings.Replace(w, "AFTER ", timing+" ", 1)
		}
		if g == "" {
			out = append(out, fmt.Sprintf("trigger %s: only in SQLite", name))
		} else if w != g {
			out = append(out, fmt.Sprintf("trigger %s:\n\tSQLite:     %s\n\tPostgreSQL: %s", name, w, g))
		}
	}
	for _, name := range sortedKeys(got.triggers) {
		if want.triggers[name] == "" {
			out = append(out, fmt.Sprintf("trigger %s: only in PostgreSQL", name))
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// listDiff shows what is only in SQLite's list (-) and only in PostgreSQL's
// (+), and, when ordered, the two lists if they hold the same items in
// another order.
func listDiff(w, g []string, ordered bool) string {
	var b strings.Builder
	for _, s := range w {
		if !slices.Contains(g, s) {
			fmt.Fprintf(&b, "\n\t- %s", s)
		}
	}
	for _, s := range g {
		if !slices.Contains(w, s) {
			fmt.Fprintf(&b, "\n\t+ %s", s)
		}
	}
	if b.Len() == 0 && ordered {
		fmt.Fprintf(&b, "\n\tSQLite order:     %s\n\tPostgreSQL order: %s", strings.Join(w, "; "), strings.Join(g, "; "))
	}
	return b.String()
}

func columnString(name, family string, notNull bool, dflt string, generated bool) string {
	s := name + " " + family
	if notNull {
		s += " NOT NULL"
	}
	if dflt != "" {
		s += " DEFAULT " + dflt
	}
	if generated {
		s += " GENERATED"
	}
	return s
}

// sqliteSchema reads the schema from SQLite's catalog: sqlite_master and the
// table-valued pragmas. What the pragmas do not give (CHECKs, collations, a
// partial index's WHERE, a trigger's event) is read from the CREATE text.
func sqliteSchema(ctx context.Context, lite *sql.DB) (dbSchema, error) {
	s := dbSchema{tables: map[string]*tableSchema{}, triggers: map[string]string{}}
	objects, err := queryStrings(ctx, lite, 3, `SELECT type, name, coalesce(sql, '') FROM sqlite_master
		WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return s, err
	}
	for _, o := range objects {
		typ, name, text := o[0], o[1], o[2]
		switch {
		case typ == "trigger" && !isSearchTrigger(name):
			d, err := sqliteTrigger(text)
			if err != nil {
				return s, fmt.Errorf("trigger %s: %w", name, err)
			}
			s.triggers[name] = d
		case typ == "table" && !isSearchTable(name):
			ts, err := sqliteTable(ctx, lite, name, text)
			if err != nil {
				return s, fmt.Errorf("table %s: %w", name, err)
			}
			s.tables[name] = ts
		}
	}
	return s, nil
}

func sqliteTable(ctx context.Context, lite *sql.DB, name, text string) (*tableSchema, error) {
	ts := &tableSchema{}
	defs, err := tableDefinitions(text)
	if err != nil {
		return nil, err
	}
	nocase := map[string]bool{}
	for _, d := range defs {
		for _, c := range checkExprs(d) {
			ts.checks = append(ts.checks, normExpr(c))
		}
		first := strings.ToLower(strings.Fields(d)[0])
		if !slices.Contains([]string{"constraint", "primary", "unique", "check", "foreign"}, first) &&
			nocaseRE.MatchString(d) {
			nocase[strings.Trim(first, `"`)] = true
		}
	}
	cols, err := queryStrings(ctx, lite, 5, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info(?) ORDER BY cid`, name)
	if err != nil {
		return nil, err
	}
	var pk []string
	pkCount := 0
	for _, c := range cols {
		if c[4] != "0" {
			pkCount++
		}
	}
	pkAt := map[int]string{}
	for _, c := range cols {
		cname, typ, dflt := c[0], strings.ToUpper(c[1]), c[3]
		n, _ := strconv.Atoi(c[4])
		if n > 0 {
			pkAt[n] = cname
		}
		family := map[string]string{"INTEGER": "integer", "TEXT": "text", "BLOB": "blob", "REAL": "real"}[typ]
		if family == "" {
			family = "?" + typ
		}
		if family == "text" {
			if nocase[cname] {
				family += " COLLATE nocase"
			} else {
				family += " COLLATE binary"
			}
		}
		// A primary key's columns hold no NULL in PostgreSQL. In SQLite
		// that holds for a rowid alias and in WITHOUT ROWID tables; other
		// PRIMARY KEYs without NOT NULL (schema_migrations.version,
		// pending_imports.token_hash) accept one, but nothing writes it.
		notNull := c[2] == "1" || n > 0
		// INTEGER PRIMARY KEY alone is the rowid: SQLite gives it when an
		// insert does not, as a PostgreSQL identity does.
		generated := n > 0 && pkCount == 1 && typ == "INTEGER"
		if dflt != "" {
			dflt = normDefault(dflt)
		}
		ts.columns = append(ts.columns, columnString(cname, family, notNull, dflt, generated))
	}
	for i := 1; i <= len(pkAt); i++ {
		pk = append(pk, pkAt[i])
	}
	ts.primaryKey = strings.Join(pk, ",")

	fks, err := queryStrings(ctx, lite, 5, `SELECT id, "table", "from", coalesce("to", ''), on_delete
		FROM pragma_foreign_key_list(?) ORDER BY id, seq`, name)
	if err != nil {
		return nil, err
	}
	byID := map[string][]string{}
	var ids []string
	for _, f := range fks {
		if byID[f[0]] == nil {
			ids = append(ids, f[0])
		}
		byID[f[0]] = append(byID[f[0]], f[1], f[2], f[3], f[4])
	}
	for _, id := range ids {
		parts := byID[id]
		var from, to []string
		for i := 0; i < len(parts); i += 4 {
			from, to = append(from, parts[i+1]), append(to, parts[i+2])
		}
		ts.foreignKeys = append(ts.foreignKeys, fmt.Sprintf("%s -> %s(%s) ON DELETE %s",
			strings.Join(from, ","), parts[0], strings.Join(to, ","), parts[3]))
	}

	idx, err := queryStrings(ctx, lite, 4, `SELECT l.name, l."unique", l.origin, coalesce(m.sql, '')
		FROM pragma_index_list(?) l LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name`, name)
	if err != nil {
		return nil, err
	}
	for _, ix := range idx {
		iname, unique, origin, text := ix[0], ix[1] == "1", ix[2], ix[3]
		if origin == "pk" {
			continue
		}
		cols, err := queryStrings(ctx, lite, 1, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, iname)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, c := range cols {
			names = append(names, c[0])
		}
		on := "(" + strings.Join(names, ",") + ")"
		if origin == "u" {
			ts.uniques = append(ts.uniques, on)
			continue
		}
		d := iname + " " + on
		if m := indexWhereRE.FindStringSubmatch(text); m != nil {
			d += " WHERE " + normExpr(m[1])
		}
		if unique {
			ts.uniques = append(ts.uniques, d)
		} else {
			ts.indexes = append(ts.indexes, d)
		}
	}
	sort.Strings(ts.foreignKeys)
	sort.Strings(ts.uniques)
	sort.Strings(ts.checks)
	sort.Strings(ts.indexes)
	return ts, nil
}

var (
	nocaseRE      = regexp.MustCompile(`(?i)\bCOLLATE\s+NOCASE\b`)
	indexWhereRE  = regexp.MustCompile(`(?is)\)\s*WHERE\s+(.*)$`)
	triggerWhenRE = regexp.MustCompile(`(?s)\sWHEN\s+(.*)\s+EXECUTE\s`)
	checkRE       = regexp.MustCompile(`(?i)\bCHECK\s*\(`)
)

var sqliteTriggerRE = regexp.MustCompile(`(?is)^CREATE\s+TRIGGER\s+\w+\s+(BEFORE|AFTER)\s+(INSERT|UPDATE|DELETE)(?:\s+OF\s+(.*?))?\s+ON\s+(\w+)(?:\s+FOR\s+EACH\s+ROW)?(?:\s+WHEN\s+(.*?))?\s+BEGIN\b`)

func sqliteTrigger(text string) (string, error) {
	m := sqliteTriggerRE.FindStringSubmatch(stripComments(text))
	if m == nil {
		return "", fmt.Errorf("cannot read %q", text)
	}
	return triggerString(strings.ToUpper(m[1]), strings.ToUpper(m[2]), splitNames(m[3]), m[4], "ROW", m[5]), nil
}

func triggerString(timing, event string, of []string, table, each, when string) string {
	s := timing + " " + event
	if len(of) > 0 {
		sort.Strings(of)
		s += " OF " + strings.Join(of, ",")
	}
	s += " ON " + table + " FOR EACH " + each
	if when != "" {
		s += " WHEN " + normExpr(when)
	}
	return s
}

func splitNames(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// postgresSchema reads the same from PostgreSQL's catalogs.
func postgresSchema(ctx context.Context, pg *sql.DB) (dbSchema, error) {
	s := dbSchema{tables: map[string]*tableSchema{}, triggers: map[string]string{}}
	tables, err := queryStrings(ctx, pg, 1, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		return s, err
	}
	for _, tr := range tables {
		name := tr[0]
		if isSearchTable(name) {
			continue
		}
		ts, err := postgresTable(ctx, pg, name)
		if err != nil {
			return s, fmt.Errorf("table %s: %w", name, err)
		}
		s.tables[name] = ts
	}
	trigs, err := queryStrings(ctx, pg, 5, `SELECT t.tgname, c.relname, t.tgtype::int,
		coalesce((SELECT string_agg(a.attname, ',') FROM unnest(t.tgattr::int2[]) k(attnum)
			JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum), ''),
		pg_get_triggerdef(t.oid, true)
		FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		return s, err
	}
	for _, tr := range trigs {
		name, table, def := tr[0], tr[1], tr[4]
		if isSearchTrigger(name) {
			continue
		}
		typ, _ := strconv.Atoi(tr[2])
		// pg_trigger.tgtype's bits: 1 row, 2 before, 4 insert, 8 delete,
		// 16 update, 64 instead.
		timing, each := "AFTER", "STATEMENT"
		if typ&2 != 0 {
			timing = "BEFORE"
		} else if typ&64 != 0 {
			timing = "INSTEAD OF"
		}
		if typ&1 != 0 {
			each = "ROW"
		}
		var events []string
		for _, e := range []struct {
			bit  int
			name string
		}{{4, "INSERT"}, {8, "DELETE"}, {16, "UPDATE"}} {
			if typ&e.bit != 0 {
				events = append(events, e.name)
			}
		}
		when := ""
		if m := triggerWhenRE.FindStringSubmatch(def); m != nil {
			when = m[1]
		}
		s.triggers[name] = triggerString(timing, strings.Join(events, " OR "), splitNames(tr[3]), table, each, when)
	}
	return s, nil
}

// keyColumns gives the names of a pg_constraint key's columns in order.
const keyColumns = `(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(%s) WITH ORDINALITY k(attnum, ord)
	JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.attnum)`

func postgresTable(ctx context.Context, pg *sql.DB, name string) (*tableSchema, error) {
	ts := &tableSchema{}
	cols, err := queryStrings(ctx, pg, 5, `SELECT column_name, data_type, is_nullable, coalesce(column_default, ''),
		is_identity || '/' || coalesce(collation_name, '')
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
		ORDER BY ordinal_position`, name)
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		identity, collation, _ := strings.Cut(c[4], "/")
		family := map[string]string{"bigint": "integer", "text": "text", "bytea": "blob", "double precision": "real"}[c[1]]
		if family == "" {
			family = "?" + c[1]
		}
		if family == "text" {
			switch collation {
			case "C":
				family += " COLLATE binary"
			case "nocase":
				family += " COLLATE nocase"
			case "":
				family += " COLLATE (the database's default)" // never: it is the operator's choice
			default:
				family += " COLLATE " + collation
			}
		}
		dflt := c[3]
		if dflt != "" {
			dflt = normDefault(dflt)
		}
		ts.columns = append(ts.columns, columnString(c[0], family, c[2] == "NO", dflt, identity == "YES"))
	}
	pk, err := queryStrings(ctx, pg, 1, `SELECT coalesce(`+fmt.Sprintf(keyColumns, "c.conkey", "c.conrelid")+`, '')
		FROM pg_constraint c WHERE c.conrelid = $1::text::regclass AND c.contype = 'p'`, name)
	if err != nil {
		return nil, err
	}
	if len(pk) == 1 {
		ts.primaryKey = pk[0][0]
	}
	fks, err := queryStrings(ctx, pg, 4, `SELECT `+fmt.Sprintf(keyColumns, "c.conkey", "c.conrelid")+`,
		c.confrelid::regclass::text, `+fmt.Sprintf(keyColumns, "c.confkey", "c.confrelid")+`, c.confdeltype::text
		FROM pg_constraint c WHERE c.conrelid = $1::text::regclass AND c.contype = 'f'`, name)
	if err != nil {
		return nil, err
	}
	actions := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
	for _, f := range fks {
		ts.foreignKeys = append(ts.foreignKeys, fmt.Sprintf("%s -> %s(%s) ON DELETE %s", f[0], f[1], f[2], actions[f[3]]))
	}
	uniques, err := queryStrings(ctx, pg, 1, `SELECT `+fmt.Sprintf(keyColumns, "c.conkey", "c.conrelid")+`
		FROM pg_constraint c WHERE c.conrelid = $1::text::regclass AND c.contype = 'u'`, name)
	if err != nil {
		return nil, err
	}
	for _, u := range uniques {
		ts.uniques = append(ts.uniques, "("+u[0]+")")
	}
	checks, err := queryStrings(ctx, pg, 1, `SELECT pg_get_constraintdef(c.oid, true)
		FROM pg_constraint c WHERE c.conrelid = $1::text::regclass AND c.contype = 'c'`, name)
	if err != nil {
		return nil, err
	}
	for _, c := range checks {
		expr, ok := strings.CutPrefix(c[0], "CHECK ")
		if !ok {
			return nil, fmt.Errorf("cannot read check %q", c[0])
		}
		ts.checks = append(ts.checks, normExpr(expr))
	}
	// Indexes other than those of PRIMARY KEY and UNIQUE constraints.
	idx, err := queryStrings(ctx, pg, 4, `SELECT ic.relname, i.indisunique::text,
		(SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), ',' ORDER BY k) FROM generate_series(1, i.indnkeyatts) k),
		coalesce(pg_get_expr(i.indpred, i.indrelid, true), '')
		FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
		WHERE i.indrelid = $1::text::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c
			WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))`, name)
	if err != nil {
		return nil, err
	}
	for _, ix := range idx {
		d := ix[0] + " (" + strings.ReplaceAll(ix[2], `"`, "") + ")"
		if ix[3] != "" {
			d += " WHERE " + normExpr(ix[3])
		}
		if ix[1] == "true" {
			ts.uniques = append(ts.uniques, d)
		} else {
			ts.indexes = append(ts.indexes, d)
		}
	}
	sort.Strings(ts.foreignKeys)
	sort.Strings(ts.uniques)
	sort.Strings(ts.checks)
	sort.Strings(ts.indexes)
	return ts, nil
}

// queryStrings runs a query and returns its rows, n columns each, as strings.
func queryStrings(ctx context.Context, d *sql.DB, n int, query string, args ...any) ([][]string, error) {
	rows, err := d.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, n)
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

var (
	castRE       = regexp.MustCompile(`::\s*(double precision|character varying|[a-z_][a-z0-9_]*)(\[\])?`)
	notDistinct  = regexp.MustCompile(`\bis\s+not\s+distinct\s+from\b`)
	isDistinct   = regexp.MustCompile(`\bis\s+distinct\s+from\b`)
	anyArrayRE   = regexp.MustCompile(`=\s*any\s*\(\s*array\[([^\]]*)\]\s*\)`)
	literalRE    = regexp.MustCompile(`'(?:[^']|'')*'`)
	placeholders = regexp.MustCompile("\x00([0-9]+)\x00")
)

// normExpr writes an expression so that SQLite's text and PostgreSQL's
// rendering of it compare equal: lower case outside string literals, no
// casts, PostgreSQL's "x = ANY (ARRAY[a, b])" as "x IN (a, b)", IS
// DISTINCT FROM as IS NOT, != as <>, and no white space, parentheses or
// double quotes.
func normExpr(s string) string {
	var lits []string
	s = literalRE.ReplaceAllStringFunc(s, func(l string) string {
		lits = append(lits, l)
		return fmt.Sprintf("\x00%d\x00", len(lits)-1)
	})
	s = strings.ToLower(s)
	s = castRE.ReplaceAllString(s, "")
	s = notDistinct.ReplaceAllString(s, "is")
	s = isDistinct.ReplaceAllString(s, "is not")
	s = anyArrayRE.ReplaceAllString(s, " in ($1)")
	s = strings.ReplaceAll(s, "!=", "<>")
	s = strings.NewReplacer(" ", "", "\t", "", "\n", "", "(", "", ")", "", `"`, "").Replace(s)
	return placeholders.ReplaceAllStringFunc(s, func(p string) string {
		i, _ := strconv.Atoi(strings.Trim(p, "\x00"))
		return lits[i]
	})
}

// normDefault is normExpr for a column's default, where PostgreSQL also
// quotes a negative number ('-1'::integer).
func normDefault(s string) string {
	s = normExpr(s)
	if u, ok := strings.CutPrefix(s, "'"); ok {
		if u, ok = strings.CutSuffix(u, "'"); ok {
			if _, err := strconv.ParseFloat(u, 64); err == nil {
				return u
			}
		}
	}
	return s
}

// stripComments removes -- and /* */ comments outside string literals.
func stripComments(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			b.WriteString(s[i:min(j+1, len(s))])
			i = j
		case strings.HasPrefix(s[i:], "--"):
			for i < len(s) && s[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return b.String()
			}
			i += end + 3
			b.WriteByte(' ')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// tableDefinitions splits a CREATE TABLE statement's parenthesised body into
// its column and constraint definitions.
func tableDefinitions(text string) ([]string, error) {
	s := stripComments(text)
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return nil, fmt.Errorf("no definitions in %q", text)
	}
	var defs []string
	depth, start, inLit := 0, open+1, false
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			inLit = !inLit
		case inLit:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return append(defs, strings.TrimSpace(s[start:i])), nil
			}
		case c == ',' && depth == 1:
			defs = append(defs, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return nil, fmt.Errorf("unbalanced parentheses in %q", text)
}

// checkExprs returns the expressions of the CHECK constraints in a
// definition.
func checkExprs(def string) []string {
	var out []string
	for _, loc := range checkRE.FindAllStringIndex(def, -1) {
		depth, inLit := 0, false
		for i := loc[1] - 1; i < len(def); i++ {
			c := def[i]
			switch {
			case c == '\'':
				inLit = !inLit
			case inLit:
			case c == '(':
				depth++
			case c == ')':
				depth--
			}
			if depth == 0 {
				out = append(out, def[loc[1]:i])
				break
			}
		}
	}
	return out
}
