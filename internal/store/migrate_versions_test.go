package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// undoVersions takes a database back to before migration 0011, keeping
// its data: the state of every database made before versions existed.
const undoVersions = `
DROP INDEX sources_shingle_count;
DROP TABLE source_originals;
DELETE FROM schema_migrations WHERE version = '0020_source_originals';
DROP INDEX sources_unindexed;
DELETE FROM schema_migrations WHERE version = '0015_unindexed_sources';
DROP TABLE source_copies;
DROP TABLE source_shingles;
DROP TABLE source_versions;
ALTER TABLE sources DROP COLUMN version;
ALTER TABLE sources DROP COLUMN shingles;
ALTER TABLE sources DROP COLUMN copy_group;
ALTER TABLE citations DROP COLUMN version;
ALTER TABLE citations DROP COLUMN cur_start;
ALTER TABLE citations DROP COLUMN cur_end;
ALTER TABLE citations DROP COLUMN state;
ALTER TABLE citations DROP COLUMN changed_in;
ALTER TABLE citations DROP COLUMN closest;
ALTER TABLE assessments DROP COLUMN version;
ALTER TABLE assessments DROP COLUMN cur_start;
ALTER TABLE assessments DROP COLUMN cur_end;
ALTER TABLE assessments DROP COLUMN state;
ALTER TABLE assessments DROP COLUMN changed_in;
ALTER TABLE assessments DROP COLUMN closest;
DELETE FROM schema_migrations WHERE version = '0011_source_versions';
`

func exportAll(t *testing.T, st *store.Store) []byte {
	t.Helper()
	tl, err := st.TimelineBySlug(context.Background(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, f := range []string{"csv", "json", "timelinejs"} {
		if err := app.New(st, app.Config{}).Exchange.Export(context.Background(), f, tl, claimline.EntryFilter{}, &out); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// Migration 0011 moves every text into version 1 without changing a byte
// of it, an offset, a SHA-256 or an export; quotes point at version 1.
func TestMigrationMovesTextsIntoVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	want := exportAll(t, st)
	st.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(undoVersions); err != nil {
		t.Fatalf("undo 0011: %v", err)
	}
	// What the old schema holds, and what it exports.
	type quoteRow struct {
		id, start, end int64
		table          string
	}
	var before []quoteRow
	for _, table := range []string{"citations", "assessments"} {
		rows, err := raw.Query(`SELECT id, quote_start, quote_end FROM ` + table + ` ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			q := quoteRow{table: table}
			rows.Scan(&q.id, &q.start, &q.end)
			before = append(before, q)
		}
		rows.Close()
	}
	texts := map[int64][2]string{}
	rows, _ := raw.Query(`SELECT id, text, sha256 FROM sources`)
	for rows.Next() {
		var id int64
		var text, sha string
		rows.Scan(&id, &text, &sha)
		texts[id] = [2]string{text, sha}
	}
	rows.Close()
	raw.Close()

	st, err = store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("migrating: %v", err)
	}
	defer st.Close()
	if got := exportAll(t, st); !bytes.Equal(got, want) {
		t.Error("the exports changed with the migration")
	}
	ctx := context.Background()
	if len(texts) != 5 {
		t.Fatalf("%d sources", len(texts))
	}
	for id, ts := range texts {
		vs, err := st.Versions(ctx, id)
		if err != nil || len(vs) != 1 || vs[0].Number != 1 || vs[0].SHA256 != ts[1] {
			t.Fatalf("source %d versions: %+v %v", id, vs, err)
		}
		v, _ := st.Version(ctx, id, 1)
		src, _ := st.Source(ctx, id)
		if v.Text != ts[0] || src.Text != ts[0] || src.SHA256 != ts[1] || src.Version != 1 {
			t.Errorf("source %d: text or SHA-256 changed", id)
		}
		if len(src.Copies) != 0 {
			t.Errorf("source %d: seeds flagged as copies after indexing", id)
		}
		cits, as, _ := st.SourceUses(ctx, id)
		for _, q := range before {
			for _, c := range cits {
				if q.table == "citations" && c.ID == q.id && (c.Span.Start != int(q.start) || c.Span.End != int(q.end) ||
					c.Check.Current != c.Span || c.Check.Version != 1 || c.Check.Affected()) {
					t.Errorf("citation %d: %v %+v, was %d-%d", c.ID, c.Span, c.Check, q.start, q.end)
				}
			}
			for _, a := range as {
				if q.table == "assessments" && a.ID == q.id && (a.Span.Start != int(q.start) || a.Check.Current != a.Span || a.Check.Version != 1) {
					t.Errorf("assessment %d: %v %+v", a.ID, a.Span, a.Check)
				}
			}
		}
	}
	if len(before) == 0 {
		t.Fatal("no quotes to compare")
	}
}

// Migration 0020 moves every original document out of the sources' rows
// into a table of its own, keeping each with its version.
func TestMigrationMovesOriginalsOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := as("ann")
	page1, page2 := []byte("<html><body><p>First text of the page.</p></body></html>"), []byte("<html><body><p>Second text of the page.</p></body></html>")
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Page", Text: "First text of the page."},
		Original: page1, OriginalType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddVersion(ctx, src.ID, claimline.NewVersion{Text: "Second text of the page.", Original: page2, OriginalType: "text/html"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Back to before 0020: the originals in the rows, as they were kept.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE source_versions SET original = (SELECT o.original FROM source_originals o WHERE o.source_id = source_versions.source_id AND o.version = source_versions.number)`,
		`UPDATE sources SET original = (SELECT o.original FROM source_originals o WHERE o.source_id = sources.id AND o.version = sources.version)`,
		`DROP TABLE source_originals`,
		`DROP INDEX sources_shingle_count`,
		`DELETE FROM schema_migrations WHERE version = '0020_source_originals'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	if st, err = store.Open(context.Background(), path); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	if b, typ, err := st.SourceOriginal(ctx, src.ID); err != nil || !bytes.Equal(b, page2) || typ != "text/html" {
		t.Errorf("the current original after the migration: %q %q %v", b, typ, err)
	}
	st.Close()
	if raw, err = sql.Open("sqlite", path); err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var inRows, kept int
	raw.QueryRow(`SELECT (SELECT count(*) FROM sources WHERE original IS NOT NULL) + (SELECT count(*) FROM source_versions WHERE original IS NOT NULL)`).Scan(&inRows)
	raw.QueryRow(`SELECT count(*) FROM source_originals WHERE source_id = ? AND (version = 1 AND original = ? OR version = 2 AND original = ?)`, src.ID, page1, page2).Scan(&kept)
	if inRows != 0 || kept != 2 {
		t.Errorf("after the migration: %d originals left in rows, %d of 2 kept by version", inRows, kept)
	}
}
