package store

import (
	"context"
	"database/sql"
	"fmt"

	"claimline/internal/claimline"
)

// Actors returns every actor with the number of entries naming it, by name.
func (s *Store) Actors(ctx context.Context) ([]claimline.Actor, error) {
	var out []claimline.Actor
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT a.id, a.name, (SELECT count(*) FROM entry_actors ea WHERE ea.actor_id = a.id)
			FROM actors a ORDER BY a.name COLLATE NOCASE`, nil,
			func(rows *sql.Rows, a *claimline.Actor) error { return rows.Scan(&a.ID, &a.Name, &a.EntryCount) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	return out, nil
}

// Actor returns the actor with that id and every entry naming it, across
// timelines, in chronological order; ENOTFOUND if there is no such actor.
func (s *Store) Actor(ctx context.Context, id int64) (*claimline.Actor, []claimline.Entry, error) {
	var a claimline.Actor
	var entries []claimline.Entry
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, name FROM actors WHERE id = ?`, id).Scan(&a.ID, &a.Name)
		if err != nil {
			return notFound(err, "Actor")
		}
		entries, err = loadEntries(ctx, tx, `SELECT `+entryColumns+`
			WHERE e.id IN (SELECT entry_id FROM entry_actors WHERE actor_id = ?) ORDER BY e.date, e.id`, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	a.EntryCount = len(entries)
	return &a, entries, nil
}

// Names returns every actor name and every tag name, for suggestions.
func (s *Store) Names(ctx context.Context) (actors, tags []string, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if actors, err = collect(ctx, tx, `SELECT name FROM actors ORDER BY name COLLATE NOCASE`, nil, scalar[string]); err != nil {
			return err
		}
		tags, err = collect(ctx, tx, `SELECT name FROM tags ORDER BY name COLLATE NOCASE`, nil, scalar[string])
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("names: %w", err)
	}
	return actors, tags, nil
}
