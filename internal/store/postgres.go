package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"claimline/internal/claimline"
)

// MinPostgresVersion is the oldest PostgreSQL accepted, as server_version_num.
const MinPostgresVersion = 150000

// PostgresReaders is the size of the read pool on PostgreSQL, per node.
const PostgresReaders = 8

// connectTimeout bounds each attempt to connect when the address names none:
// an unreachable host must fail start-up within seconds, not minutes.
const connectTimeout = 10 * time.Second

// writeLock is the key of the advisory lock every write transaction takes
// first on PostgreSQL: the writes of several claimline nodes on one database
// then follow one another as a single node's do, so that a check made in a
// write transaction (a version, a duplicate) still holds at its commit.
const writeLock = 0x636c61696d6c696e // "claimlin"

// PostgreSQL's error codes (SQLSTATE) the store tells apart.
const (
	pgUniqueViolation = "23505"
	pgDiskFull        = "53100"
	pgReadOnly        = "25006"
)

// unavailableMessage is what a request meets while the database cannot be
// reached: the cause is the server's, and nothing of the user's was saved.
const unavailableMessage = "The database cannot be reached at the moment; nothing was saved. Try again shortly."

// commitLostMessage is what a write meets when the connection is lost
// after its COMMIT was sent: the server may have committed it, so
// "nothing was saved" could be untrue, and the user, believing it, would
// make the change twice.
const commitLostMessage = "The connection to the database was lost while this change was being saved, so it may or may not have been saved. Look for it before making it again."

// unreachable reports whether err says that the PostgreSQL server could
// not be reached or the connection to it was lost, rather than that it
// refused a statement.
func unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, pgconn.ErrConnClosed) ||
		pgconn.SafeToRetry(err) {
		return true
	}
	// Connection exceptions, and a server shutting down or starting up.
	code := postgresCode(err)
	return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03"
}

// unavailable returns err marked EUNAVAILABLE when it says the PostgreSQL
// server cannot be reached, and err as it is otherwise.
func (s *Store) unavailable(err error) error {
	if err == nil || !s.pg || !unreachable(err) || claimline.ErrorCode(err) == claimline.EUNAVAILABLE {
		return err
	}
	return fmt.Errorf("%w (%w)", claimline.Errorf(claimline.EUNAVAILABLE, unavailableMessage), err)
}

// idleInTransactionTimeout is how long PostgreSQL lets a connection of
// claimline sit idle inside a transaction before it ends the session,
// unless the database URL sets idle_in_transaction_session_timeout.
const idleInTransactionTimeout = "30s"

const idleInTransaction = "idle_in_transaction_session_timeout"

// IsPostgres reports whether addr names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(addr string) bool {
	return strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://")
}

// openPostgres opens the writer connection and the read pool of the
// PostgreSQL database at addr, and checks that it answers.
func (s *Store) openPostgres(ctx context.Context, addr string) error {
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		// pgx's message shows the address with its password masked.
		return fmt.Errorf("the database address is not a PostgreSQL URL claimline can use: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	cfg.RuntimeParams["application_name"] = "claimline"
	// Every statement is planned for its parameters. pgx prepares each
	// query once a connection, and after five runs PostgreSQL may keep a
	// generic plan, blind to the values: one search plan for a rare word
	// (the GIN index) and a common one (the newest rows first) made every
	// search as slow as the worst (BenchmarkSearch shows it).
	cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	// A node that stops in the middle of a write (a frozen machine, a
	// stopped process) keeps its connection, and with it the write lock
	// every node's writes wait for: PostgreSQL ends a session idle inside
	// its transaction this long, which rolls it back and frees the lock.
	// claimline never pauses inside a transaction. The URL may set its own.
	if _, ok := cfg.RuntimeParams[idleInTransaction]; !ok {
		cfg.RuntimeParams[idleInTransaction] = idleInTransactionTimeout
	}
	s.pg = true
	s.where = fmt.Sprintf("%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	tr := &translator{}
	s.w = sql.OpenDB(&connector{base: stdlib.GetConnector(*cfg), c: &s.ctr, pg: tr})
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	// The read pool cannot write, as SQLite's is query_only.
	rcfg := cfg.Copy()
	rcfg.RuntimeParams["default_transaction_read_only"] = "on"
	s.r = sql.OpenDB(&connector{base: stdlib.GetConnector(*rcfg), c: &s.ctr, pg: tr})
	s.r.SetMaxOpenConns(PostgresReaders)
	s.r.SetMaxIdleConns(PostgresReaders)
	if err := s.w.PingContext(ctx); err != nil {
		s.w.Close()
		s.r.Close()
		return fmt.Errorf("cannot reach the PostgreSQL database %s: %w", s.where, err)
	}
	s.listen(ctx, cfg.Copy())
	return nil
}

// checkPostgres verifies the server's version.
func (s *Store) checkPostgres(ctx context.Context) error {
	var v string
	if err := s.w.QueryRowContext(ctx, `SHOW server_version_num`).Scan(&v); err != nil {
		return fmt.Errorf("postgresql version: %w", err)
	}
	if n, _ := strconv.Atoi(v); n < MinPostgresVersion {
		return fmt.Errorf("PostgreSQL %s is older than 15, the oldest claimline supports", v)
	}
	return nil
}

// postgresCode returns the SQLSTATE of a PostgreSQL error in err's chain, or "".
func postgresCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// BackupElsewhere returns, on PostgreSQL, the message that names the tools
// that back the database up; "" on SQLite, whose backups Backup makes.
func (s *Store) BackupElsewhere() string {
	if s.pg {
		return ErrPostgresBackup.Message
	}
	return ""
}

// ErrPostgresBackup is what a backup asked of a PostgreSQL store returns,
// and why scheduled backups are refused on PostgreSQL.
var ErrPostgresBackup = claimline.Errorf(claimline.ECONFLICT,
	"This claimline keeps its data in PostgreSQL, whose own tools make its backups: "+
		"pg_dump (for instance: pg_dump --format=custom --file=claimline.dump DATABASE_URL) "+
		"or a base backup with pg_basebackup. claimline does not copy a PostgreSQL database itself.")

// Describe returns addr fit for a log line or a message: a PostgreSQL URL
// without its password (and without any other secret in its query), a
// SQLite path as it is.
func Describe(addr string) string {
	if !IsPostgres(addr) {
		return addr
	}
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		return "a PostgreSQL URL that does not parse"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}
