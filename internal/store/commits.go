package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync/atomic"
	"time"
)

// ExternalCheckEvery is how often Commits asks SQLite whether another
// process (the command line, say) has committed since it last asked.
// Commits made through this Store are seen at once.
const ExternalCheckEvery = 100 * time.Millisecond

// open opens a pool whose connections report to the store's counters and,
// with keepStatements, keep their queries prepared (driver.go).
func (s *Store) open(dsn string, keepStatements, writer bool) (*sql.DB, error) {
	k, err := newConnector(dsn, &s.ctr, keepStatements, writer)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(k), nil
}

// Commits returns a number that changes whenever the database may have
// changed: at once after every commit made through this Store, and within
// about ExternalCheckEvery after a commit by another process. Read it
// before reading the data that it is to vouch for: data read after a call
// is at least as new as the number returned.
//
// On PostgreSQL other processes are the other nodes (and commands), heard
// through LISTEN/NOTIFY (notify.go) at once; while the listener is not
// connected, every call counts a change: a re-read costs less than a stale
// page.
func (s *Store) Commits() uint64 {
	return s.ctr.commits.Load() + s.elsewhere()
}

// sessionCommits is Commits for the session cache: it changes at once
// after every commit made through this Store that changed a table Session
// reads (sessionTables), and like Commits after a commit by another
// process, whatever it changed.
func (s *Store) sessionCommits() uint64 {
	return s.ctr.sessionCommits.Load() + s.elsewhere()
}

// elsewhere returns how many commits by other processes have been seen.
func (s *Store) elsewhere() uint64 {
	if s.pg {
		if !s.ear.live.Load() {
			s.watch.changed.Add(1)
		}
	} else {
		s.watch.maybeCheck()
	}
	return s.watch.changed.Load()
}

// Statements returns how many SQL statements the store has run since it
// was opened (both pools; the checks of Commits are not counted). Tests
// and benchmarks take the difference around a request.
func (s *Store) Statements() int64 { return s.ctr.statements.Load() }

// watcher notices commits by other processes with PRAGMA data_version on
// the writer's connection. On a connection, data_version moves when another
// connection commits, never for the connection's own commits: asked on any
// other connection, it would move after every commit of the store's
// writer as well, and each of those, already counted at once, would be
// counted again at the next look, costing every cached session and page a
// needless re-read. The writer's connection belongs to the writer
// goroutine, so the writer asks: at once when it is idle, else after the
// batch it is running (whose own commit moves the count anyway).
type watcher struct {
	next    atomic.Int64  // when to ask again, in Unix nanoseconds; 0: at once
	changed atomic.Uint64 // commits by others seen

	asks  chan chan struct{} // to the idle writer: check, then close the channel
	asked atomic.Bool        // check after the running batch

	version int64 // the last data_version seen; the writer goroutine's
}

func newWatcher() watcher { return watcher{asks: make(chan chan struct{})} }

// maybeCheck has the writer look for other processes' commits if the last
// look is older than ExternalCheckEvery, and waits for its answer when the
// writer is idle.
func (w *watcher) maybeCheck() {
	if n := w.next.Load(); n != 0 && time.Now().UnixNano() < n {
		return
	}
	done := make(chan struct{})
	select {
	case w.asks <- done:
		<-done
	default:
		w.asked.Store(true)
	}
}

// check is run by the writer goroutine between transactions: it counts a
// change when data_version has moved, or cannot be read (a re-read costs
// less than a stale page).
func (w *watcher) check(db *sql.DB) {
	if v, err := dataVersion(db); err != nil || v != w.version {
		w.changed.Add(1)
		w.version = v
	}
	w.asked.Store(false)
	w.next.Store(time.Now().Add(ExternalCheckEvery).UnixNano())
}

// start reads data_version when the writer starts: the changes counted
// are those after it.
func (w *watcher) start(db *sql.DB) { w.version, _ = dataVersion(db) }

// dataVersion reads PRAGMA data_version on the writer's connection, past
// the wrapper that counts statements: the checks are not the callers'.
func dataVersion(db *sql.DB) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	c, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	var v int64
	err = c.Raw(func(dc any) error {
		rows, err := dc.(*conn).Conn.(driver.QueryerContext).QueryContext(ctx, `PRAGMA data_version`, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, 1)
		if err := rows.Next(dest); err != nil {
			return err
		}
		var ok bool
		if v, ok = dest[0].(int64); !ok {
			return fmt.Errorf("data_version is a %T", dest[0])
		}
		return nil
	})
	return v, err
}
