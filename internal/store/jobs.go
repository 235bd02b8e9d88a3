package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"time"
)

// Several claimline nodes (and the commands an operator's scheduler runs on
// each machine) may share one PostgreSQL database. A job that must run once,
// not once per node, takes a PostgreSQL advisory lock named after it for as
// long as it runs: a second node asking for the same job meanwhile is told
// that it is taken and does not run it. The lock belongs to a connection of
// its own, so PostgreSQL releases it when the job's process dies, and no
// node is left waiting for a job that will never finish.

// jobCheckEvery is how often a running job checks that its lock's
// connection is still there. Once the connection is gone, PostgreSQL has
// released the lock and another node may start the job: the job's context
// is cancelled, so that it stops rather than runs twice.
const jobCheckEvery = time.Second

// jobLockKey is the advisory lock key of the job named name. The names are
// few and fixed; a 64-bit hash keeps them apart from each other and from
// writeLock.
func jobLockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("claimline job: " + name))
	return int64(h.Sum64())
}

// RunJob runs fn, the job named name, unless the same job is running
// already on this database. It returns whether fn ran, and fn's error.
//
// On PostgreSQL the job holds an advisory lock on a connection of its own
// while fn runs; another store asking for the same job meanwhile gets false
// at once. fn's context is cancelled if that connection is lost (the lock
// is then gone), and the error then says so. On SQLite, whose file one machine serves, fn always runs.
// The error is EUNAVAILABLE when the database cannot be reached.
func (s *Store) RunJob(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	if !s.pg {
		return true, fn(ctx)
	}
	key := jobLockKey(name)
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("job %s: %w", name, s.unavailable(err))
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, key).Scan(&got); err != nil {
		return false, fmt.Errorf("job %s: %w", name, s.unavailable(err))
	}
	if !got {
		return false, nil
	}
	defer unlockJob(conn, key)
	jobCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watchJobLock(jobCtx, conn, stop, func() { cancel(errJobLockLost) })
	}()
	err = fn(jobCtx)
	close(stop)
	<-watched
	if context.Cause(jobCtx) == errJobLockLost && ctx.Err() == nil {
		return true, fmt.Errorf("job %s stopped: %w", name, errors.Join(errJobLockLost, err))
	}
	return true, err
}

// errJobLockLost is the cause a job's context is cancelled with when its
// lock's connection is lost.
var errJobLockLost = errors.New("the connection holding the job's lock was lost")

// watchJobLock pings conn every jobCheckEvery until stop is closed or ctx
// ends, and calls lost once a ping fails.
func watchJobLock(ctx context.Context, conn *sql.Conn, stop <-chan struct{}, lost func()) {
	t := time.NewTicker(jobCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, jobCheckEvery)
		err := conn.PingContext(pctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			lost()
			return
		}
	}
}

// unlockJob releases the job's lock. If that fails, the connection is
// dropped rather than returned to the pool, which releases the lock too.
func unlockJob(conn *sql.Conn, key int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var released bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock(?)`, key).Scan(&released); err != nil || !released {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}
