package store

import (
	"context"
	"database/sql"
)

// WriteThroughReader tries a write on the read pool, for tests.
func WriteThroughReader(s *Store) error {
	return s.read(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO actors (name) VALUES ('x')`)
		return err
	})
}
