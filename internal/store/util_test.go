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

// rawDB opens the database at addr (storetest.Addr) directly, with its
// plain driver on either engine, for a test to look at its rows or to plant
// a fault in it.
func rawDB(t testing.TB, addr string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if store.IsPostgres(addr) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
