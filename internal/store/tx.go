package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"claimline/internal/claimline"
)

// Tx is one caller's part of a write transaction. It carries everything that
// belongs to the transaction and nothing that outlives it: the *sql.Tx, the
// time and the acting user, fixed once, and the statements prepared in it.
// A Tx is valid only while the function given to Store.write runs.
//
// Its ExecContext, QueryContext and QueryRowContext prepare each SQL text
// once per transaction: an import of thousands of rows, or a batch of many
// callers' writes, parses each statement once instead of once per row. They
// run with the Tx's own context, whatever context they are given (see ctx).
type Tx struct {
	*sql.Tx
	// ctx is the caller's context without its cancellation. SQLite rolls
	// back the whole transaction when a write statement inside it is
	// interrupted, so a cancelled caller must never interrupt a statement:
	// that would undo the other callers' writes of the batch.
	ctx   context.Context
	at    time.Time            // the transaction's time, read once from the store's clock
	now   string               // at, in timeFormat
	user  string               // who is acting, for created_by/updated_by and history
	via   string               // the API token they act through, for history ("" when none)
	stmts map[string]*sql.Stmt // prepared in or bound to this transaction
	w     *writerState
}

// writerState is what the writer goroutine keeps from one transaction to the
// next: statements prepared on the writer connection, which a transaction
// binds (Tx.StmtContext on the same connection reuses them unparsed).
type writerState struct {
	db    *sql.DB
	kept  map[string]*sql.Stmt
	fresh []string // SQL texts first seen in the running transaction
}

// maxKept bounds the statements kept across transactions: the store's SQL
// texts are constants, apart from a few built from filters.
const maxKept = 256

// keepFresh prepares on the (now idle) writer connection the statements
// first seen in the transaction just ended, for the next transactions.
func (w *writerState) keepFresh() {
	for _, q := range w.fresh {
		if len(w.kept) >= maxKept {
			break
		}
		if _, ok := w.kept[q]; ok {
			continue
		}
		if st, err := w.db.Prepare(q); err == nil {
			w.kept[q] = st
		}
	}
	w.fresh = w.fresh[:0]
}

func (w *writerState) close() {
	for _, st := range w.kept {
		st.Close()
	}
}

// querier is what the read helpers need: a read transaction (*sql.Tx) or a
// write transaction (*Tx) both serve.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// prepared returns q prepared in the transaction, once per transaction.
func (tx *Tx) prepared(q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	var st *sql.Stmt
	var err error
	if kept, ok := tx.w.kept[q]; ok {
		st = tx.Tx.StmtContext(tx.ctx, kept)
	} else if st, err = tx.Tx.PrepareContext(tx.ctx, q); err != nil {
		return nil, err
	} else {
		tx.w.fresh = append(tx.w.fresh, q)
	}
	tx.stmts[q] = st
	return st, nil
}

// ExecContext runs a statement prepared once per transaction.
func (tx *Tx) ExecContext(_ context.Context, q string, args ...any) (sql.Result, error) {
	st, err := tx.prepared(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.ctx, args...)
}

// QueryContext runs a query prepared once per transaction.
func (tx *Tx) QueryContext(_ context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := tx.prepared(q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(tx.ctx, args...)
}

// QueryRowContext runs a one-row query prepared once per transaction. A
// statement that does not prepare is run unprepared, so that its error
// reaches the caller through Row.Scan.
func (tx *Tx) QueryRowContext(_ context.Context, q string, args ...any) *sql.Row {
	st, err := tx.prepared(q)
	if err != nil {
		return tx.Tx.QueryRowContext(tx.ctx, q, args...)
	}
	return st.QueryRowContext(tx.ctx, args...)
}

// exec runs a statement and keeps only its error.
func (tx *Tx) exec(ctx context.Context, q string, args ...any) error {
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// maxBatch bounds how many callers' writes share one transaction, so that a
// batch commits (and its callers hear back) soon however busy the queue is.
const maxBatch = 128

// errClosed is returned by writes after Close.
var errClosed = errors.New("the database is closed")

// writeReq is one caller's write waiting for the writer.
type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan error // receives the caller's result after the commit
}

// write runs fn in a write transaction and returns its result once the
// transaction has committed: everything fn does is saved, or nothing is.
//
// Writes are group-committed: one writer goroutine takes the writes waiting
// in the queue and runs them in one IMMEDIATE transaction, each inside its
// own savepoint, so that one caller's failure undoes only that caller's
// work, and the batch costs one commit (one fsync). A caller whose context
// ends before its turn comes is not run; once its function has started, it
// runs to the end with the cancellation ignored, and is saved or not with
// its batch, so that a client hanging up never leaves half a write.
func (s *Store) write(ctx context.Context, fn func(*Tx) error) (err error) {
	defer func() { err = s.writeFault(err) }() // disk full, read-only: fault.go
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.queue <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closing:
		return errClosed
	}
	return <-req.done
}

// writer is the goroutine that owns the writer connection's transactions.
func (s *Store) writer() {
	defer close(s.stopped)
	w := &writerState{db: s.w, kept: map[string]*sql.Stmt{}}
	defer w.close()
	batch := make([]*writeReq, 0, maxBatch)
	if !s.pg {
		s.watch.start(s.w)
	}
	for {
		select {
		case r := <-s.queue:
			batch = append(batch[:0], r)
		case done := <-s.watch.asks:
			s.watch.check(s.w)
			close(done)
			continue
		case <-s.closing:
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case r := <-s.queue:
				batch = append(batch, r)
			default:
				break more
			}
		}
		s.runBatch(w, batch)
		if s.watch.asked.Load() {
			s.watch.check(s.w)
		}
		w.keepFresh()
		clear(batch) // let the finished requests be collected
	}
}

// runBatch runs a batch of writes in one transaction and tells each caller
// its own result after the commit.
func (s *Store) runBatch(w *writerState, batch []*writeReq) {
	errs := make([]error, len(batch))
	// The transaction belongs to no single caller: one hanging up must not
	// roll back the others.
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- fmt.Errorf("begin write: %w", err)
		}
		return
	}
	if s.pg {
		if _, err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, writeLock); err != nil {
			tx.Rollback()
			for _, r := range batch {
				r.done <- fmt.Errorf("begin write: %w", err)
			}
			return
		}
	}
	at := s.now().UTC()
	t := &Tx{Tx: tx, ctx: context.Background(), at: at, now: at.Format(timeFormat), stmts: map[string]*sql.Stmt{}, w: w}
	var broken error // set when the transaction itself can no longer commit
	saved := 0       // callers whose writes are to be committed
	for i, r := range batch {
		switch {
		case broken != nil:
			errs[i] = broken
		case r.ctx.Err() != nil:
			errs[i] = r.ctx.Err()
		default:
			// A caller alone in its transaction needs no savepoint: if it
			// fails, the transaction is rolled back.
			errs[i], broken = runOne(t, r, len(batch) > 1)
		}
		if errs[i] == nil {
			saved++
		}
	}
	if broken == nil && saved > 0 && s.flushStale.Load() {
		t.ctx = context.Background()
		if err := s.flushSearch(t); err != nil {
			broken = fmt.Errorf("search index: %w", err)
		}
	}
	if broken == nil && saved > 0 && s.pg {
		// The other nodes hear of the commit when it happens (notify.go).
		if err := t.exec(context.Background(), notifySQL, s.ear.node); err != nil {
			broken = fmt.Errorf("notify: %w", err)
		}
	}
	if broken != nil || saved == 0 {
		tx.Rollback()
		for i := range errs {
			if errs[i] == nil {
				errs[i] = broken
			}
		}
	} else if err := tx.Commit(); err != nil {
		if s.pg && unreachable(err) {
			err = fmt.Errorf("%w (%w)", claimline.Errorf(claimline.EUNAVAILABLE, commitLostMessage), err)
		}
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("commit: %w", err)
			}
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

// flushStaleSQL brings the search index's rows of the entries changed in
// the transaction up to date (db/migrations/0023): once per transaction,
// after the last savepoint, so that the index takes one segment a commit.
const flushStaleSQL = `DELETE FROM search_entries_stale`

// runOne runs one caller's write, inside a savepoint of the batch's
// transaction when it shares the transaction with others. It returns the
// caller's error, and a second error when the transaction as a whole is
// lost (a savepoint that cannot be rolled back or released, as after SQLite
// rolled the transaction back by itself on a full disk). Without a
// savepoint, a caller's error leaves its work in the transaction, which the
// batch then rolls back.
func runOne(t *Tx, r *writeReq, savepoint bool) (err, broken error) {
	ctx := context.WithoutCancel(r.ctx)
	t.ctx, t.user, t.via = ctx, username(r.ctx), via(r.ctx)
	if savepoint {
		if err := t.exec(ctx, `SAVEPOINT w`); err != nil {
			return err, fmt.Errorf("savepoint: %w", err)
		}
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("write panicked: %v\n%s", p, debug.Stack())
		}
		if !savepoint {
			return
		}
		if err != nil {
			if rerr := t.exec(ctx, `ROLLBACK TO w`); rerr != nil {
				broken = fmt.Errorf("%w (and the transaction was lost: %v)", err, rerr)
				return
			}
		}
		if rerr := t.exec(ctx, `RELEASE w`); rerr != nil {
			broken = fmt.Errorf("release savepoint: %w", rerr)
		}
	}()
	return r.fn(t), nil
}
