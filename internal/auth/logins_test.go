package auth_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"claimline/internal/auth"
	"claimline/internal/store"
)

// Issue 13 item 5, on the real store: failures at one address do not keep
// the account out at another, and an address over its own limit still
// lets in an account that has signed in from it before. The counts are in
// the database: two processes on one database (here two stores on one
// file) count the same failures.
func TestLoginsDoNotLockOutOthers(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	path := filepath.Join(t.TempDir(), "claimline.db")
	var nodes [2]*auth.Logins
	for i := range nodes {
		st, err := store.Open(ctx, path, store.WithClock(clock))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		nodes[i] = auth.NewLogins(st)
	}
	begin := func(node int, account, addr string) (*auth.Attempt, time.Duration) {
		t.Helper()
		a, wait, err := nodes[node].Begin(ctx, account, addr)
		if err != nil {
			t.Fatal(err)
		}
		return a, wait
	}
	// bob signs in from the office once.
	a, _ := begin(0, "bob", "198.51.100.1")
	if err := a.Succeeded(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range auth.PairFree {
		if a, w := begin(i%2, "Ann", "203.0.113.9"); a == nil {
			t.Fatalf("attempt %d refused (%v)", i+1, w)
		}
	}
	for node := range nodes {
		if a, w := begin(node, "ann", "203.0.113.9"); a != nil || w != time.Second {
			t.Errorf("node %d: the failing address may keep guessing (wait %v)", node, w)
		}
	}
	if a, w := begin(1, "ann", "198.51.100.1"); a == nil {
		t.Errorf("ann is locked out at another address for %v", w)
	}
	// Someone at the office sprays user names, on both nodes.
	for i := range auth.AddrFree {
		begin(i%2, fmt.Sprintf("user%d", i), "198.51.100.1")
	}
	if a, _ := begin(0, "carol", "198.51.100.1"); a != nil {
		t.Error("the address may keep spraying")
	}
	if a, w := begin(1, "bob", "198.51.100.1"); a == nil {
		t.Errorf("bob, who signs in from this address, waits %v", w)
	}
	// A sign-in takes the account's failures back.
	now = now.Add(2 * time.Second)
	a, _ = begin(0, "ann", "203.0.113.9")
	if a == nil {
		t.Fatal("ann may not try again after her wait")
	}
	if err := a.Succeeded(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range auth.PairFree {
		if a, w := begin(1, "ann", "203.0.113.9"); a == nil {
			t.Fatalf("after signing in, attempt %d refused (%v)", i+1, w)
		}
	}
	// Every failure leaves the window.
	now = now.Add(auth.LoginsSpan + time.Second)
	if a, w := begin(0, "carol", "198.51.100.1"); a == nil {
		t.Errorf("the office waits %v after the window", w)
	}
}
