package store

import (
	"context"
	"database/sql"
	"fmt"

	"claimline/internal/claimline"
)

// DateCorrections returns the corrections of the date marks of one version
// of a source's text, in the order of the text.
func (s *Store) DateCorrections(ctx context.Context, sourceID int64, version int) ([]claimline.DateCorrection, error) {
	var out []claimline.DateCorrection
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT source_id, version, mark_start, mark_end, words, date, approximate, created_at, created_by
			FROM date_corrections WHERE source_id = ? AND version = ? ORDER BY mark_start`, []any{sourceID, version},
			func(rows *sql.Rows, c *claimline.DateCorrection) error {
				var date, at string
				if err := rows.Scan(&c.SourceID, &c.Version, &c.Start, &c.End, &c.Text, &date, &c.Approximate, &at, &c.Created.Username); err != nil {
					return err
				}
				c.Date, c.Created.At = mustDate(date), parseTime(at)
				return nil
			})
		return err
	})
	return out, err
}

// CorrectDate keeps a correction of one date mark of a source's current
// text (c.Date zero: the words are not a date), replacing any earlier one
// of the same mark; with reset it removes the mark's correction instead.
// read is how the reader itself reads the mark, for the history. A version
// that is no longer the current one is ECONFLICT; a missing source
// ENOTFOUND.
func (s *Store) CorrectDate(ctx context.Context, c claimline.DateCorrection, reset bool, read string) error {
	return s.write(ctx, func(tx *Tx) error {
		var title string
		var current int
		if err := tx.QueryRowContext(ctx, `SELECT title, version FROM sources WHERE id = ?`, c.SourceID).Scan(&title, &current); err != nil {
			return notFound(err, "Source")
		}
		if current != c.Version {
			return claimline.Errorf(claimline.ECONFLICT,
				"The text of this source changed (it is now version %d) since its date marks were shown: they have been read again.", current)
		}
		var before claimline.DateCorrection
		var date string
		err := tx.QueryRowContext(ctx, `SELECT date, approximate FROM date_corrections
			WHERE source_id = ? AND version = ? AND mark_start = ? AND mark_end = ?`, c.SourceID, c.Version, c.Start, c.End).Scan(&date, &before.Approximate)
		had := err == nil
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("date correction: %w", err)
		}
		before.Date = mustDate(date)
		was, now := read, read
		if had {
			was = correctionLabel(before)
		}
		if reset {
			if !had {
				return nil
			}
			err = tx.exec(ctx, `DELETE FROM date_corrections WHERE source_id = ? AND version = ? AND mark_start = ? AND mark_end = ?`,
				c.SourceID, c.Version, c.Start, c.End)
		} else {
			now = correctionLabel(c)
			err = tx.exec(ctx, `INSERT INTO date_corrections (source_id, version, mark_start, mark_end, words, date, approximate, created_at, created_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (source_id, version, mark_start, mark_end) DO UPDATE SET
					words = excluded.words, date = excluded.date, approximate = excluded.approximate,
					created_at = excluded.created_at, created_by = excluded.created_by`,
				c.SourceID, c.Version, c.Start, c.End, c.Text, c.Date.ISO(), boolInt(c.Approximate), tx.now, tx.user)
		}
		if err != nil {
			return fmt.Errorf("date correction: %w", err)
		}
		if was == now {
			return nil
		}
		field := "date of “" + c.Text + "”"
		return record(ctx, tx, claimline.Change{ObjectType: "source", ObjectID: c.SourceID, Action: claimline.ActionUpdate, Label: title},
			map[string]string{field: was}, map[string]string{field: now})
	})
}

// correctionLabel is a correction as the history shows it.
func correctionLabel(c claimline.DateCorrection) string {
	if c.Date.IsZero() {
		return "not a date (corrected)"
	}
	return claimline.FormatDate(c.Date, c.Approximate) + " (corrected)"
}
