package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"claimline/internal/claimline"
)

// record writes one history row in tx. before and after are snapshots that
// marshal to JSON; nil means the object did not exist on that side.
func record(ctx context.Context, tx *Tx, c claimline.Change, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	var err error
	if c.Before, err = enc(before); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if c.After, err = enc(after); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	err = tx.exec(ctx, `INSERT INTO history
		(at, username, via, object_type, object_id, timeline_id, action, label, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.now, tx.user, tx.via, c.ObjectType, c.ObjectID, c.TimelineID, c.Action, c.Label, c.Before, c.After)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// Changes returns history records matching f, newest first.
func (s *Store) Changes(ctx context.Context, f claimline.ChangeFilter) ([]claimline.Change, error) {
	var where []string
	var args []any
	if f.ObjectType != "" {
		where, args = append(where, "h.object_type = ?"), append(args, f.ObjectType)
	}
	if f.ObjectID != 0 {
		where, args = append(where, "h.object_id = ?"), append(args, f.ObjectID)
	}
	if f.TimelineID != 0 {
		where, args = append(where, "h.timeline_id = ?"), append(args, f.TimelineID)
	}
	if f.NotType != "" {
		where, args = append(where, "h.object_type != ?"), append(args, f.NotType)
	}
	if f.Action != "" {
		where, args = append(where, "h.action = ?"), append(args, f.Action)
	}
	if f.Username != "" {
		where, args = append(where, "h.username = ?"), append(args, f.Username)
	}
	if f.Before != 0 {
		where, args = append(where, "h.id < ?"), append(args, f.Before)
	}
	// The timeline's slug is its current one, for a link; "" once deleted.
	q := `SELECT h.id, h.at, h.username, h.via, h.object_type, h.object_id, h.timeline_id, coalesce(t.slug, ''),
		h.action, h.label, h.before, h.after FROM history h LEFT JOIN timelines t ON t.id = h.timeline_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	q += " ORDER BY h.id DESC LIMIT ?"
	args = append(args, limit)
	var out []claimline.Change
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows, c *claimline.Change) error {
			var at string
			if err := rows.Scan(&c.ID, &at, &c.Username, &c.Via, &c.ObjectType, &c.ObjectID, &c.TimelineID, &c.TimelineSlug, &c.Action, &c.Label, &c.Before, &c.After); err != nil {
				return err
			}
			c.At = parseTime(at)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	return out, nil
}
