package store

import (
	"context"
	"database/sql/driver"
	"sync/atomic"

	"modernc.org/sqlite"
)

// counters is what the store's connections report: how many SQL statements
// ran, and how many write transactions committed. They are what the
// watching wrapper below exists for; every connection of a Store shares one.
type counters struct {
	statements atomic.Int64
	commits    atomic.Uint64
	// sessionCommits counts the commits that may change what Session
	// answers (sessionTables): on SQLite, seen by the writer's pre-update
	// hook; on PostgreSQL, every commit.
	sessionCommits atomic.Uint64
}

// sessionTables are the tables Session reads: a commit that changed none
// of their rows leaves every session as it was, and the session cache
// keeps its answers (sessioncache.go). The hook sees every row changed,
// by a statement, a trigger or a foreign key's ON DELETE CASCADE (SQLite
// does not take its shortcut for a DELETE without WHERE while a pre-update
// hook is set).
var sessionTables = map[string]bool{"users": true, "sessions": true, "note_mentions": true, "clippings": true}

// connector opens modernc SQLite connections wrapped so that each
// statement is counted, and each commit is counted once it is done. The
// commit count is the in-process half of Store.Commits: a count taken
// at the driver sees every write path, including ones written after this
// one, without their code having to remember to report.
//
// With keepStatements, a connection also keeps its queries prepared, by
// SQL text, for the next time it runs them: parsing was a tenth of the CPU
// time of a timeline page. The read pool does this; the writer does not.
//
// On PostgreSQL (pg set) every SQL text is translated first (dialect.go).
//
// The writer's SQLite connection (writer set) also notes whether a
// transaction changed a row of sessionTables, so that a commit that did
// not (an entry created, say) leaves the session cache alone.
type connector struct {
	base           driver.Connector
	c              *counters
	keepStatements bool
	writer         bool
	pg             *translator
}

func newConnector(dsn string, c *counters, keepStatements, writer bool) (*connector, error) {
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return &connector{base: base, c: c, keepStatements: keepStatements, writer: writer}, nil
}

// preUpdateHooker is the method of a modernc connection that sets its
// sqlite3_preupdate_hook.
type preUpdateHooker interface {
	RegisterPreUpdateHook(sqlite.PreUpdateHookFn)
}

func (k *connector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := k.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	c := &conn{Conn: dc, c: k.c, pg: k.pg}
	if k.keepStatements {
		c.kept = map[string]*keptStmt{}
	}
	if h, ok := dc.(preUpdateHooker); ok && k.writer {
		h.RegisterPreUpdateHook(func(d sqlite.SQLitePreUpdateData) {
			if sessionTables[d.TableName] {
				c.sessionsChanged = true
			}
		})
		c.hooked = h
	}
	return c, nil
}

// maxKeptStatements bounds the statements a connection keeps prepared.
const maxKeptStatements = 100

func (k *connector) Driver() driver.Driver { return k.base.Driver() }

// conn wraps a modernc connection. The interfaces it implements are the
// ones modernc's connection implements and database/sql looks for.
type conn struct {
	driver.Conn
	c    *counters
	inTx bool // database/sql uses a connection from one goroutine at a time
	kept map[string]*keptStmt
	pg   *translator // nil on SQLite

	// hooked is the connection's pre-update hook, set on the writer's
	// SQLite connection: it sets sessionsChanged when a row of
	// sessionTables changes. Without a hook, every commit counts.
	hooked          preUpdateHooker
	sessionsChanged bool
}

// sql returns q in the connection's dialect.
func (c *conn) sql(q string) string {
	if c.pg == nil {
		return q
	}
	return c.pg.translate(q)
}

// keptStmt is a prepared query kept by its connection. A modernc statement
// has one cursor, so while its rows are open (busy) the same query text
// runs unprepared instead.
type keptStmt struct {
	stmt driver.Stmt
	busy bool
}

// Unwrap returns the modernc connection, for code that needs its own
// methods through sql.Conn.Raw.
func (c *conn) Unwrap() driver.Conn { return c.Conn }

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.inTx = true
	return &connTx{Tx: tx, conn: c}, nil
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	query = c.sql(query)
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &stmt{Stmt: st, conn: c}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.c.statements.Add(1)
	r, err := c.Conn.(driver.ExecerContext).ExecContext(ctx, c.sql(query), args)
	c.autocommitted()
	return r, err
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.c.statements.Add(1)
	query = c.sql(query)
	if k := c.keep(ctx, query); k != nil {
		k.busy = true
		rows, err := k.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
		if err != nil {
			k.busy = false
			return nil, err
		}
		return &keptRows{Rows: rows, k: k}, nil
	}
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

// keep returns the connection's prepared statement for query, preparing it
// if need be, or nil if the query is to run unprepared.
func (c *conn) keep(ctx context.Context, query string) *keptStmt {
	if c.kept == nil {
		return nil
	}
	if k, ok := c.kept[query]; ok {
		if k.busy {
			return nil
		}
		return k
	}
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil // running it unprepared reports the error
	}
	if len(c.kept) >= maxKeptStatements {
		for q, k := range c.kept { // one at random, not in use
			if !k.busy {
				k.stmt.Close()
				delete(c.kept, q)
				break
			}
		}
	}
	k := &keptStmt{stmt: st}
	c.kept[query] = k
	return k
}

// Close closes the kept statements, which need the connection, first,
// and removes the hook, which modernc keeps by the connection's address.
func (c *conn) Close() error {
	for q, k := range c.kept {
		k.stmt.Close()
		delete(c.kept, q)
	}
	if c.hooked != nil {
		c.hooked.RegisterPreUpdateHook(nil)
	}
	return c.Conn.Close()
}

// committed counts a commit, and a session commit when sessionTables may
// have changed.
func (c *conn) committed() {
	c.c.commits.Add(1)
	if c.hooked == nil || c.sessionsChanged {
		c.c.sessionCommits.Add(1)
	}
	c.sessionsChanged = false
}

// keptRows frees its statement for the next query when closed.
type keptRows struct {
	driver.Rows
	k *keptStmt
}

func (r *keptRows) Close() error {
	err := r.Rows.Close()
	r.k.busy = false
	return err
}

// autocommitted counts a statement run outside a transaction as a commit:
// it may have changed the database on its own (migrations do this).
func (c *conn) autocommitted() {
	if !c.inTx {
		c.committed()
	}
}

func (c *conn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *conn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *conn) IsValid() bool {
	v, ok := c.Conn.(driver.Validator) // pgx's connection has no such check
	return !ok || v.IsValid()
}

// connTx counts a commit after SQLite has finished it, when what it wrote
// is visible to every new read: a reader that sees the new count and then
// reads sees the new data.
type connTx struct {
	driver.Tx
	conn *conn
}

func (t *connTx) Commit() error {
	err := t.Tx.Commit()
	t.conn.inTx = false
	t.conn.committed()
	return err
}

func (t *connTx) Rollback() error {
	t.conn.inTx = false
	t.conn.sessionsChanged = false
	return t.Tx.Rollback()
}

type stmt struct {
	driver.Stmt
	conn *conn
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.conn.c.statements.Add(1)
	r, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	s.conn.autocommitted()
	return r, err
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.conn.c.statements.Add(1)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}
