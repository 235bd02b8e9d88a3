package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ObjectNames returns what people call claims ("claim", by their text) or
// entries ("entry", by their title), by id, for history pages whose
// records name them by id. A deleted object is named as history recorded
// it at its creation; ids found nowhere are left out.
func (s *Store) ObjectNames(ctx context.Context, objectType string, ids []int64) (map[int64]string, error) {
	var q string
	switch objectType {
	case "claim":
		q = `SELECT text FROM claims WHERE id = ?`
	case "entry":
		q = `SELECT title FROM entries WHERE id = ?`
	default:
		return nil, fmt.Errorf("object names: unknown type %q", objectType)
	}
	out := map[int64]string{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, done := out[id]; done {
				continue
			}
			var name string
			err := tx.QueryRowContext(ctx, q, id).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				err = tx.QueryRowContext(ctx, `SELECT label FROM history WHERE object_type = ? AND object_id = ? AND action = 'create'
					ORDER BY id LIMIT 1`, objectType, id).Scan(&name)
			}
			if errors.Is(err, sql.ErrNoRows) {
				continue
			} else if err != nil {
				return err
			}
			out[id] = name
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("object names: %w", err)
	}
	return out, nil
}

// ChangeUsers returns the names of everyone who has changed anything, for
// the history's filter. It steps through the username index from one name
// to the next, one look-up per name, rather than reading every record of
// a long history.
func (s *Store) ChangeUsers(ctx context.Context) ([]string, error) {
	var out []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `WITH RECURSIVE names(name) AS (
			SELECT min(username) FROM history
			UNION ALL
			SELECT (SELECT min(username) FROM history WHERE username > names.name) FROM names WHERE names.name IS NOT NULL)
			SELECT name FROM names WHERE name IS NOT NULL`, nil, scalar[string])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("change users: %w", err)
	}
	return out, nil
}
