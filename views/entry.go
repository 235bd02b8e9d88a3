package views

import (
	"maps"

	"claimline/internal/claimline"
)

// EntryForm is the create/edit entry form's state.
type EntryForm struct {
	Timeline   claimline.Timeline
	Entry      *claimline.Entry // nil when creating
	Input      claimline.EntryInput
	Errors     Errors
	Edit       EditState // editing only
	ActorNames []string  // suggestions
	TagNames   []string
	// DateNote: the page explains the drafted date in #date-source, which
	// the date field then points to.
	DateNote bool
}

// DateHints are the ids of the texts describing the date field.
func (f EntryForm) DateHints() []string {
	if f.DateNote {
		return []string{"date-hint", "date-source"}
	}
	return []string{"date-hint"}
}

// Slots returns the values for a repeated input: those typed, then empty
// inputs so that at least two more can be added without JavaScript.
func Slots(values []string) []string {
	out := append([]string{}, values...)
	for len(out) < len(values)+2 || len(out) < 3 {
		out = append(out, "")
	}
	return out
}

// ActorView is an actor's page: the entries naming them and the claims
// they made.
type ActorView struct {
	Actor   claimline.Actor
	Entries []claimline.Entry
	Claims  []claimline.Claim
}

// HistoryView is a list of changes with a heading.
type HistoryView struct {
	Heading string
	Back    string // link back to the object, if it still exists
	Changes []claimline.Change
	// Links says whether to link each change to its object.
	Links bool
	// Nav shows the switch between all changes and deleted things, and the
	// filters of the global history.
	Nav bool
	// Names says what claims and entries that records name by id are
	// called: "claim:4" → the claim's text, "entry:2" → the entry's title.
	Names map[string]string
	// Filter is the global history's filter, as typed; Timelines, Users
	// and Types its choices.
	Filter    HistoryFilter
	Timelines []claimline.Timeline
	Users     []string
	Types     []string
}

// Embedded is the history shown on an object's own page, which names that
// object and what names holds (the claims and entries its changes name).
func Embedded(changes []claimline.Change, names map[string]string, objectType string, id int64, name string) HistoryView {
	all := maps.Clone(names)
	if all == nil {
		all = map[string]string{}
	}
	all[objectType+":"+ID(id)] = name
	return HistoryView{Changes: changes, Names: all}
}

// HistoryFilter is the global history's filter form.
type HistoryFilter struct {
	Timeline, User, Type, Action string
}

// Active reports whether any filter is set.
func (f HistoryFilter) Active() bool { return f.Timeline != "" || f.User != "" || f.Type != "" }

// DayGroup is the changes of one day, newest first.
type DayGroup struct {
	Label   string // "Monday 2 September 2024"
	ID      string // "d2024-09-02"
	Changes []claimline.Change
}

// Days groups the changes, newest first already, by their day (UTC).
func (v HistoryView) Days() []DayGroup {
	var out []DayGroup
	for _, c := range v.Changes {
		day := c.At.UTC().Format("2006-01-02")
		if len(out) == 0 || out[len(out)-1].ID != "d"+day {
			out = append(out, DayGroup{Label: c.At.UTC().Format("Monday 2 January 2006"), ID: "d" + day})
		}
		out[len(out)-1].Changes = append(out[len(out)-1].Changes, c)
	}
	return out
}

// ObjectName names an object type for people: "entry", "claim", …
func ObjectName(t string) string {
	if t == "user" {
		return "account"
	}
	return t
}

// FieldValue shows a recorded value as people name it: a kind by its
// label ("policy move"), a date at its precision ("Oct 2023"), a claim or
// an entry by its text or title instead of its id.
func (v HistoryView) FieldValue(c claimline.Change, field, value string) string {
	if value == "" {
		return ""
	}
	switch field {
	case "kind":
		if k := claimline.Kind(value); k.Valid() {
			return k.Label()
		}
	case "date", "end date", "published":
		if d, err := claimline.ParseISODate(value); err == nil {
			return d.Display()
		}
	case "grade":
		return claimline.Grade(value).Label() // "B – usually reliable"
	case "claim", "entry":
		if c.ObjectType == field && ID(c.ObjectID) == value {
			// The record's own object, named above as it was then: its
			// name now may be one it took later.
			return "this " + field
		}
		if name, ok := v.Names[field+":"+value]; ok {
			return "“" + name + "”"
		}
		return field + " " + value + " (since deleted)"
	}
	return value
}

// ObjectURL returns where a change's object can be looked at: a history
// page where one exists (it outlives the object), else the object's page
// while it can still be there; "" when there is none.
func ObjectURL(c claimline.Change) string {
	switch c.ObjectType {
	case "entry":
		return "/entries/" + ID(c.ObjectID) + "/history"
	case "source":
		return "/sources/" + ID(c.ObjectID) + "/history"
	case "user":
		return "/admin/users/" + ID(c.ObjectID)
	case "timeline":
		if c.TimelineSlug != "" {
			return string(Path("timelines", c.TimelineSlug, "history"))
		}
	case "claim":
		if c.Action != claimline.ActionDelete {
			return "/claims/" + ID(c.ObjectID)
		}
	}
	return ""
}
