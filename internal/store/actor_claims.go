package store

import (
	"context"
	"database/sql"

	"claimline/internal/claimline"
)

// ClaimsBy returns the claims an actor made (as their claimant), across
// timelines, in date order, with their stance counts and entries.
func (s *Store) ClaimsBy(ctx context.Context, actorID int64) ([]claimline.Claim, error) {
	var out []claimline.Claim
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE c.claimant_id = ? ORDER BY e.date, t.title, c.text, c.id`, actorID)
		return err
	})
	return out, err
}
