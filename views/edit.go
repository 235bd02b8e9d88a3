package views

import (
	"time"

	"claimline/internal/claimline"
)

// EditState is what every edit form carries besides its fields, the same
// for entries, claims, sources, timelines and users: the revision it was
// opened from, who else opened it lately, and after a save over a newer
// revision the conflict to resolve.
type EditState struct {
	Revision int64
	// Base is the form's values as it was opened (claimline.EncodeBase),
	// carried back hidden so that a conflict keeps what only the other
	// side changed; "" for forms that compare without it.
	Base     string
	Others   []claimline.Presence
	Now      time.Time // for "2 minutes ago"
	Conflict *ConflictView
}

// ConflictView shows a refused save: who saved in between and when, and
// each field whose value differs, the user's ("yours") beside the saved
// one ("theirs"). The form below it holds the user's values and the new
// revision: saving it keeps the user's, Discard takes theirs.
type ConflictView struct {
	By     claimline.Stamp
	Fields []claimline.FieldDiff
	// Kept are the labels of the fields only they changed: the form
	// holds their values there, so that saving keeps both changes.
	Kept    []string
	Discard string // where "take theirs" leads: the object's page
	// Deleting: no form values to compare, the page asks again.
	Deleting bool
}

// Ago says how long before now t was, in words: "just now", "1 minute ago",
// "2 minutes ago", "1 hour ago".
func Ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return Plural(int(d/time.Minute), "minute", "minutes") + " ago"
	}
	return Plural(int(d/time.Hour), "hour", "hours") + " ago"
}

// ConfirmDelete is a delete confirmation page's state. Revision is that of
// the object when the page was served; a delete from an older revision
// comes back with the change shown and asks again.
type ConfirmDelete struct {
	What, Name, Action, Cancel, Consequence string
	Revision                                int64
	Conflict                                *ConflictView
}
