package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// rawDB is a database of its own, outside the store, so that the pool's
// connections in use are this test's alone.
func rawDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "rows.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// counting selects the numbers 1 to ?.
const counting = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i FROM n`

func TestCollectReadsEveryRowInOrder(t *testing.T) {
	db := rawDB(t)
	ctx := context.Background()
	got, err := collect(ctx, db, counting, []any{1000}, scalar[int64])
	if err != nil || len(got) != 1000 {
		t.Fatalf("got %d rows, %v; want 1000", len(got), err)
	}
	for i, v := range got {
		if v != int64(i+1) {
			t.Fatalf("row %d is %d", i, v)
		}
	}
	if none, err := collect(ctx, db, `SELECT 1 WHERE 0`, nil, scalar[int64]); none != nil || err != nil {
		t.Errorf("no rows: %v, %v", none, err)
	}
	if n := db.Stats().InUse; n != 0 {
		t.Errorf("%d connections still in use: the rows were not closed", n)
	}
}

func TestEachStopsAtTheFirstError(t *testing.T) {
	db := rawDB(t)
	stop := errors.New("stop")
	calls := 0
	err := each(context.Background(), db, counting, []any{1000}, func(rows *sql.Rows) error {
		if calls++; calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("each returned %v after %d rows; want the callback's own error after 3", err, calls)
	}
	if n := db.Stats().InUse; n != 0 {
		t.Errorf("%d connections still in use: the rows were not closed", n)
	}
	// A scan's error ends collect with no rows.
	got, err := collect(context.Background(), db, `SELECT 'not a number'`, nil, scalar[int64])
	if err == nil || got != nil {
		t.Errorf("a failed scan: %v, %v", got, err)
	}
}

// TestRowLoopEndsWithTheContext: a client hanging up mid-way ends the loop
// with the context's error, never with the rows read so far as if they
// were all.
func TestRowLoopEndsWithTheContext(t *testing.T) {
	db := rawDB(t)
	const all = 10_000_000 // minutes to read, had the loop not stopped
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	err := each(ctx, db, counting, []any{all}, func(*sql.Rows) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n >= all {
		t.Errorf("each after cancel: %v after %d rows", err, n)
	}
	got, err := collect(ctx, db, counting, []any{all}, scalar[int64])
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("collect with a cancelled context: %d rows, %v", len(got), err)
	}
}
