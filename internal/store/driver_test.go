package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// A read connection keeps its queries prepared: the same query runs again,
// nested inside its own open rows too, with the right results, and the
// kept statements stay within their bound.
func TestReadConnectionsKeepStatements(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rc, err := st.r.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	kept := func() (n int) {
		rc.Raw(func(dc any) error {
			n = len(dc.(*conn).kept)
			return nil
		})
		return n
	}
	before := kept() // Open's own checks ran on the pool
	const q = `SELECT value FROM json_each(?) ORDER BY value`
	rows, err := rc.QueryContext(ctx, q, "[1,2,3]")
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for rows.Next() {
		var v int
		rows.Scan(&v)
		var inner int // the same text while its kept statement is busy
		if err := rc.QueryRowContext(ctx, q, fmt.Sprintf("[%d]", v*10)).Scan(&inner); err != nil || inner != v*10 {
			t.Fatalf("nested query: %d, %v", inner, err)
		}
		sum += v
	}
	if err := rows.Close(); err != nil || sum != 6 {
		t.Fatalf("outer query: sum %d, %v", sum, err)
	}
	if n := kept() - before; n != 1 {
		t.Errorf("%d statements kept for one query text, want 1", n)
	}
	for i := range maxKeptStatements + 20 {
		var got int
		if err := rc.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + ?`, i), 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("query %d: %d, %v", i, got, err)
		}
	}
	if n := kept(); n != maxKeptStatements {
		t.Errorf("%d statements kept, want the bound %d", n, maxKeptStatements)
	}
	var got int
	if err := rc.QueryRowContext(ctx, `SELECT count(*) FROM nosuchtable`).Scan(&got); err == nil {
		t.Error("a query of a missing table did not fail")
	}
}
