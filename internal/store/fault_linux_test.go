package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"claimline/internal/claimline"
)

// The database, its -wal and -shm, and backups hold password hashes: they
// are created owner-only whatever the umask, from one that gives everyone
// everything (0) to one that takes the owner's write bit (0277).
func TestFilesAreOwnerOnlyWhateverTheUmask(t *testing.T) {
	for _, mask := range []int{0, 0o022, 0o277} {
		old := syscall.Umask(mask)
		dir := t.TempDir()
		path := filepath.Join(dir, "private.db")
		st, err := Open(context.Background(), path)
		if err != nil {
			syscall.Umask(old)
			t.Fatalf("umask %04o: open: %v", mask, err)
		}
		if _, err := st.CreateTimeline(context.Background(), claimline.TimelineInput{Title: "T", Slug: "t"}); err != nil {
			t.Fatal(err)
		}
		backup := filepath.Join(dir, "backup.db")
		err = st.Backup(context.Background(), backup)
		syscall.Umask(old)
		if err != nil {
			t.Fatalf("umask %04o: backup: %v", mask, err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm", backup} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Errorf("umask %04o: %v", mask, err)
			} else if fi.Mode().Perm() != 0o600 {
				t.Errorf("umask %04o: %s is %04o, want 0600", mask, filepath.Base(p), fi.Mode().Perm())
			}
		}
		st.Close()
	}
}

// A database made 0644 by an older claimline is made owner-only at start.
func TestAnOlderDatabaseIsMadeOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	os.Chmod(path, 0o644)
	if st, err = Open(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want 0600", filepath.Base(p), fi.Mode().Perm(), err)
		}
	}
}

// A database that cannot be written stops the start with a message that
// says so. As root, file modes do not stop writes, so the directory becomes
// a read-only mount; otherwise the file and its directory are made
// read-only.
func TestOpenRefusesADatabaseThatCannotBeWritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ro.db")
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateTimeline(context.Background(), claimline.TimelineInput{Title: "T", Slug: "t"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if os.Geteuid() == 0 {
		if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
			t.Skipf("cannot bind-mount as root here: %v", err)
		}
		defer syscall.Unmount(dir, syscall.MNT_DETACH)
		if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
			t.Fatalf("remount read-only: %v", err)
		}
	} else {
		os.Chmod(path, 0o400)
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
	}
	st, err = Open(context.Background(), path)
	if err == nil {
		st.Close()
		t.Fatal("a read-only database opened")
	}
	if claimline.ErrorCode(err) != claimline.EREADONLY || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("open read-only: %v (code %q), want EREADONLY saying it cannot be written", err, claimline.ErrorCode(err))
	}
}
