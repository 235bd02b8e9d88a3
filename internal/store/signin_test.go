package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// The sign-in throttle's counts are shared by every store on one database
// (every node), and checking and counting are one step: of 300 concurrent
// attempts at one key through two stores, exactly the free ones pass.
func TestSignInThrottleIsSharedAndAtomic(t *testing.T) {
	ctx := context.Background()
	addr := storetest.Addr(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var nodes [2]*store.Store
	for i := range nodes {
		st, err := store.Open(ctx, addr, store.WithClock(func() time.Time { return now }))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		nodes[i] = st
	}
	a := claimline.SignIn{Pair: []byte("ann at 1"), Address: []byte("1"), Window: time.Minute, KnownFor: time.Hour}
	var seen []claimline.SignInHistory
	var mu sync.Mutex
	const free = 5
	decide := func(h claimline.SignInHistory) claimline.SignInVerdict {
		mu.Lock()
		seen = append(seen, h)
		mu.Unlock()
		if len(h.Pair) >= free {
			return claimline.SignInVerdict{Wait: time.Minute}
		}
		return claimline.SignInVerdict{CountAddress: !h.Known}
	}
	var through atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 300 {
		wg.Go(func() {
			<-start
			_, wait, err := nodes[i%2].ReserveSignIn(ctx, a, decide)
			if err != nil {
				t.Error(err)
			} else if wait == 0 {
				through.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if through.Load() != free {
		t.Fatalf("%d of 300 concurrent attempts passed, want %d", through.Load(), free)
	}

	// A refused attempt commits nothing, so no cache looks again for it.
	commits := nodes[0].Commits()
	if _, wait, err := nodes[0].ReserveSignIn(ctx, a, decide); err != nil || wait != time.Minute {
		t.Fatalf("a sixth attempt: wait %v, %v", wait, err)
	}
	if nodes[0].Commits() != commits {
		t.Error("a refused attempt committed")
	}

	// The address counted each attempt that passed; a sign-in takes back
	// its own count and the pair's failures, and makes the pair known.
	other := claimline.SignIn{Pair: []byte("bob at 1"), Address: a.Address, Window: a.Window, KnownFor: a.KnownFor}
	row, _, err := nodes[1].ReserveSignIn(ctx, other, decide)
	if err != nil || row == 0 {
		t.Fatalf("bob's attempt: row %d, %v", row, err)
	}
	if h := seen[len(seen)-1]; len(h.Address) != free || len(h.Pair) != 0 || h.Known {
		t.Errorf("bob's attempt saw %d failures of the address, %d of the pair, known %v; want %d, 0, false", len(h.Address), len(h.Pair), h.Known, free)
	}
	if err := nodes[0].SignInSucceeded(ctx, other, row); err != nil {
		t.Fatal(err)
	}
	if row, _, err := nodes[1].ReserveSignIn(ctx, other, decide); err != nil || row != 0 {
		t.Errorf("a known pair's attempt counted against its address (row %d, %v)", row, err)
	}
	if h := seen[len(seen)-1]; len(h.Address) != free || !h.Known {
		t.Errorf("after bob's sign-in the address holds %d failures, known %v; want %d, true", len(h.Address), h.Known, free)
	}

	// Failures leave with the window; a known pair, after KnownFor.
	now = now.Add(a.KnownFor + time.Second)
	if _, wait, err := nodes[1].ReserveSignIn(ctx, a, decide); err != nil || wait != 0 {
		t.Errorf("after the window ann waits %v, %v", wait, err)
	}
	if h := seen[len(seen)-1]; len(h.Pair) != 0 || len(h.Address) != 0 {
		t.Errorf("after the window an attempt saw %d and %d failures", len(h.Pair), len(h.Address))
	}
	nodes[0].ReserveSignIn(ctx, other, decide)
	if h := seen[len(seen)-1]; h.Known {
		t.Error("bob is still known after KnownFor")
	}
}
