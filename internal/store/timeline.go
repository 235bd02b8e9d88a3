package store

import (
	"context"
	"database/sql"
	"fmt"

	"claimline/internal/claimline"
)

type timelineSnapshot struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

func snapTimeline(in claimline.TimelineInput) timelineSnapshot {
	return timelineSnapshot{Slug: in.Slug, Title: in.Title, Description: in.Description}
}

// timelineColumns selects a timeline with its entry count (kept by triggers,
// see db/migrations/0004: counting grew with the timeline) and its last
// change (of the timeline itself or any of its entries).
const timelineColumns = `t.id, t.slug, t.title, t.description, t.entry_count,
	coalesce((SELECT h.at FROM history h WHERE h.timeline_id = t.id ORDER BY h.id DESC LIMIT 1), t.updated_at),
	coalesce((SELECT h.username FROM history h WHERE h.timeline_id = t.id ORDER BY h.id DESC LIMIT 1), t.updated_by), t.revision`

func scanTimeline(row interface{ Scan(...any) error }) (*claimline.Timeline, error) {
	var t claimline.Timeline
	var at string
	if err := row.Scan(&t.ID, &t.Slug, &t.Title, &t.Description, &t.EntryCount, &at, &t.Changed.Username, &t.Revision); err != nil {
		return nil, err
	}
	t.Changed.At = parseTime(at)
	return &t, nil
}

// Timelines returns every timeline, most recently changed first.
func (s *Store) Timelines(ctx context.Context) ([]claimline.Timeline, error) {
	var out []claimline.Timeline
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT `+timelineColumns+` FROM timelines t ORDER BY 6 DESC, t.id DESC`, nil, viaNew(scanTimeline))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("timelines: %w", err)
	}
	return out, nil
}

// TimelineBySlug returns the timeline with that slug, or ENOTFOUND.
func (s *Store) TimelineBySlug(ctx context.Context, slug string) (*claimline.Timeline, error) {
	var t *claimline.Timeline
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanTimeline(tx.QueryRowContext(ctx, `SELECT `+timelineColumns+` FROM timelines t WHERE t.slug = ?`, slug))
		return notFound(err, "Timeline")
	})
	return t, err
}

// TimelineRef returns the timeline with that slug without its entry count
// or last change: what a write needs to know of it, at the same cost
// however many entries it has. ENOTFOUND if there is none.
func (s *Store) TimelineRef(ctx context.Context, slug string) (*claimline.Timeline, error) {
	var t claimline.Timeline
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, slug, title, description, revision FROM timelines WHERE slug = ?`, slug).
			Scan(&t.ID, &t.Slug, &t.Title, &t.Description, &t.Revision)
		return notFound(err, "Timeline")
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateTimeline validates in and saves a new timeline. A slug already in use
// is an EINVALID error on the "slug" field.
func (s *Store) CreateTimeline(ctx context.Context, in claimline.TimelineInput) (*claimline.Timeline, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(tx *Tx) error {
		_, err := createTimeline(ctx, tx, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.TimelineBySlug(ctx, in.Slug)
}

// createTimeline inserts a validated timeline and records it.
func createTimeline(ctx context.Context, tx *Tx, in claimline.TimelineInput) (int64, error) {
	var id int64
	now, who := tx.now, tx.user
	err := tx.QueryRowContext(ctx, `INSERT INTO timelines (slug, title, description, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Slug, in.Title, in.Description, now, who, now, who).Scan(&id)
	if err != nil {
		return 0, slugTaken(err, in.Slug)
	}
	return id, record(ctx, tx, claimline.Change{ObjectType: "timeline", ObjectID: id, TimelineID: id,
		Action: claimline.ActionCreate, Label: in.Title}, nil, snapTimeline(in))
}

func slugTaken(err error, slug string) error {
	if isUnique(err) {
		return &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"slug": "The address “" + slug + "” is already used by another timeline; choose another."}}
	}
	return fmt.Errorf("save timeline: %w", err)
}

// UpdateTimeline changes the timeline with the given id if it is still at
// revision rev (0: unchecked); otherwise it returns an ECONFLICT error
// carrying the timeline as it is now.
func (s *Store) UpdateTimeline(ctx context.Context, id, rev int64, in claimline.TimelineInput) (*claimline.Timeline, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(tx *Tx) error {
		before, err := timelineByID(ctx, tx, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE timelines SET slug = ?, title = ?, description = ?, updated_at = ?, updated_by = ?,
			revision = revision + 1 WHERE id = ? AND `+revisionMatch, append([]any{in.Slug, in.Title, in.Description, tx.now, tx.user, id}, revArgs(rev)...)...)
		if err != nil {
			return slugTaken(err, in.Slug)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return timelineConflict(ctx, tx, id)
		}
		return record(ctx, tx, claimline.Change{ObjectType: "timeline", ObjectID: id, TimelineID: id,
			Action: claimline.ActionUpdate, Label: in.Title}, before, snapTimeline(in))
	})
	if err != nil {
		return nil, err
	}
	return s.TimelineBySlug(ctx, in.Slug)
}

func timelineByID(ctx context.Context, tx querier, id int64) (timelineSnapshot, error) {
	var t timelineSnapshot
	err := tx.QueryRowContext(ctx, `SELECT slug, title, description FROM timelines WHERE id = ?`, id).Scan(&t.Slug, &t.Title, &t.Description)
	return t, notFound(err, "Timeline")
}

// timelineConflict returns the ECONFLICT error carrying the timeline as it
// is in tx.
func timelineConflict(ctx context.Context, tx *Tx, id int64) error {
	t, err := scanTimeline(tx.QueryRowContext(ctx, `SELECT `+timelineColumns+` FROM timelines t WHERE t.id = ?`, id))
	if err != nil {
		return notFound(err, "Timeline")
	}
	return conflict(ctx, tx, "timeline", "timeline", id, t.Revision, t)
}

// DeleteTimeline deletes a timeline with all its entries and their claims,
// recording each in history so that it can still be found there. If the
// timeline is no longer at revision rev (0: unchecked), it deletes nothing
// and returns the conflict.
func (s *Store) DeleteTimeline(ctx context.Context, id, rev int64) error {
	return s.write(ctx, func(tx *Tx) error {
		before, err := timelineByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var now int64
		if err := tx.QueryRowContext(ctx, `SELECT revision FROM timelines WHERE id = ?`, id).Scan(&now); err != nil {
			return err
		}
		if rev != 0 && rev != now {
			return timelineConflict(ctx, tx, id)
		}
		if err := recordClaimsDeleted(ctx, tx, `c.entry_id IN (SELECT id FROM entries WHERE timeline_id = ?)`, id); err != nil {
			return err
		}
		entries, err := loadEntries(ctx, tx, `SELECT `+entryColumns+` WHERE e.timeline_id = ?`, id)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := record(ctx, tx, claimline.Change{ObjectType: "entry", ObjectID: e.ID, TimelineID: id,
				Action: claimline.ActionDelete, Label: e.Title}, snapshotOf(e), nil); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM timelines WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete timeline: %w", err)
		}
		return record(ctx, tx, claimline.Change{ObjectType: "timeline", ObjectID: id, TimelineID: id,
			Action: claimline.ActionDelete, Label: before.Title}, before, nil)
	})
}
