package store

import (
	"context"
	"database/sql"
)

// The store's row loop. A query function calls each or collect with its SQL
// and says what to do with one row; the loop closes the rows before it
// returns and ends with the rows' own error, so that a query whose context
// ends mid-way (a client hanging up) fails instead of returning the rows
// read so far as if they were all.

// each runs query with args and calls fn with each row, in order, until fn
// returns an error, which each returns as it is. Rows stream: memory does not
// grow with their number.
func each(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// collect runs query with args and returns its rows, each read by scan into
// a new element of the result. scan fills the element in place, so that a
// row costs no allocation of its own beyond those scan makes.
func collect[T any](ctx context.Context, q querier, query string, args []any, scan func(*sql.Rows, *T) error) ([]T, error) {
	var out []T
	err := each(ctx, q, query, args, func(rows *sql.Rows) error {
		var zero T
		out = append(out, zero)
		return scan(rows, &out[len(out)-1])
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scalar is the scan of a one-column query: collect(ctx, tx, `SELECT id …`, nil, scalar[int64]).
func scalar[T any](rows *sql.Rows, v *T) error { return rows.Scan(v) }

// rowScanner is what a scanner reads: a *sql.Row or *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// viaNew adapts to collect a scanner that returns a new value, the shape
// that serves a single *sql.Row as well (scanTimeline, scanUser).
func viaNew[T any](scan func(rowScanner) (*T, error)) func(*sql.Rows, *T) error {
	return func(rows *sql.Rows, dst *T) error {
		v, err := scan(rows)
		if err == nil {
			*dst = *v
		}
		return err
	}
}
