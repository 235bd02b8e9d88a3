package store

import (
	"context"
	"database/sql"

	"claimline/internal/claimline"
)

// stateColumns select a timeline t's TimelineState: its id, its page's
// counter (the version column) and the name lists' counter.
const stateColumns = `t.id, t.version, (SELECT version FROM name_lists)`

// TimelineState returns the state of the page of the timeline with
// that slug (one indexed lookup), or ENOTFOUND.
func (s *Store) TimelineState(ctx context.Context, slug string) (claimline.TimelineState, error) {
	var v claimline.TimelineState
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT `+stateColumns+` FROM timelines t WHERE t.slug = ?`, slug).
			Scan(&v.TimelineID, &v.Content, &v.Names)
		return notFound(err, "Timeline")
	})
	return v, err
}

// TimelinePage returns, from one snapshot, the timeline with that slug, its
// version, the page of its entries that f selects (with their claims) and
// every actor and tag name: three statements, whatever the timeline's
// size. ENOTFOUND if there is no such timeline.
func (s *Store) TimelinePage(ctx context.Context, slug string, f claimline.EntryFilter) (*claimline.TimelinePage, error) {
	var p claimline.TimelinePage
	err := s.read(ctx, func(tx *sql.Tx) error {
		var actors, tags string
		var changed bool // some quote of the timeline is no longer in its source as quoted
		t, err := scanTimeline(scanMore{tx.QueryRowContext(ctx, `SELECT `+timelineColumns+`, `+stateColumns+`,
			coalesce((SELECT group_concat(name, char(30) ORDER BY name COLLATE NOCASE) FROM actors), ''),
			coalesce((SELECT group_concat(name, char(30) ORDER BY name COLLATE NOCASE) FROM tags), ''),
			`+evidenceChangedSQL+`
			FROM timelines t WHERE t.slug = ?`, slug), []any{&p.State.TimelineID, &p.State.Content, &p.State.Names, &actors, &tags, &changed}})
		if err != nil {
			return notFound(err, "Timeline")
		}
		p.Timeline, p.Actors, p.Tags = *t, splitNames(actors), splitNames(tags)
		if p.Entries, err = entryPage(ctx, tx, s.pg, t.ID, f); err != nil || !changed {
			return err
		}
		p.EvidenceChanges, err = evidenceChanges(ctx, tx, t.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// scanMore scans a row into a scanner's destinations and then into more.
type scanMore struct {
	row  *sql.Row
	more []any
}

func (r scanMore) Scan(dest ...any) error { return r.row.Scan(append(dest, r.more...)...) }
