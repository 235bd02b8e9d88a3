package claimline

import "time"

// Version is one text a source has had. Number 1 is the text first
// captured; the source's Text is its current (highest) version's.
type Version struct {
	SourceID     int64
	Number       int
	SHA256       string
	Retrieved    time.Time
	OriginalType string
	Kind         string // "" for version 1, else "silent" or "correction"
	Note         string // the correction or update note a "correction" version added
	Text         string // empty in lists
	Created      Stamp
}

// KindLabel describes what the version's change said of itself.
func (v Version) KindLabel() string {
	switch v.Kind {
	case "silent":
		return "changed without a correction note"
	case "correction":
		return "correction note added"
	}
	return "first captured"
}

// The states of a quote in its source's current version.
const (
	QuoteThere   = ""        // still there, at Current
	QuoteChanged = "changed" // a passage like it is there (Closest)
	QuoteRemoved = "removed" // nothing like it is left
)

// QuoteCheck says how a citation's or assessment's quote fares in the
// current version of its source.
type QuoteCheck struct {
	Version   int       // the version quoted; Span is into it
	State     string    // QuoteThere, QuoteChanged or QuoteRemoved
	Current   Span      // where it is in the current version (-1 when not there)
	ChangedIn int       // the first version it was no longer in as quoted
	ChangedAt time.Time // when that version was captured
	Closest   string    // the nearest passage, for QuoteChanged
}

// Affected reports whether the quote is no longer in the source as quoted.
func (q QuoteCheck) Affected() bool { return q.State != QuoteThere }

// RecheckResult is what checking a source's address again found.
type RecheckResult struct {
	SourceID int64
	Title    string
	Outcome  string // "unchanged", "changed" or "failed"
	Reason   string // why it failed
	Version  *Version
}

// NewVersion is a new text for a source, with the document it came from.
type NewVersion struct {
	Text         string
	Original     []byte
	OriginalType string
	Retrieved    time.Time // zero: now
}

// Copy says that a source shares much of its own text (outside quotation
// marks) with another: they are one report printed twice, not two.
type Copy struct {
	Other      Source  // id, title, outlet
	Share      float64 // part of this source's text that is in Other (0 to 1)
	OtherShare float64 // part of Other's text that is in this source
}

// Percent is the larger of the two shares, as a whole percentage.
func (c Copy) Percent() int {
	s := c.Share
	if c.OtherShare > s {
		s = c.OtherShare
	}
	return int(s*100 + 0.5)
}

// EvidenceChange is a citation or assessment of a timeline whose quote is
// no longer in its source as quoted.
type EvidenceChange struct {
	EntryID     int64
	EntryTitle  string
	ClaimID     int64 // 0 for a citation
	ClaimText   string
	SourceID    int64
	SourceLabel string
	Quote       string
	Span        Span // into the version quoted
	Check       QuoteCheck
}
