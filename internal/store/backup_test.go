package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

func TestBackupIsAConsistentCheckedCopy(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns", Actors: []string{"Vladimir Putin"}})
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := st.Backup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	// Changes after the backup are not in it; the copy opens and holds the data.
	addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "later"})
	copy, err := store.Open(context.Background(), dest)
	if err != nil {
		t.Fatal(err)
	}
	defer copy.Close()
	got, err := copy.TimelineBySlug(context.Background(), "t")
	if err != nil || got.EntryCount != 1 {
		t.Fatalf("backup has %v, %v", got, err)
	}
	// A second backup replaces the first; no temporary file is left behind.
	if err := st.Backup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	files, _ := os.ReadDir(filepath.Dir(dest))
	for _, f := range files {
		if f.Name() != "backup.db" && filepath.Ext(f.Name()) != ".db-wal" && filepath.Ext(f.Name()) != ".db-shm" {
			t.Errorf("left behind: %s", f.Name())
		}
	}
	if err := st.Backup(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir", "b.db")); err == nil {
		t.Error("a backup into a missing directory succeeded")
	}
}
