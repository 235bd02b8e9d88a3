package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// Migration 0025 takes again the shingles of texts holding a mark typeset
// for an apostrophe, which copy detection now reads as one: a text indexed
// with the old split (here, its index emptied, as stale) is indexed anew at
// start-up and found again to be a copy of the same report with plain
// apostrophes.
func TestMigrationReindexesShinglesOfApostropheMarks(t *testing.T) {
	if storetest.Postgres() {
		t.Skip("takes a SQLite file back a migration; PostgreSQL runs the same UPDATE in its 0004")
	}
	path := storetest.Addr(t)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := as("editor")
	report := strings.Repeat("Norway's central bank raised its policy rate by a quarter point on Thursday and said more increases were likely this year as inflation stayed high. ", 3)
	a, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Acute", Text: strings.ReplaceAll(report, "'", "´")}})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Plain", Text: report + "Economists had expected it."}})
	if err != nil {
		t.Fatal(err)
	}
	copies := func(st *store.Store) int {
		cs, err := st.Copies(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Other.ID != b.ID {
			return 0
		}
		return len(cs)
	}
	if n := copies(st); n != 1 {
		t.Fatalf("%d copies before the index is made stale, want 1", n)
	}
	st.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM source_shingles WHERE source_id = ?`, `DELETE FROM source_copies WHERE ? > 0`,
		`UPDATE sources SET shingles = 0, copy_group = 0 WHERE id = ?`,
		`DELETE FROM schema_migrations WHERE version = '0025_shingle_apostrophes' AND ? > 0`,
	} {
		if _, err := raw.Exec(q, a.ID); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	st, err = store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n := copies(st); n != 1 {
		t.Errorf("%d copies after the migration, want the plain report again", n)
	}
}
