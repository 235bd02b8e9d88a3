package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// openStore opens the database at addr for the test, closing it at the end.
func openStore(t *testing.T, addr string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Two nodes on one PostgreSQL database asked to run the same job at the
// same moment: it runs once, the other is told it is taken; another job
// is not held back by it; once the job is done, it can run again.
func TestJobRunsOnceAcrossNodes(t *testing.T) {
	addr := storetest.PostgresAddr(t)
	nodes := []*store.Store{openStore(t, addr), openStore(t, addr)}
	ctx := context.Background()

	running := make(chan int, len(nodes)) // which node's job started
	release := make(chan struct{})        // lets a running job finish
	type result struct {
		node int
		ran  bool
		err  error
	}
	results := make(chan result, len(nodes))
	start := make(chan struct{})
	for i, st := range nodes {
		go func() {
			<-start
			ran, err := st.RunJob(ctx, "recheck", func(context.Context) error {
				running <- i
				<-release
				return nil
			})
			results <- result{i, ran, err}
		}()
	}
	close(start)
	// One job runs and waits to be released; the other call must return
	// at once without running it. Two jobs running is a failure.
	first := <-running
	select {
	case second := <-running:
		close(release)
		t.Fatalf("the job ran on node %d and on node %d at the same time", first, second)
	case r := <-results:
		if r.err != nil || r.ran || r.node == first {
			t.Fatalf("node %d while node %d runs the job: ran %v, err %v; want false, nil", r.node, first, r.ran, r.err)
		}
	}

	other := nodes[1-first]
	ranOther, err := other.RunJob(ctx, "another job", func(context.Context) error { return nil })
	if err != nil || !ranOther {
		t.Errorf("another job while the first runs: ran %v, err %v; want it to run", ranOther, err)
	}

	close(release)
	if r := <-results; r.err != nil || !r.ran || r.node != first {
		t.Errorf("node %d's job: ran %v, err %v", r.node, r.ran, r.err)
	}
	// The lock is released with the job, and not left on the connection
	// that went back to the pool: both nodes can run it now.
	for i, st := range nodes {
		ran, err := st.RunJob(ctx, "recheck", func(context.Context) error { return nil })
		if err != nil || !ran {
			t.Errorf("node %d after the job ended: ran %v, err %v; want it to run", i, ran, err)
		}
	}
}

// A node that loses its database while it runs a job (it was killed, or
// its network went): PostgreSQL releases the lock with the connection, so
// another node can run the job at once, and the first node's job is told
// to stop so that the job does not run twice.
func TestJobLockGoesWithItsConnection(t *testing.T) {
	addr := storetest.PostgresAddr(t)
	p, viaProxy := storetest.NewProxy(t, addr)
	lost, other := openStore(t, viaProxy), openStore(t, addr)
	ctx := context.Background()

	started, stopped := make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := lost.RunJob(ctx, "recheck", func(jctx context.Context) error {
			close(started)
			select {
			case <-jctx.Done():
				return jctx.Err()
			case <-time.After(time.Minute): // a guard against a hang
				return errors.New("never told to stop")
			}
		})
		stopped <- err
	}()
	<-started
	if ran, err := other.RunJob(ctx, "recheck", func(context.Context) error { return nil }); ran || err != nil {
		t.Fatalf("while the first node holds the job: ran %v, err %v; want false, nil", ran, err)
	}

	p.Cut()
	err := <-stopped
	if err == nil || !strings.Contains(err.Error(), "lock was lost") || !errors.Is(err, context.Canceled) {
		t.Errorf("the job of the node that lost its database ended with %v; want it stopped for the lost lock", err)
	}
	ran, err := other.RunJob(ctx, "recheck", func(context.Context) error { return nil })
	if err != nil || !ran {
		t.Errorf("once the first node's connection is gone: ran %v, err %v; want the job to run", ran, err)
	}
}

// On either engine a job that runs reports its own error.
func TestRunJobReturnsTheJobsError(t *testing.T) {
	st := openStore(t, storetest.Addr(t))
	boom := errors.New("boom")
	ran, err := st.RunJob(context.Background(), "recheck", func(context.Context) error { return boom })
	if !ran || !errors.Is(err, boom) {
		t.Errorf("ran %v, err %v; want true and the job's error", ran, err)
	}
}
