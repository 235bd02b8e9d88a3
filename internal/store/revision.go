package store

import (
	"context"
	"database/sql"
	"fmt"

	"claimline/internal/claimline"
)

// Edits carry the revision their form was opened from. An update runs
// "UPDATE … SET …, revision = revision + 1 WHERE id = ? AND revision = ?"
// inside the same write transaction that read the row, so no other write
// can come between the check and the change. A revision of 0 means
// "unchecked": imports from a file without revisions, and the CLI.

// revisionMatch is the condition of such an update, taking the revision
// twice as arguments (see revArgs).
const revisionMatch = `(revision = ? OR ? = 0)`

func revArgs(rev int64) []any { return []any{rev, rev} }

// conflict builds the ECONFLICT error of a save over a newer revision: the
// object as it is now, its revision, and who changed it last and when (its
// updated stamp, or else its latest update in the history).
func conflict(ctx context.Context, tx querier, kind, objectType string, id, rev int64, current any) error {
	c := &claimline.Conflict{Revision: rev, Current: current}
	// Rows with their own updated_at/updated_by had them set by the change
	// that raised the revision; their history also holds changes that
	// leave the revision alone (citations, stances), so it is not asked.
	switch cur := current.(type) {
	case *claimline.Entry:
		c.By = cur.Updated
		return claimline.ConflictError(kind, c)
	case *claimline.Claim:
		c.By = cur.Updated
		return claimline.ConflictError(kind, c)
	case *claimline.Source:
		c.By = cur.Updated
		return claimline.ConflictError(kind, c)
	}
	var at string
	err := tx.QueryRowContext(ctx, `SELECT at, username FROM history WHERE object_type = ? AND object_id = ? AND action = 'update'
		ORDER BY id DESC LIMIT 1`, objectType, id).Scan(&at, &c.By.Username)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("last change: %w", err)
	}
	c.By.At = parseTime(at)
	return claimline.ConflictError(kind, c)
}

// guarded turns the result of an update guarded by revisionMatch into the
// conflict when it changed no row: the object's revision is no longer the
// one the form was opened from. current is the object as read earlier in
// the same transaction, which is what it still is.
func guarded(ctx context.Context, tx querier, res sql.Result, err error, kind, objectType string, id, rev int64, current any) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return conflict(ctx, tx, kind, objectType, id, rev, current)
	}
	return nil
}
