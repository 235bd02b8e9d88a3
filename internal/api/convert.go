package api

import (
	"encoding/json"
	"io"
	"strconv"

	"claimline/internal/claimline"
)

// jsonEncode writes v as JSON, without HTML escaping: the API's answers are
// data, not markup, and quotes keep their < and &.
func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func timelineOut(t claimline.Timeline) Timeline {
	return Timeline{Id: t.ID, Slug: t.Slug, Title: t.Title, Description: t.Description, EntryCount: t.EntryCount,
		Revision: t.Revision, UpdatedAt: t.Changed.At, UpdatedBy: t.Changed.Username}
}

func entryOut(e claimline.Entry) Entry {
	out := Entry{Id: e.ID, Timeline: e.TimelineSlug, Date: e.Date.ISO(), EndDate: ptr(e.EndDate.ISO()),
		Approximate: e.Approximate, Kind: Kind(e.Kind), Title: e.Title, Description: e.Description,
		Actors: e.ActorNames(), Tags: e.Tags, Sources: e.Sources, Revision: e.Revision,
		CreatedAt: e.Created.At, CreatedBy: e.Created.Username, UpdatedAt: e.Updated.At, UpdatedBy: e.Updated.Username}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if len(e.Claims) > 0 {
		claims := make([]Claim, len(e.Claims))
		for i, c := range e.Claims {
			claims[i] = claimOut(c)
		}
		out.Claims = &claims
	}
	return out
}

func citationOut(c claimline.Citation) Citation {
	start, end := span(c.Span)
	return Citation{Id: c.ID, EntryId: c.EntryID, SourceId: c.SourceID, SourceTitle: c.SourceLabel, Quote: c.Quote,
		Start: start, End: end, QuoteState: quoteState(c.Check)}
}

// span is a quote's place, or none for a citation without a quote.
func span(s claimline.Span) (*int, *int) {
	if s.End <= s.Start {
		return nil, nil
	}
	return &s.Start, &s.End
}

func quoteState(q claimline.QuoteCheck) QuoteState {
	switch q.State {
	case claimline.QuoteChanged:
		return QuoteStateChanged
	case claimline.QuoteRemoved:
		return QuoteStateRemoved
	}
	return QuoteStateCurrent
}

func claimOut(c claimline.Claim) Claim {
	out := Claim{Id: c.ID, EntryId: c.EntryID, Text: c.Text, Claimant: c.Claimant.Name, Status: Status(c.Status()),
		StatusText: c.StatusText(), Revision: c.Revision,
		Counts: ClaimCounts{Supports: c.Supports, Disputes: c.Disputes, Mentions: c.Mentions, Independent: c.SupportGroups}}
	if c.Evidence != nil {
		stances := make([]Stance, len(c.Evidence))
		for i, a := range c.Evidence {
			start, end := span(a.Span)
			stances[i] = Stance{SourceId: a.SourceID, SourceTitle: a.Source.Label(), Stance: StanceName(a.Stance), Quote: a.Quote,
				Note: a.Note, Start: start, End: end, QuoteState: quoteState(a.Check)}
		}
		out.Stances = &stances
	}
	return out
}

func sourceOut(s claimline.Source) Source {
	return Source{Id: s.ID, Title: s.Title, Outlet: s.Outlet, Author: s.Author, Url: s.URL, Published: s.Published.ISO(),
		RetrievedAt: s.Retrieved, Sha256: s.SHA256, Grade: string(s.Grade), Notes: s.Notes, Version: s.Version, Revision: s.Revision}
}

func versionOut(v claimline.Version) Version {
	kind := v.Kind
	if kind == "" {
		kind = "first"
	}
	return Version{SourceId: v.SourceID, Number: v.Number, Sha256: v.SHA256, RetrievedAt: v.Retrieved, Kind: kind, Note: ptr(v.Note)}
}

// next is a page's cursor: the last item's key when more follow.
func next(more bool, key int64) *string {
	if !more {
		return nil
	}
	s := strconv.FormatInt(key, 10)
	return &s
}

// cursor reads an `after` cursor made by next; "" is the first page. One
// that is not a cursor is a 422 on "after".
func cursor(after *string) (int64, error) {
	if after == nil || *after == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(*after, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalid("after", "This is not a cursor from the page before: pass its next unchanged.")
	}
	return n, nil
}

// pageLimit is a page's size: 100 unless given (the contract bounds it to
// 1..500).
func pageLimit(limit *int) int {
	if limit == nil {
		return 100
	}
	return *limit
}
