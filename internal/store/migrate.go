package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"claimline/db"
)

// createMigrationsSQL makes the table that records the migrations applied.
var createMigrationsSQL = dialects(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`,
	`CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT COLLATE "C" PRIMARY KEY, applied_at TEXT COLLATE "C" NOT NULL)`)

// migrations returns the engine's migrations and the directory they are in.
// Each engine has its own: PostgreSQL's start from a baseline of the schema
// SQLite had reached when PostgreSQL came.
func (s *Store) migrations() (fs.FS, string) {
	if s.pg {
		return db.PostgresMigrations, "postgres"
	}
	return db.Migrations, "migrations"
}

// migrate applies, in name order, every embedded migration not yet recorded
// in schema_migrations, each in its own transaction with its record.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, createMigrationsSQL); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	files, dir := s.migrations()
	names, err := fs.Glob(files, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	// Read once which are applied: an up-to-date database, as at every
	// start but the first after an upgrade, then needs no write at all.
	applied := map[string]bool{}
	rows, err := s.w.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, dir+"/"), ".sql")
		if applied[version] {
			continue
		}
		// Checked again in its transaction: another process may have
		// applied it since.
		if err := s.applyMigration(ctx, files, name, version); err != nil {
			return fmt.Errorf("migration %s: %w", version, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, files fs.FS, name, version string) error {
	return s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		body, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		// Unprepared: a migration holds several statements.
		if _, err := tx.Tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, tx.now)
		return err
	})
}
