package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// A PostgreSQL database lost while serving: reads, writes and Ping fail
// with EUNAVAILABLE (nothing half-saved), and the store serves again on its
// own once the database is back.
func TestPostgresLostAndBack(t *testing.T) {
	p, st := openBehindProxy(t)
	ctx := as("ann")
	if _, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Before", Slug: "before"}); err != nil {
		t.Fatal(err)
	}

	p.Cut()
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := st.Ping(short); claimline.ErrorCode(err) != claimline.EUNAVAILABLE {
		t.Errorf("Ping with the database gone: %v, want EUNAVAILABLE", err)
	}
	if _, err := st.Timelines(short); claimline.ErrorCode(err) != claimline.EUNAVAILABLE {
		t.Errorf("a read with the database gone: %v, want EUNAVAILABLE", err)
	}
	if _, err := st.CreateTimeline(short, claimline.TimelineInput{Title: "Lost", Slug: "lost"}); claimline.ErrorCode(err) != claimline.EUNAVAILABLE {
		t.Errorf("a write with the database gone: %v, want EUNAVAILABLE", err)
		for e := err; e != nil; e = errors.Unwrap(e) {
			t.Logf("%T %v", e, e)
		}
	}

	p.Restore()
	waitBack(t, st)
	if _, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "After", Slug: "after"}); err != nil {
		t.Fatalf("a write once the database is back: %v", err)
	}
	tls, err := st.Timelines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, tl := range tls {
		slugs = append(slugs, tl.Slug)
	}
	if len(slugs) != 2 || slugs[0] == "lost" || slugs[1] == "lost" {
		t.Errorf("timelines after the outage: %v, want before and after only", slugs)
	}
}

// A connection lost after COMMIT was sent leaves a write's fate unknown:
// the server may have committed it. The store says so, rather than
// "nothing was saved", which here would be untrue (the timeline is there)
// and would have the user make the change twice.
func TestConnectionLostAtCommit(t *testing.T) {
	p, st := openBehindProxy(t)
	ctx := as("ann")
	p.CutAfter("commit\x00") // pgx's COMMIT, a simple query
	_, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Kept", Slug: "kept"})
	if claimline.ErrorCode(err) != claimline.EUNAVAILABLE || !strings.Contains(claimline.ErrorMessage(err), "may or may not have been saved") {
		t.Errorf("a write whose COMMIT got no answer: %v, want EUNAVAILABLE saying it may have been saved", err)
	}
	p.Restore()
	deadline := waitBack(t, st)
	// The server acts on the COMMIT a moment after the store saw the cut.
	for {
		_, err := st.TimelineBySlug(ctx, "kept")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the timeline whose COMMIT reached the server: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// openBehindProxy opens a store on a new PostgreSQL database through a
// proxy the test can cut.
func openBehindProxy(t *testing.T) (*storetest.Proxy, *store.Store) {
	t.Helper()
	p, addr := storetest.NewProxy(t, storetest.PostgresAddr(t))
	st, err := store.Open(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return p, st
}

// waitBack waits until the store's Ping succeeds again, at most 10 s, and
// returns that deadline for what the test waits for next.
func waitBack(t *testing.T, st *store.Store) time.Time {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for st.Ping(context.Background()) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("the store did not come back: %v", st.Ping(context.Background()))
		}
		time.Sleep(50 * time.Millisecond)
	}
	return deadline
}
