package api

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
)

// ListTimelines pages through every timeline by id.
func (a *API) ListTimelines(c echo.Context, params ListTimelinesParams) error {
	after, err := cursor(params.After)
	if err != nil {
		return err
	}
	all, err := a.timelines.List(c.Request().Context())
	if err != nil {
		return err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	limit := pageLimit(params.Limit)
	out := TimelineList{Items: []Timeline{}}
	for _, t := range all {
		if t.ID <= after {
			continue
		}
		if len(out.Items) == limit {
			out.Next = next(true, out.Items[len(out.Items)-1].Id)
			break
		}
		out.Items = append(out.Items, timelineOut(t))
	}
	return c.JSON(http.StatusOK, out)
}

// CreateTimeline creates a timeline, its slug made from its title unless
// given.
func (a *API) CreateTimeline(c echo.Context) error {
	var in TimelineCreate
	if err := decode(c, &in); err != nil {
		return err
	}
	tin := claimline.TimelineInput{Title: in.Title, Slug: str(in.Slug), Description: str(in.Description)}
	t, err := a.timelines.Create(c.Request().Context(), tin)
	if err != nil {
		return err
	}
	// Read back: the answer has the counts and the stamp a list shows.
	if t, err = a.timelines.BySlug(c.Request().Context(), t.Slug); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, timelineOut(*t))
}

// GetTimeline returns one timeline.
func (a *API) GetTimeline(c echo.Context, slug string) error {
	t, err := a.timelines.BySlug(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, timelineOut(*t))
}

// ListEntries pages through a timeline's entries in date order, with the
// timeline page's filters.
func (a *API) ListEntries(c echo.Context, slug string, params ListEntriesParams) error {
	ctx := c.Request().Context()
	t, err := a.timelines.Ref(ctx, slug)
	if err != nil {
		return err
	}
	f, err := entryFilter(params, t.ID)
	if err != nil {
		return err
	}
	page, err := a.timelines.Entries(ctx, t.ID, f)
	if err != nil {
		return err
	}
	out := EntryList{Items: make([]Entry, len(page.Entries))}
	for i, e := range page.Entries {
		e.TimelineSlug = t.Slug
		out.Items[i] = entryOut(e)
	}
	if n := len(page.Entries); n > 0 && page.More {
		out.Next = entryCursor(t.ID, page.Entries[n-1])
	}
	return c.JSON(http.StatusOK, out)
}

// entryCursor is the next of a page of a timeline's entries that ends on
// e: the timeline, and e's place in the date order (its date and id), so
// that the next page starts there even when e is moved or deleted
// meanwhile. Opaque to clients.
func entryCursor(timelineID int64, e claimline.Entry) *string {
	s := base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d|%s|%d", timelineID, e.Date.ISO(), e.ID))
	return &s
}

// parseEntryCursor reads an entryCursor of the timeline timelineID into
// f. A bare entry id, the cursor of earlier versions, is still read.
func parseEntryCursor(after *string, timelineID int64, f *claimline.EntryFilter) error {
	if after == nil || *after == "" {
		return nil
	}
	if id, err := cursor(after); err == nil {
		f.After = id
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*after)
	parts := strings.Split(string(b), "|")
	if err != nil || len(parts) != 3 {
		return invalid("after", "This is not a cursor from the page before: pass its next unchanged.")
	}
	tl, err1 := strconv.ParseInt(parts[0], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if _, _, err3 := claimline.ParseDate(parts[1]); err1 != nil || err2 != nil || err3 != nil || id <= 0 {
		return invalid("after", "This is not a cursor from the page before: pass its next unchanged.")
	}
	if tl != timelineID {
		return invalid("after", "This cursor is from another timeline's list: pass the next of this list's page before.")
	}
	f.After, f.AfterDate = id, parts[1]
	return nil
}

// entryFilter reads the list's filters as the timeline page does; a bad
// date is a 422 on its parameter.
func entryFilter(params ListEntriesParams, timelineID int64) (claimline.EntryFilter, error) {
	f := claimline.EntryFilter{Actor: str(params.Actor), Tag: str(params.Tag), Text: str(params.Q), Limit: pageLimit(params.Limit)}
	if err := parseEntryCursor(params.After, timelineID, &f); err != nil {
		return claimline.EntryFilter{}, err
	}
	if params.Kind != nil {
		f.Kind = claimline.Kind(*params.Kind)
	}
	if params.Status != nil {
		f.Status = claimline.Status(*params.Status)
	}
	p := claimline.Problems{}
	for _, d := range []struct {
		field string
		raw   *string
		dst   *claimline.Date
	}{{"from", params.From, &f.From}, {"to", params.To, &f.To}} {
		if str(d.raw) == "" {
			continue
		}
		var err error
		if *d.dst, _, err = claimline.ParseDate(*d.raw); err != nil {
			p.Add(d.field, claimline.ErrorMessage(err))
		}
	}
	return f, p.Err()
}

// CreateEntry adds an entry to a timeline.
func (a *API) CreateEntry(c echo.Context, slug string) error {
	var in EntryCreate
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := a.timelines.Ref(ctx, slug)
	if err != nil {
		return err
	}
	e, err := a.timelines.CreateEntry(ctx, t.ID, claimline.EntryInput{Date: in.Date, EndDate: str(in.EndDate),
		Approximate: in.Approximate != nil && *in.Approximate, Kind: in.Kind, Title: in.Title,
		Description: str(in.Description), Actors: list(in.Actors), Tags: list(in.Tags)})
	if err != nil {
		return err
	}
	// A new entry has no citations or claims yet: the answer is what was
	// saved, without reading it back.
	e.TimelineSlug = t.Slug
	out := entryOut(*e)
	out.Citations, out.Claims = &[]Citation{}, &[]Claim{}
	return c.JSON(http.StatusCreated, out)
}

func list(p *[]string) []string {
	if p == nil {
		return nil
	}
	return *p
}

// GetEntry returns an entry with its citations and claims.
func (a *API) GetEntry(c echo.Context, id int64) error {
	return a.writeEntry(c, http.StatusOK, id)
}

// writeEntry answers with the entry as stored now, its citations and
// claims with every stance.
func (a *API) writeEntry(c echo.Context, status int, id int64) error {
	ctx := c.Request().Context()
	e, err := a.timelines.Entry(ctx, id)
	if err != nil {
		return err
	}
	cits, claims, err := a.claims.OfEntry(ctx, id)
	if err != nil {
		return err
	}
	e.Claims = claims
	out := entryOut(*e)
	citations := make([]Citation, len(cits))
	for i, ct := range cits {
		citations[i] = citationOut(ct)
	}
	out.Citations = &citations
	if out.Claims == nil {
		out.Claims = &[]Claim{}
	}
	return c.JSON(status, out)
}

// UpdateEntry changes the fields given of an entry read at revision; a
// stale revision is 409 with the entry as it is now.
func (a *API) UpdateEntry(c echo.Context, id int64) error {
	var in EntryPatch
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	e, err := a.timelines.Entry(ctx, id)
	if err != nil {
		return err
	}
	ein := e.Input()
	patch(&ein.Date, in.Date)
	patch(&ein.EndDate, in.EndDate)
	patch(&ein.Approximate, in.Approximate)
	patch(&ein.Kind, in.Kind)
	patch(&ein.Title, in.Title)
	patch(&ein.Description, in.Description)
	patch(&ein.Actors, in.Actors)
	patch(&ein.Tags, in.Tags)
	if in.Date != nil && in.Approximate == nil {
		ein.Approximate = false // a new date says itself whether it is approximate ("c. 2023")
	}
	_, err = a.timelines.UpdateEntry(ctx, id, in.Revision, ein)
	var cf *claimline.Conflict
	if cf = claimline.ConflictOf(err); cf != nil {
		cur, ok := cf.Current.(*claimline.Entry)
		if !ok {
			return err
		}
		body := EntryConflict{Status: http.StatusConflict, Title: http.StatusText(http.StatusConflict),
			Detail: ptr(claimline.ErrorMessage(err)), Current: entryOut(*cur)}
		return writeJSON(c, http.StatusConflict, "application/problem+json", body)
	} else if err != nil {
		return err
	}
	return a.writeEntry(c, http.StatusOK, id)
}

// patch sets *dst to *v when the request gave v.
func patch[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// DeleteEntry deletes an entry (read at revision, when given).
func (a *API) DeleteEntry(c echo.Context, id int64, params DeleteEntryParams) error {
	var rev int64
	if params.Revision != nil {
		rev = *params.Revision
	}
	if err := a.timelines.DeleteEntry(c.Request().Context(), id, rev); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// CreateCitation rests an entry on a source, with an optional passage that
// must occur in it.
func (a *API) CreateCitation(c echo.Context, id int64) error {
	var in CitationCreate
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := a.timelines.Entry(ctx, id); err != nil {
		return err
	}
	cit, err := a.claims.Cite(ctx, id, in.SourceId, str(in.Quote))
	if err != nil {
		return renamed(err, "source", "source_id")
	}
	cits, _, err := a.claims.OfEntry(ctx, id)
	if err != nil {
		return err
	}
	for _, ct := range cits {
		if ct.ID == cit.ID {
			return c.JSON(http.StatusCreated, citationOut(ct))
		}
	}
	return errors.New("the new citation is not among its entry's")
}
