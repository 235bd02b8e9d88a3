package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// staleNameLists returns, for every entry whose actor_list or tag_list
// differs from its entry_actors and entry_tags rows, a line saying how. The
// expected lists are built here in Go from the link tables, independently
// of the SQL that writes them.
func staleNameLists(t *testing.T, addr string) []string {
	t.Helper()
	db := rawDB(t, addr)
	want := map[int64][2][]string{}
	collect := func(q string, slot int) {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var entryID int64
			var id sql.NullInt64 // an actor's, before its name
			var name string
			if err := rows.Scan(&entryID, &id, &name); err != nil {
				t.Fatal(err)
			}
			item := name
			if id.Valid {
				item = strconv.FormatInt(id.Int64, 10) + "\x1f" + name
			}
			w := want[entryID]
			w[slot] = append(w[slot], item)
			want[entryID] = w
		}
	}
	collect(`SELECT ea.entry_id, a.id, a.name FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id ORDER BY ea.entry_id, ea.position`, 0)
	collect(`SELECT et.entry_id, NULL, g.name FROM entry_tags et JOIN tags g ON g.id = et.tag_id ORDER BY et.entry_id, et.position`, 1)
	rows, err := db.Query(`SELECT id, actor_list, tag_list FROM entries ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var stale []string
	n := 0
	for rows.Next() {
		var id int64
		var actors, tags string
		if err := rows.Scan(&id, &actors, &tags); err != nil {
			t.Fatal(err)
		}
		n++
		w := want[id]
		if wa, wt := strings.Join(w[0], "\x1e"), strings.Join(w[1], "\x1e"); actors != wa || tags != wt {
			stale = append(stale, strconv.FormatInt(id, 10)+": have "+strconv.Quote(actors+" | "+tags)+", want "+strconv.Quote(wa+" | "+wt))
		}
	}
	if n == 0 {
		t.Fatal("no entries to check")
	}
	return stale
}

// Every way of writing an entry keeps the copies of its actors and tags on
// its row in step with the link tables.
func TestEntryNameListsFollowTheLinks(t *testing.T) {
	path := storetest.Addr(t)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tl := newTimeline(t, st, "t")
	ids := addEntries(t, st, tl.ID,
		claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Warning", Actors: []string{"Vladimir Putin", "Russia"}, Tags: []string{"escalation", "nato"}},
		claimline.EntryInput{Date: "2024-09-13", Kind: "statement", Title: "Other spelling", Actors: []string{"vladimir PUTIN"}},
		claimline.EntryInput{Date: "2024-09-14", Kind: "other", Title: "Nobody"},
	)
	if _, err := st.UpdateEntry(as("ann"), ids[0], 0, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Warning",
		Actors: []string{"Russia", "Kremlin", "Vladimir Putin"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEntries(as("ann"), tl.ID, []claimline.EntryInput{
		{Date: "2023-10", Kind: "action", Title: "Bulk", Actors: []string{"Pentagon"}, Tags: []string{"atacms"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportEntries(as("ann"), claimline.ImportTarget{TimelineID: tl.ID}, []claimline.ImportRow{
		{Line: 2, ID: ids[2], Input: claimline.EntryInput{Date: "2024-09-14", Kind: "other", Title: "Somebody", Actors: []string{"UK government"}, Tags: []string{"Escalation"}}},
		{Line: 3, Input: claimline.EntryInput{Date: "2024-09-15", Kind: "other", Title: "New", Tags: []string{"imported"}}},
	}); err != nil {
		t.Fatal(err)
	}
	if stale := staleNameLists(t, path); len(stale) > 0 {
		t.Errorf("stale name lists:\n%s", strings.Join(stale, "\n"))
	}
	e, err := st.Entry(context.Background(), ids[1])
	if err != nil || strings.Join(e.ActorNames(), ";") != "Vladimir Putin" {
		t.Errorf("entry shows actors %v (%v), want the stored spelling", e.ActorNames(), err)
	}
}

// Migration 0003 fills the lists of entries written before it existed.
func TestNameListMigrationBackfills(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	tl := newTimeline(t, st, "t")
	addEntries(t, st, tl.ID,
		claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Warning", Actors: []string{"Vladimir Putin", "Russia"}, Tags: []string{"escalation"}},
		claimline.EntryInput{Date: "2024-09-14", Kind: "other", Title: "Nobody"},
	)
	st.Close()
	// Take the database back to the schema before 0003.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE entries DROP COLUMN actor_list`, `ALTER TABLE entries DROP COLUMN tag_list`,
		`DELETE FROM schema_migrations WHERE version = '0003_entry_name_lists'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	st, err = store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if stale := staleNameLists(t, path); len(stale) > 0 {
		t.Errorf("stale name lists after the migration:\n%s", strings.Join(stale, "\n"))
	}
	page, err := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	if err != nil || len(page.Entries) != 2 || strings.Join(page.Entries[0].ActorNames(), ";") != "Vladimir Putin;Russia" {
		t.Errorf("entries after the migration: %+v %v", page.Entries, err)
	}
}
