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
}

// FilterForm holds a timeline page's filters as typed; its query string is
// the shareable URL of the filtered view.
type FilterForm struct {
	Kind, Actor, Tag, Q, From, To string
}

// Values returns the non-empty filters as URL query values.
func (f FilterForm) Values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"kind": f.Kind, "actor": f.Actor, "tag": f.Tag, "q": f.Q, "from": f.From, "to": f.To} {
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
	Actors, Tags []string // choices for the filter
	More         bool     // entries follow this page
	Paged        bool     // this is not the first page
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

// FilterLink returns the timeline URL filtered by one more key.
func (v TimelineView) FilterLink(key, value string) string {
	q := v.Filter.Values()
	q.Set(key, value)
	return "/timelines/" + url.PathEscape(v.Timeline.Slug) + "?" + q.Encode()
}
