package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"claimline/internal/claimline"
)

// Tray returns a user's clippings tray, oldest first, each with its
// source's label.
func (s *Store) Tray(ctx context.Context, userID int64) ([]claimline.TrayClipping, error) {
	var out []claimline.TrayClipping
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadTray(ctx, tx, `c.user_id = ?`, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tray: %w", err)
	}
	return out, nil
}

func loadTray(ctx context.Context, tx querier, where string, args ...any) ([]claimline.TrayClipping, error) {
	return collect(ctx, tx, `SELECT c.id, c.source_id, s.title, s.outlet, c.quote, c.created_at
		FROM clippings c JOIN sources s ON s.id = c.source_id WHERE `+where+` ORDER BY c.id`, args,
		func(rows *sql.Rows, c *claimline.TrayClipping) error {
			var src claimline.Source
			var created string
			if err := rows.Scan(&c.ID, &c.SourceID, &src.Title, &src.Outlet, &c.Quote, &created); err != nil {
				return err
			}
			c.SourceTitle, c.Created = src.Label(), parseTime(created)
			return nil
		})
}

// AddToTray puts passages on a user's tray, all or none, and returns them
// as kept there, in the order given, and how many were not on it before. A
// passage is kept exactly as it stands in its source's text, however it
// was typed, and once: one already on the tray keeps the place it had. A passage must be in its source's
// text (EINVALID naming clippingField(i) otherwise), and the tray holds at
// most claimline.MaxTray clippings.
func (s *Store) AddToTray(ctx context.Context, userID int64, clips []claimline.Clipping) ([]claimline.TrayClipping, int, error) {
	p := claimline.Problems{}
	texts := map[int64]quoteSource{}
	for i := range clips {
		c := &clips[i]
		if c.Quote = strings.TrimSpace(c.Quote); c.Quote == "" {
			p.Add(claimline.ClippingField(i), "The passage is empty.")
			continue
		}
		checked, err := s.checkQuoteIn(ctx, texts, c.SourceID, c.Quote)
		if err != nil {
			if claimline.ErrorCode(err) != claimline.EINVALID {
				return nil, 0, err
			}
			p.Add(claimline.ClippingField(i), clippingQuoteProblem(err))
			continue
		}
		c.Quote = texts[c.SourceID].text[checked.span.Start:checked.span.End]
	}
	if err := p.Err(); err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(clips))
	added := 0
	err := s.write(ctx, func(tx *Tx) error {
		added = 0
		for i, c := range clips {
			err := tx.QueryRowContext(ctx, `SELECT id FROM clippings WHERE user_id = ? AND source_id = ? AND quote = ?`,
				userID, c.SourceID, c.Quote).Scan(&ids[i])
			if err == nil {
				continue
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO clippings (user_id, source_id, quote, created_at)
				SELECT ?, id, ?, ? FROM sources WHERE id = ? RETURNING id`, userID, c.Quote, tx.now, c.SourceID).Scan(&ids[i])
			if errors.Is(err, sql.ErrNoRows) {
				return claimline.Problems{claimline.ClippingField(i): "This source no longer exists."}.Err()
			} else if err != nil {
				return fmt.Errorf("add clipping: %w", err)
			}
			added++
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM clippings WHERE user_id = ?`, userID).Scan(&n); err != nil {
			return err
		}
		if n > claimline.MaxTray {
			return claimline.Errorf(claimline.EINVALID, "The tray holds at most %d clippings: save or remove some first.", claimline.MaxTray)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	idsJSON, _ := json.Marshal(ids)
	var kept []claimline.TrayClipping
	err = s.read(ctx, func(tx *sql.Tx) error {
		kept, err = loadTray(ctx, tx, `c.user_id = ? AND c.id IN (SELECT value FROM json_each(?))`, userID, string(idsJSON))
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	byID := map[int64]claimline.TrayClipping{}
	for _, c := range kept {
		byID[c.ID] = c
	}
	out := make([]claimline.TrayClipping, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id]; ok { // gone only if removed meanwhile
			out = append(out, c)
		}
	}
	return out, added, nil
}

// RemoveFromTray takes clippings off a user's tray; those not on it are
// ignored. It returns how many were removed.
func (s *Store) RemoveFromTray(ctx context.Context, userID int64, ids []int64) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		n, err = removeFromTray(ctx, tx, userID, ids)
		return err
	})
	return int(n), err
}

func removeFromTray(ctx context.Context, tx *Tx, userID int64, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	idsJSON, _ := json.Marshal(ids)
	res, err := tx.ExecContext(ctx, `DELETE FROM clippings WHERE user_id = ? AND id IN (SELECT value FROM json_each(?))`, userID, string(idsJSON))
	if err != nil {
		return 0, fmt.Errorf("remove clippings: %w", err)
	}
	return res.RowsAffected()
}

// TraySize returns how many clippings a user's tray holds.
func (s *Store) TraySize(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM clippings WHERE user_id = ?`, userID).Scan(&n)
	})
	return n, err
}
