package views

import "claimline/internal/claimline"

// LeaveOut is the target of a clipping left out of a save: it leaves the
// tray with the others.
const LeaveOut = "drop"

// ClippingRow is one clipping in the tray's form: a source's passage, what
// it is evidence for ("claim:ID", "entry:ID", LeaveOut or "" before
// choosing), and the stance when on a claim.
type ClippingRow struct {
	ID       int64 // on the user's tray
	SourceID int64
	Source   string // the source's label
	Quote    string
	Target   string
	Stance   string
	Replace  bool
	// HasStance: the source already has a stance on the row's claim
	// (looked up for a refused save), so "replace" is offered.
	HasStance bool
}

// ClippingsForm is the tray of clippings, to be saved in one go, with the
// entries and claims of one timeline to choose from.
type ClippingsForm struct {
	Rows      []ClippingRow
	Timelines []claimline.Timeline
	Timeline  string // the slug of the timeline whose choices are shown
	Choices   claimline.ClippingChoices
	Errors    Errors // by claimline.ClippingField of the row, "" for the form
}

// ClaimTarget and EntryTarget are the values of a clipping's target.
func ClaimTarget(id int64) string { return "claim:" + ID(id) }
func EntryTarget(id int64) string { return "entry:" + ID(id) }

// RowField is the error field of row i.
func RowField(i int) string { return claimline.ClippingField(i) }

// AsksReplace reports whether row i offers "replace": when it was ticked,
// or when the source already has a stance on the row's claim.
func (f ClippingsForm) AsksReplace(i int) bool {
	return f.Rows[i].Replace || f.Rows[i].HasStance
}
