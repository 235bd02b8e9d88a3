package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"claimline/internal/claimline"
)

// Backup writes a consistent copy of the database to dest while it is in
// use: VACUUM INTO a temporary file beside dest, PRAGMA integrity_check on
// that copy, then an atomic rename into place. dest is never left half
// written, and an existing dest is replaced only by a checked copy.
//
// On PostgreSQL it refuses, naming PostgreSQL's own backup tools.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if s.pg {
		return ErrPostgresBackup
	}
	if err := s.notItself(dest); err != nil {
		return err
	}
	// Said of the folder named, not of the temporary file made in it.
	switch fi, err := os.Stat(filepath.Dir(dest)); {
	case errors.Is(err, fs.ErrNotExist):
		return claimline.Errorf(claimline.EINVALID, "The folder %s does not exist: create it, or back up elsewhere.", filepath.Dir(dest))
	case err != nil:
		return fmt.Errorf("backup: %w", err)
	case !fi.IsDir():
		return claimline.Errorf(claimline.EINVALID, "%s is a file, not a folder: back up into a folder.", filepath.Dir(dest))
	}
	removeStaleBackups(filepath.Dir(dest), time.Now())
	// Owner-only, whatever the umask: a backup holds password hashes.
	tmpName, err := privateTemp(filepath.Dir(dest), backupTempPrefix+"*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmpName)
	// On a read-only connection of its own (the read pool is query_only,
	// which VACUUM INTO refuses): it reads one consistent snapshot and does
	// not hold up writers.
	src, err := sql.Open("sqlite", dsn(s.path, true, false))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := checkIntegrity(ctx, tmpName); err != nil {
		return err
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// notItself refuses a backup destination that is the database or one of
// the files SQLite keeps beside it: renaming a backup over the live file
// swaps the database under every open connection, and its -wal then
// belongs to another file, which ruins both.
func (s *Store) notItself(dest string) error {
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return filepath.Clean(p)
	}
	destInfo, destErr := os.Stat(dest)
	for _, p := range []string{s.path, s.path + "-wal", s.path + "-shm", s.path + "-journal"} {
		same := abs(p) == abs(dest)
		if fi, err := os.Stat(p); err == nil && destErr == nil {
			same = same || os.SameFile(fi, destInfo)
		}
		if same {
			return claimline.Errorf(claimline.EINVALID, "the backup would be written over the database it copies (%s): name another file", p)
		}
	}
	return nil
}

// backupTempPrefix starts the name of a backup's temporary file; the rest
// is the digits os.CreateTemp chooses.
const backupTempPrefix = ".claimline-backup-"

// staleAfter is how long a backup's temporary file goes unwritten before it
// is taken for the leftover of a backup that died (a crash, a kill): while
// a backup runs, SQLite writes its file continuously, and the integrity
// check that follows reads it for minutes at most.
const staleAfter = time.Hour

// removeStaleBackups removes, from dir, the temporary files of backups that
// died: only names claimline chose (the prefix and digits), only regular
// files, and only those unwritten for staleAfter. It is best effort: a
// file it cannot remove waits for the next backup.
func removeStaleBackups(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		digits, ok := strings.CutPrefix(e.Name(), backupTempPrefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > staleAfter {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func checkIntegrity(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", dsn(path, true, true))
	if err != nil {
		return fmt.Errorf("backup check: %w", err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("backup check: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("backup check failed: %s", result)
	}
	return nil
}
