package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to dest while it is in
// use: VACUUM INTO a temporary file beside dest, PRAGMA integrity_check on
// that copy, then an atomic rename into place. dest is never left half
// written, and an existing dest is replaced only by a checked copy.
func (s *Store) Backup(ctx context.Context, dest string) error {
	// Owner-only, whatever the umask: a backup holds password hashes.
	tmpName, err := privateTemp(filepath.Dir(dest), ".claimline-backup-*")
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
