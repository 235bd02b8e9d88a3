package app

import (
	"cmp"
	"context"
	"strconv"
	"strings"

	"claimline/internal/claimline"
	"claimline/internal/search"
	"claimline/internal/slug"
)

// Timelines is the use cases of timelines, their entries and the actors in
// them. Missing things are ENOTFOUND, bad input EINVALID naming each field,
// a stale revision a *claimline.Conflict.
type Timelines struct{ st timelineStore }

// List returns every timeline, most recently changed first.
func (t *Timelines) List(ctx context.Context) ([]claimline.Timeline, error) {
	return t.st.Timelines(ctx)
}

// BySlug returns the timeline at that address, with its entry count and
// last change.
func (t *Timelines) BySlug(ctx context.Context, slug string) (*claimline.Timeline, error) {
	return t.st.TimelineBySlug(ctx, slug)
}

// Ref returns the timeline at that address without its entry count or
// last change: what a write needs to know of it, at the same cost however
// many entries it has.
func (t *Timelines) Ref(ctx context.Context, slug string) (*claimline.Timeline, error) {
	return t.st.TimelineRef(ctx, slug)
}

// Page returns what the timeline's page shows, read in one snapshot.
func (t *Timelines) Page(ctx context.Context, slug string, f claimline.EntryFilter) (*claimline.TimelinePage, error) {
	return t.st.TimelinePage(ctx, slug, f)
}

// PageState returns the state of the timeline's page, which changes with
// anything the page shows.
func (t *Timelines) PageState(ctx context.Context, slug string) (claimline.TimelineState, error) {
	return t.st.TimelineState(ctx, slug)
}

// Create creates a timeline; a slug in use is an EINVALID error on "slug".
func (t *Timelines) Create(ctx context.Context, in claimline.TimelineInput) (*claimline.Timeline, error) {
	if strings.TrimSpace(in.Slug) != "" || strings.TrimSpace(in.Title) == "" {
		return t.st.CreateTimeline(ctx, in)
	}
	// A slug made here may be taken between the look and the write by a
	// timeline of the same title created at once: look again.
	for try := 0; ; try++ {
		var err error
		if in.Slug, err = t.freeSlug(ctx, in.Title); err != nil {
			return nil, err
		}
		tl, err := t.st.CreateTimeline(ctx, in)
		if claimline.FieldErrors(err)["slug"] == "" || try == 9 {
			return tl, err
		}
	}
}

// freeSlug makes a slug from a title that no timeline has: slug.Make's,
// or "timeline" for a title in a script it leaves out, then -2, -3… when
// another timeline has it (two stories may well have one title).
func (t *Timelines) freeSlug(ctx context.Context, title string) (string, error) {
	base := slug.Make(title)
	if base == "" {
		base = "timeline"
	}
	for n := 1; ; n++ {
		cand := base
		if n > 1 {
			suffix := "-" + strconv.Itoa(n)
			cand = strings.TrimRight(base[:min(len(base), slug.MaxLen-len(suffix))], "-") + suffix
		}
		_, err := t.st.TimelineBySlug(ctx, cand)
		if claimline.ErrorCode(err) == claimline.ENOTFOUND {
			return cand, nil
		} else if err != nil {
			return "", err
		}
	}
}

// Update changes a timeline read at revision rev.
func (t *Timelines) Update(ctx context.Context, id, rev int64, in claimline.TimelineInput) (*claimline.Timeline, error) {
	return t.st.UpdateTimeline(ctx, id, rev, in)
}

// Delete deletes a timeline read at revision rev, with its entries.
func (t *Timelines) Delete(ctx context.Context, id, rev int64) error {
	return t.st.DeleteTimeline(ctx, id, rev)
}

// LastWorkedOn returns the slug of the timeline whose entries the user
// changed last, or "" when they have changed none.
func (t *Timelines) LastWorkedOn(ctx context.Context, username string) (string, error) {
	return t.st.LastTimeline(ctx, username)
}

// Entry returns one entry with its actors and tags.
func (t *Timelines) Entry(ctx context.Context, id int64) (*claimline.Entry, error) {
	return t.st.Entry(ctx, id)
}

// Entries returns one page of a timeline's entries in chronological
// order, filtered by f (f.Limit defaults to 200).
func (t *Timelines) Entries(ctx context.Context, timelineID int64, f claimline.EntryFilter) (claimline.EntryPage, error) {
	f, err := withActorNamed(ctx, t.st, f)
	if err != nil {
		return claimline.EntryPage{}, err
	}
	return t.st.Entries(ctx, timelineID, f)
}

// namer knows the actors' names.
type namer interface {
	Names(ctx context.Context) (actors, tags []string, err error)
}

// withActorNamed returns f with its actor as the known actor it stands
// for: the name itself when an actor has it (in any case), else the one it
// names without diacritics, as search would find it ("Dragos Tudorache"
// for "Dragoș Tudorache", as reports often write it), else unchanged.
func withActorNamed(ctx context.Context, st namer, f claimline.EntryFilter) (claimline.EntryFilter, error) {
	if f.Actor == "" {
		return f, nil
	}
	actors, _, err := st.Names(ctx)
	if err != nil {
		return f, err
	}
	folded := ""
	for _, a := range actors {
		if strings.EqualFold(a, f.Actor) {
			return f, nil
		}
		if folded == "" && search.Fold(a) == search.Fold(f.Actor) {
			folded = a
		}
	}
	f.Actor = cmp.Or(folded, f.Actor)
	return f, nil
}

// CreateEntry adds an entry to a timeline.
func (t *Timelines) CreateEntry(ctx context.Context, timelineID int64, in claimline.EntryInput) (*claimline.Entry, error) {
	return t.st.CreateEntry(ctx, timelineID, in)
}

// CreateEntryFromPassage adds an entry that cites a passage of a source,
// with, optionally, a claim that the source takes a stance on ("" for
// none): all of it or nothing. A passage not in the source is an EINVALID
// error on "quote".
func (t *Timelines) CreateEntryFromPassage(ctx context.Context, timelineID int64, in claimline.EntryInput, sourceID int64, quote string,
	claim *claimline.ClaimInput, stance string) (*claimline.Entry, error) {
	return t.st.CreateEntryWithCitation(ctx, timelineID, in, sourceID, quote, claim, stance)
}

// UpdateEntry changes an entry read at revision rev.
func (t *Timelines) UpdateEntry(ctx context.Context, id, rev int64, in claimline.EntryInput) (*claimline.Entry, error) {
	return t.st.UpdateEntry(ctx, id, rev, in)
}

// DeleteEntry deletes an entry read at revision rev, with its claims.
func (t *Timelines) DeleteEntry(ctx context.Context, id, rev int64) error {
	return t.st.DeleteEntry(ctx, id, rev)
}

// Actors returns every actor with the number of entries naming it, by
// name.
func (t *Timelines) Actors(ctx context.Context) ([]claimline.Actor, error) {
	return t.st.Actors(ctx)
}

// Actor returns an actor and every entry naming it, across timelines, in
// chronological order.
func (t *Timelines) Actor(ctx context.Context, id int64) (*claimline.Actor, []claimline.Entry, error) {
	return t.st.Actor(ctx, id)
}

// Names returns every actor name and every tag, for forms' suggestions.
func (t *Timelines) Names(ctx context.Context) (actors, tags []string, err error) {
	return t.st.Names(ctx)
}
