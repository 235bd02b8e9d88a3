package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// ExternalCheckEvery is how often Commits asks SQLite whether another
// process (the command line, say) has committed since it last asked.
// Commits made through this Store are seen at once.
const ExternalCheckEvery = 100 * time.Millisecond

// open opens a pool whose connections report to the store's counters and,
// with keepStatements, keep their queries prepared (driver.go).
func (s *Store) open(dsn string, keepStatements bool) (*sql.DB, error) {
	k, err := newConnector(dsn, &s.ctr, keepStatements)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(k), nil
}

// Commits returns a number that changes whenever the database may have
// changed: at once after every commit made through this Store, and within
// ExternalCheckEvery after a commit by another process. Read it before
// reading the data that it is to vouch for: data read after a call is at
// least as new as the number returned.
func (s *Store) Commits() uint64 {
	return s.ctr.commits.Load() + s.watch.changes(s.path)
}

// Statements returns how many SQL statements the store has run since it
// was opened (both pools; the checks of Commits are not counted). Tests
// and benchmarks take the difference around a request.
func (s *Store) Statements() int64 { return s.ctr.statements.Load() }

// watcher notices commits by other processes with PRAGMA data_version,
// which changes on a connection when any other connection commits. That
// needs one connection kept for the purpose: its own pool, so that the
// read pool keeps its size.
type watcher struct {
	next    atomic.Pointer[time.Time] // when to ask again; nil: at once
	changed atomic.Uint64

	mu      sync.Mutex
	db      *sql.DB
	conn    *sql.Conn
	version int64
	closed  bool
}

// changes returns how many times the watcher has seen data_version move,
// asking SQLite again if the last answer is older than ExternalCheckEvery.
func (w *watcher) changes(path string) uint64 {
	if n := w.next.Load(); n == nil || !time.Now().Before(*n) {
		w.check(path)
	}
	return w.changed.Load()
}

func (w *watcher) check(path string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if n := w.next.Load(); n != nil && time.Now().Before(*n) {
		return // another caller checked while this one waited
	}
	v, err := w.dataVersion(path)
	if err != nil || v != w.version {
		// Unable to tell: count a change, which costs a re-read, never a
		// stale page.
		w.changed.Add(1)
		w.version = v
	}
	next := time.Now().Add(ExternalCheckEvery)
	w.next.Store(&next)
}

func (w *watcher) dataVersion(path string) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if w.closed {
		return 0, sql.ErrConnDone
	}
	if w.conn == nil {
		k, err := sqlite.NewConnector(dsn(path, true, true))
		if err != nil {
			return 0, err
		}
		w.db = sql.OpenDB(k)
		w.db.SetMaxOpenConns(1)
		if w.conn, err = w.db.Conn(ctx); err != nil {
			w.db.Close()
			w.db, w.conn = nil, nil
			return 0, err
		}
	}
	var v int64
	err := w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
	return v, err
}

func (w *watcher) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	if w.db == nil {
		return nil
	}
	w.conn.Close()
	err := w.db.Close()
	w.db, w.conn = nil, nil
	return err
}
