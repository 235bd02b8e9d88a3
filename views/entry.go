package views

import "claimline/internal/claimline"

// EntryForm is the create/edit entry form's state.
type EntryForm struct {
	Timeline   claimline.Timeline
	Entry      *claimline.Entry // nil when creating
	Input      claimline.EntryInput
	Errors     Errors
	ActorNames []string // suggestions
	TagNames   []string
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
	// Nav shows the switch between all changes and deleted things.
	Nav bool
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
