package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

func TestBackupIsAConsistentCheckedCopy(t *testing.T) {
	storetest.SkipOnPostgres(t, "PostgreSQL's backups are its own (TestBackupOnPostgresNamesItsTools)")
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

// A backup that died (a crash, a kill) leaves its temporary file; the next
// backup removes it once it has gone unwritten for an hour, and nothing
// else: not a backup running now, not a file claimline did not name.
func TestBackupRemovesStaleTemporaryFiles(t *testing.T) {
	storetest.SkipOnPostgres(t, "PostgreSQL's backups are its own (TestBackupOnPostgresNamesItsTools)")
	st := open(t)
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	files := map[string]bool{ // name: removed
		".claimline-backup-123456789":   true,  // died two hours ago
		".claimline-backup-987654321":   false, // being written now
		".claimline-backup-notes.txt":   false, // not a name claimline chose
		"claimline-backup-555":          false, // nor this
		".claimline-backup-":            false,
		".claimline-backup-4444/inside": false, // a directory
	}
	for name, stale := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("half a backup"), 0o600); err != nil {
			t.Fatal(err)
		}
		if stale || name != ".claimline-backup-987654321" {
			os.Chtimes(p, old, old)
			os.Chtimes(filepath.Dir(p), old, old)
		}
	}
	if err := st.Backup(context.Background(), filepath.Join(dir, "backup.db")); err != nil {
		t.Fatal(err)
	}
	for name, removed := range files {
		if _, err := os.Stat(filepath.Join(dir, name)); os.IsNotExist(err) != removed {
			t.Errorf("%s: removed %v, want %v", name, os.IsNotExist(err), removed)
		}
	}
}

// On PostgreSQL a backup is refused with the tools that make one, and no
// file is written.
func TestBackupOnPostgresNamesItsTools(t *testing.T) {
	st, err := store.Open(context.Background(), storetest.PostgresAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dest := filepath.Join(t.TempDir(), "copy.db")
	err = st.Backup(context.Background(), dest)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") || !strings.Contains(err.Error(), "pg_basebackup") {
		t.Fatalf("Backup on PostgreSQL: %v", err)
	}
	if fileExists(dest) {
		t.Error("a file was written")
	}
}

// A backup named like the database it copies (the same path, another way
// of writing it, a link to it, or its -wal) is refused: renamed over the
// live file, it would ruin the database. The database is untouched after.
func TestBackupRefusesToOverwriteTheDatabase(t *testing.T) {
	storetest.SkipOnPostgres(t, "PostgreSQL's backups are its own (TestBackupOnPostgresNamesItsTools)")
	path := storetest.Addr(t)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	newTimeline(t, st, "kept")
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	dir, name := filepath.Split(path)
	for _, dest := range []string{path, filepath.Join(dir, ".", name), link, path + "-wal", path + "-shm"} {
		err := st.Backup(context.Background(), dest)
		if claimline.ErrorCode(err) != claimline.EINVALID || !strings.Contains(claimline.ErrorMessage(err), "over the database") {
			t.Errorf("backup to %s: %v, want it refused", dest, err)
		}
	}
	if err := st.CheckSearch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, err := st.TimelineBySlug(context.Background(), "kept"); err != nil || got.Slug != "kept" {
		t.Fatalf("after the refused backups: %v, %v", got, err)
	}
}

// A backup into a folder that does not exist names the folder, not the
// temporary file it would have made there.
func TestBackupIntoAMissingFolder(t *testing.T) {
	storetest.SkipOnPostgres(t, "PostgreSQL's backups are its own (TestBackupOnPostgresNamesItsTools)")
	st, err := store.Open(context.Background(), storetest.Addr(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dest := filepath.Join(t.TempDir(), "no-such-folder", "b.db")
	err = st.Backup(context.Background(), dest)
	if claimline.ErrorCode(err) != claimline.EINVALID || !strings.Contains(claimline.ErrorMessage(err), "The folder "+filepath.Dir(dest)+" does not exist") {
		t.Errorf("backup into a missing folder: %v", err)
	}
}
