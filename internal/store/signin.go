package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"claimline/internal/claimline"
)

// errWait rolls back the transaction of an attempt that must wait: it
// changed nothing, and a commit would have every node's caches look again.
var errWait = errors.New("the attempt must wait")

// ReserveSignIn counts a sign-in attempt as a failure before its password
// is checked, unless it must wait. In one write transaction it reads the
// failures of the attempt's keys within a.Window and whether the pair is
// known, asks decide, and records the attempt when decide lets it through;
// an attempt that must wait records nothing. Writes take turns (on
// PostgreSQL across nodes too), so concurrent attempts cannot all pass
// before the first is counted. Failures older than the window are deleted
// on the way.
//
// It returns decide's wait and, when the attempt was counted against its
// address, that count's row, for SignInSucceeded.
func (s *Store) ReserveSignIn(ctx context.Context, a claimline.SignIn, decide func(claimline.SignInHistory) claimline.SignInVerdict) (addressRow int64, wait time.Duration, err error) {
	err = s.write(ctx, func(tx *Tx) error {
		h := claimline.SignInHistory{Now: tx.at}
		now := tx.at.UnixNano()
		for _, k := range []struct {
			key []byte
			out *[]time.Time
		}{{a.Pair, &h.Pair}, {a.Address, &h.Address}} {
			ats, err := collect(ctx, tx, `SELECT at FROM sign_in_failures WHERE key = ? AND at >= ? ORDER BY at, id`, []any{k.key, now - int64(a.Window)}, scalar[int64])
			if err != nil {
				return err
			}
			for _, at := range ats {
				*k.out = append(*k.out, time.Unix(0, at))
			}
		}
		var known int64
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sign_in_known WHERE key = ? AND at >= ?`, a.Pair, now-int64(a.KnownFor)).Scan(&known)
		if err != nil {
			return err
		}
		h.Known = known > 0
		v := decide(h)
		if wait = v.Wait; wait > 0 {
			return errWait // nothing to commit
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE at < ?`, now-int64(a.Window)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sign_in_failures (key, at) VALUES (?, ?)`, a.Pair, now); err != nil {
			return err
		}
		if v.CountAddress {
			return tx.QueryRowContext(ctx, `INSERT INTO sign_in_failures (key, at) VALUES (?, ?) RETURNING id`, a.Address, now).Scan(&addressRow)
		}
		return nil
	})
	if errors.Is(err, errWait) {
		return 0, wait, nil
	} else if err != nil {
		return 0, 0, fmt.Errorf("count a sign-in attempt: %w", err)
	}
	return addressRow, wait, nil
}

// SignInSucceeded takes back an attempt ReserveSignIn counted: it forgets
// the pair's failures and the attempt's count against its address
// (addressRow, 0 when there was none), and remembers that the pair signs
// in, which relaxes the address's limit for it.
func (s *Store) SignInSucceeded(ctx context.Context, a claimline.SignIn, addressRow int64) error {
	err := s.write(ctx, func(tx *Tx) error {
		now := tx.at.UnixNano()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM sign_in_failures WHERE key = ?`, []any{a.Pair}},
			{`DELETE FROM sign_in_failures WHERE id = ?`, []any{addressRow}},
			{`DELETE FROM sign_in_known WHERE at < ?`, []any{now - int64(a.KnownFor)}},
			{`INSERT INTO sign_in_known (key, at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET at = excluded.at`, []any{a.Pair, now}},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record a sign-in: %w", err)
	}
	return nil
}
