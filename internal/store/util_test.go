package store_test

import (
	"database/sql"
	"os"
	"testing"

	"claimline/internal/store"
)

func mkdirAll(p string) error { return os.MkdirAll(p, 0o755) }

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// rawDB opens the database at addr (storetest.Addr) directly, on either
// engine, for a test to look at its rows; SQLite's is opened read-only.
func rawDB(t testing.TB, addr string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+addr+"?mode=ro"
	if store.IsPostgres(addr) {
		driver, dsn = "pgx", addr
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
