package views

import (
	"net/url"

	"claimline/internal/claimline"
)

// TimelineForm is the create/edit timeline form's state.
type TimelineForm struct {
	Timeline *claimline.Timeline // nil when creating
	Input    claimline.TimelineInput
	Errors   Errors
	Edit     EditState
}

// FilterForm holds a timeline page's filters as typed; its query string is
// the shareable URL of the filtered view.
type FilterForm struct {
	Kind, Actor, Tag, Status, Q, From, To string
}

// Values returns the non-empty filters as URL query values.
func (f FilterForm) Values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"kind": f.Kind, "actor": f.Actor, "tag": f.Tag, "status": f.Status, "q": f.Q, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// Active reports whether any filter is set.
func (f FilterForm) Active() bool { return len(f.Values()) > 0 }

// TimelineView is everything the timeline page shows.
type TimelineView struct {
	Timeline     claimline.Timeline
	Entries      []claimline.Entry
	Overview     *Overview
	Filter       FilterForm
	FilterErrors Errors
	Actors, Tags []string // suggestions for the filter
	More         bool     // entries follow this page
	Paged        bool     // this is not the first page
	// EvidenceChanges are the timeline's quotes no longer in their sources
	// as quoted.
	EvidenceChanges []claimline.EvidenceChange

	kindBase, tagBase string // filter URLs lacking kind, tag; see Prepare
}

// Prepare precomputes what every entry's links share; call it once before
// rendering.
func (v *TimelineView) Prepare() {
	base := "/timelines/" + url.PathEscape(v.Timeline.Slug) + "?"
	for key, dst := range map[string]*string{"kind": &v.kindBase, "tag": &v.tagBase} {
		q := v.Filter.Values()
		q.Del(key)
		*dst = base
		if enc := q.Encode(); enc != "" {
			*dst += enc + "&"
		}
		*dst += key + "="
	}
}

// CountText says how many entries the page shows: "8 entries", or with
// filters "2 of 8 entries" (or "500+ of 9,000 entries" when the matches go
// on to later pages).
func (v TimelineView) CountText() string {
	total := v.Timeline.EntryCount
	if !v.Filter.Active() && !v.Paged && !v.More {
		return Plural(total, "entry", "entries")
	}
	n := ID(int64(len(v.Entries)))
	if v.More {
		n += "+"
	}
	if v.Paged {
		return n + " more of " + Plural(total, "entry", "entries")
	}
	return n + " of " + Plural(total, "entry", "entries")
}

// Groups returns the page's entries grouped by year and month.
func (v TimelineView) Groups() []YearGroup { return GroupEntries(v.Entries) }

// NextURL returns the link to the page after this one, filters kept.
func (v TimelineView) NextURL() string {
	q := v.Filter.Values()
	q.Set("after", ID(v.Entries[len(v.Entries)-1].ID))
	return "/timelines/" + url.PathEscape(v.Timeline.Slug) + "?" + q.Encode()
}

// FirstURL returns the link to the first page, filters kept.
func (v TimelineView) FirstURL() string {
	u := "/timelines/" + url.PathEscape(v.Timeline.Slug)
	if q := v.Filter.Values().Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// ExportURL returns the URL of an export of this timeline with the page's
// filters.
func (v TimelineView) ExportURL(name string) string {
	u := "/timelines/" + url.PathEscape(v.Timeline.Slug) + "/" + name
	if q := v.Filter.Values().Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// PeriodLink returns the current view narrowed to a period: from and to
// are ISO dates at any precision, as the date filter takes them.
func (v TimelineView) PeriodLink(from, to string) string {
	q := v.Filter.Values()
	q.Set("from", from)
	q.Set("to", to)
	return "/timelines/" + url.PathEscape(v.Timeline.Slug) + "?" + q.Encode()
}

// KindLink returns the current view narrowed to one kind.
func (v TimelineView) KindLink(k claimline.Kind) string {
	return v.kindBase + url.QueryEscape(string(k))
}

// TagLink returns the current view narrowed to one tag.
func (v TimelineView) TagLink(tag string) string { return v.tagBase + url.QueryEscape(tag) }
