package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"claimline/internal/claimline"
)

// PresenceWindow is how long an opened edit form counts as someone being
// there.
const PresenceWindow = 10 * time.Minute

// OpenForm records that the user in ctx opened the edit form of an object
// now, and returns the others who opened the same form within
// PresenceWindow, most recent first. It is called when the form is served:
// nothing polls.
func (s *Store) OpenForm(ctx context.Context, objectType string, id int64) ([]claimline.Presence, error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, err
	}
	var out []claimline.Presence
	err = s.write(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `INSERT INTO form_opens (object_type, object_id, user_id, opened_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (object_type, object_id, user_id) DO UPDATE SET opened_at = excluded.opened_at`, objectType, id, u.ID, tx.now); err != nil {
			return fmt.Errorf("record form opening: %w", err)
		}
		since := parseTime(tx.now).Add(-PresenceWindow).Format(timeFormat)
		var err error
		out, err = collect(ctx, tx, `SELECT u.username, f.opened_at FROM form_opens f JOIN users u ON u.id = f.user_id
			WHERE f.object_type = ? AND f.object_id = ? AND f.user_id != ? AND f.opened_at >= ? ORDER BY f.opened_at DESC`,
			[]any{objectType, id, u.ID, since}, func(rows *sql.Rows, p *claimline.Presence) error {
				var at string
				if err := rows.Scan(&p.Username, &at); err != nil {
					return err
				}
				p.At = parseTime(at)
				return nil
			})
		return err
	})
	return out, err
}
