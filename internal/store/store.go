// Package store keeps claimline's data in SQLite. It is the only package that
// speaks SQL. Writes go through one writer connection in IMMEDIATE
// transactions; reads use a small pool of read-only connections.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"claimline/internal/claimline"
)

// MinSQLiteVersion is the oldest SQLite accepted: older ones have a WAL-reset
// corruption bug.
const MinSQLiteVersion = "3.51.3"

// WALSizeLimit is the size, in bytes, that the write-ahead log is cut back
// to after each checkpoint that lets it start over.
const WALSizeLimit = 8 << 20

// Readers is the size of the read pool.
const Readers = 4

// Store is claimline's database.
type Store struct {
	path  string  // the SQLite file; "" on PostgreSQL
	pg    bool    // the database is PostgreSQL (postgres.go)
	where string  // the PostgreSQL database, for messages: host:port/name, no password
	w     *sql.DB // exactly one connection: one writer at a time
	r     *sql.DB // read-only connections

	now func() time.Time // the clock: time.Now unless WithClock says otherwise

	queue   chan *writeReq // writes waiting for the writer goroutine (see write)
	closing chan struct{}  // closed by Close: the writer stops
	stopped chan struct{}  // closed by the writer when it has stopped

	fault atomic.Pointer[claimline.Error] // the last write's fault, nil after a commit (fault.go)

	// flushStale is set once the migrations are in: from then on each write
	// transaction brings the search index up to date before it commits
	// (tx.go, db/migrations/0023).
	flushStale atomic.Bool

	ear      *listener    // other nodes' commits, on PostgreSQL (notify.go)
	ctr      counters     // statements and commits, counted by the driver (driver.go)
	watch    watcher      // commits by other processes (commits.go)
	sessions sessionCache // live sessions between commits (sessioncache.go)
}

// dsn builds a file: URI with the pragmas every pooled connection must get
// (busy_timeout first, so that the others wait instead of failing). A
// read-only connection opens the file read-only and, for the pool, is
// query_only as well.
func dsn(path string, readOnly, queryOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	if queryOnly {
		q.Add("_pragma", "query_only(1)")
	}
	if readOnly {
		q.Set("mode", "ro")
		// 8 MiB of page cache per reader (SQLite's default is 2 MiB): a
		// 100,000-entry export runs 10% faster and still peaks under 50 MB;
		// larger caches are faster again but cost more memory than that.
		q.Add("_pragma", "cache_size(-8000)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		// FULL: one fsync per commit closes the power-loss window that NORMAL
		// leaves open; a research team's write rate affords it.
		q.Add("_pragma", "synchronous(FULL)")
		// The WAL is checkpointed by the writer after a commit once it
		// holds 1,000 pages (SQLite's default), and cut back to this size
		// when it starts over, so it cannot keep the size of a burst.
		q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", WALSizeLimit))
		// Every write runs in a savepoint of its batch's transaction (tx.go),
		// for which SQLite keeps a statement journal: in memory, not in a
		// temporary file written page by page with a system call each.
		q.Add("_pragma", "temp_store(2)")
		q.Set("_txlock", "immediate")
	}
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath(), RawQuery: q.Encode()}
	return u.String()
}

// Option changes how Open sets up a Store.
type Option func(*Store)

// WithClock gives the store its clock: every write transaction takes its
// time from now once, at its start.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// Open opens the database at addr, applies pending migrations and checks
// the engine. addr is a postgres:// (or postgresql://) URL for PostgreSQL, or
// else the path of a SQLite file, created if needed. A database that cannot
// be reached gives an error that says which one and why.
func Open(ctx context.Context, addr string, opts ...Option) (*Store, error) {
	s := &Store{now: time.Now, queue: make(chan *writeReq),
		closing: make(chan struct{}), stopped: make(chan struct{}), watch: newWatcher()}
	for _, o := range opts {
		o(s)
	}
	var err error
	if IsPostgres(addr) {
		err = s.openPostgres(ctx, addr)
	} else {
		err = s.openSQLite(ctx, addr)
	}
	if err != nil {
		return nil, err
	}
	go s.writer()
	if err := s.start(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// start brings a newly opened store into service: migrations, the search
// index's upkeep, the read pool, the checks.
func (s *Store) start(ctx context.Context) error {
	if err := s.migrate(ctx); err != nil {
		return err
	}
	if err := s.startFlushing(ctx); err != nil {
		return err
	}
	if s.r == nil {
		if err := s.openReaders(); err != nil {
			return err
		}
	}
	if err := s.check(ctx); err != nil {
		return err
	}
	return s.indexUnindexed(ctx)
}

// openSQLite opens the writer connection and, for an existing database, the
// read pool, of the SQLite file at path.
func (s *Store) openSQLite(ctx context.Context, path string) error {
	s.path = path
	if err := prepareFile(path); err != nil {
		return err
	}
	// A new database gets its read pool once the writer has made it a WAL
	// database. An existing WAL database gets it at once, and its first
	// connection opens while the writer's does: each parses the schema, the
	// largest part of opening, and there are two cores.
	var err error
	var warm chan error
	if isWAL(path) {
		if err := s.openReaders(); err != nil {
			return err
		}
		warm = make(chan error, 1)
		go func() { warm <- s.r.PingContext(ctx) }()
	}
	if s.w, err = s.open(dsn(path, false, false), false, true); err != nil {
		return fmt.Errorf("open writer: %w", err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	err = s.w.PingContext(ctx)
	if warm != nil {
		if rerr := <-warm; err == nil && rerr != nil {
			err = fmt.Errorf("read pool: %w", rerr)
		}
	}
	if err != nil {
		s.w.Close()
		if s.r != nil {
			s.r.Close()
		}
		return fmt.Errorf("open %s: %w", path, err)
	}
	return nil
}

// openReaders opens the read pool (its connections open when first used).
func (s *Store) openReaders() error {
	r, err := s.open(dsn(s.path, true, true), true, false)
	if err != nil {
		return fmt.Errorf("open readers: %w", err)
	}
	r.SetMaxOpenConns(Readers)
	r.SetMaxIdleConns(Readers)
	s.r = r
	return nil
}

// isWAL reports whether the file at path is a SQLite database in WAL mode,
// from its header: the file format's read and write versions are 2.
func isWAL(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := make([]byte, 20)
	if _, err := io.ReadFull(f, h); err != nil {
		return false
	}
	return string(h[:16]) == "SQLite format 3\x00" && h[18] == 2 && h[19] == 2
}

// Close stops the writer and closes both pools. Writes asked for after
// Close fail.
func (s *Store) Close() error {
	select {
	case <-s.closing:
	default:
		close(s.closing)
	}
	<-s.stopped
	if s.ear != nil {
		<-s.ear.done
	}
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.Close())
	return errors.Join(errs...)
}

// check verifies the engine's version and, on SQLite, that the pragmas
// reached both pools.
func (s *Store) check(ctx context.Context) error {
	if s.pg {
		return s.checkPostgres(ctx)
	}
	var version string
	if err := s.w.QueryRowContext(ctx, `SELECT sqlite_version()`).Scan(&version); err != nil {
		return fmt.Errorf("sqlite version: %w", err)
	}
	if versionLess(version, MinSQLiteVersion) {
		return fmt.Errorf("sqlite %s is older than %s, which fixes a WAL corruption bug", version, MinSQLiteVersion)
	}
	want := []struct {
		db     *sql.DB
		pragma string
		value  string
	}{
		{s.w, "journal_mode", "wal"}, {s.w, "foreign_keys", "1"}, {s.w, "synchronous", "2"},
		{s.w, "busy_timeout", "5000"}, {s.w, "journal_size_limit", fmt.Sprint(WALSizeLimit)}, {s.w, "temp_store", "2"}, {s.r, "foreign_keys", "1"}, {s.r, "query_only", "1"},
		{s.r, "busy_timeout", "5000"},
	}
	for _, p := range want {
		var got string
		if err := p.db.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
			return fmt.Errorf("pragma %s: %w", p.pragma, err)
		}
		if !strings.EqualFold(got, p.value) {
			return fmt.Errorf("pragma %s is %q, want %q", p.pragma, got, p.value)
		}
	}
	return nil
}

// versionLess compares dotted version numbers.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		var x, y int
		fmt.Sscan(pa[i], &x)
		fmt.Sscan(pb[i], &y)
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

// Ping checks that both pools answer and, after a write failed for a full
// or read-only disk, that writes work again; /healthz uses it. It returns
// EFULL or EREADONLY while they do not.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return fmt.Errorf("read pool: %w", s.unavailable(err))
	}
	if err := s.checkWrites(ctx); err != nil {
		return fmt.Errorf("writer: %w", s.unavailable(err))
	}
	return nil
}

// read runs fn in a read-only transaction on the read pool: one consistent
// snapshot for everything fn reads.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.pg {
		// A snapshot taken at the first statement, as SQLite's read
		// transaction has.
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.r.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read: %w", s.unavailable(err))
	}
	defer tx.Rollback()
	return s.unavailable(fn(tx))
}

// timeFormat is how times are stored in TEXT columns: UTC, to the second.
const timeFormat = "2006-01-02T15:04:05Z"

// parseTime reads a stored time. The stored form is valid RFC 3339, and
// time.Parse takes a much faster path for the RFC3339 layout.
func parseTime(v string) time.Time {
	t, _ := time.Parse(time.RFC3339, v)
	return t
}

// username returns who is acting, for created_by/updated_by and history;
// a write's Tx carries it (Tx.user).
func username(ctx context.Context) string {
	if u := claimline.UserFromContext(ctx); u != nil {
		return u.Username
	}
	return "system"
}

// via returns the name of the API token a request acts through, for
// history: "" for the web pages and the command line.
func via(ctx context.Context) string {
	a, _ := claimline.AccessFromContext(ctx)
	return a.Via
}

// notFound turns sql.ErrNoRows into an ENOTFOUND *Error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return claimline.Errorf(claimline.ENOTFOUND, "%s not found.", what)
	}
	return err
}

// isUnique reports whether err is a UNIQUE constraint failure.
func isUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return postgresCode(err) == pgUniqueViolation
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
