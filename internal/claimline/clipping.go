package claimline

import (
	"strconv"
	"strings"
	"time"
)

// Clipping is a passage of a source, taken from a selection in the reader
// and kept in the user's tray, then saved with the others in one go: as a
// citation on an entry, or as the source's stance on a claim.
type Clipping struct {
	ID       int64 // its place on the user's tray, which saving empties (0: not on it)
	SourceID int64
	Quote    string
	EntryID  int64  // cite the passage on this entry, or
	ClaimID  int64  // record the source's stance on this claim,
	Stance   string // with this stance
	// Replace allows the stance to replace one the source already has on
	// the claim; without it that is refused, as on the single forms.
	Replace bool
	// LeaveOut saves nothing of it: it only leaves the tray, with the
	// others saved.
	LeaveOut bool
	// Row is the clipping's number in the user's form, for messages that
	// name another clipping (0: its place among those saved, from 1).
	Row int
}

// ClippingField is the field name under which the problems of the
// clipping at index i (0-based) are reported: "clip1" for the first.
func ClippingField(i int) string { return "clip" + strconv.Itoa(i+1) }

// Validate trims the clipping and returns its problems as one sentence, or
// "". Whether the quote is in the source is the store's check.
func (c *Clipping) Validate() string {
	c.Quote = strings.TrimSpace(c.Quote)
	switch {
	case c.SourceID <= 0:
		return "The source is missing."
	case c.Quote == "":
		return "The passage is empty."
	case c.EntryID <= 0 && c.ClaimID <= 0:
		return "Choose the entry it is a citation for or the claim it is evidence on, or leave it out."
	case c.ClaimID > 0 && !Stance(c.Stance).Valid():
		return "Choose supports, disputes or mentions."
	}
	p := Problems{}
	checkText(p, "quote", c.Quote, MaxDescription, true)
	if msg, ok := p["quote"]; ok {
		return "The passage: " + strings.ToLower(msg[:1]) + msg[1:]
	}
	return ""
}

// ClippingsSaved says what saving a tray of clippings did.
type ClippingsSaved struct {
	Citations, Stances int
	// Timeline is the slug of the timeline of the first clipping saved.
	Timeline string
}

// ClippingChoices are what a tray's clippings may be saved on, one
// timeline at a time: its entries and its claims.
type ClippingChoices struct {
	Entries []EntryChoice
	Claims  []Claim
}

// TrayClipping is a passage on a user's clippings tray. The tray is kept on
// the server, so it follows the user from device to device.
type TrayClipping struct {
	ID          int64
	SourceID    int64
	SourceTitle string
	Quote       string
	Created     time.Time
}

// MaxTray is the most clippings a user's tray holds.
const MaxTray = 500
