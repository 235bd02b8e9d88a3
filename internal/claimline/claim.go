package claimline

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Stance is one source's position on one claim.
type Stance string

// The stances.
const (
	Supports Stance = "supports"
	Disputes Stance = "disputes"
	Mentions Stance = "mentions"
)

// Stances lists the stances.
var Stances = []Stance{Supports, Disputes, Mentions}

// Valid reports whether s is a stance.
func (s Stance) Valid() bool { return s == Supports || s == Disputes || s == Mentions }

// Symbol is a sign for the stance, shown beside its word (never alone).
func (s Stance) Symbol() string {
	switch s {
	case Supports:
		return "✓"
	case Disputes:
		return "✗"
	}
	return "•"
}

// Status is a claim's standing, derived from its assessments.
type Status string

// The statuses.
const (
	Unverified Status = "unverified"
	Supported  Status = "supported"
	Disputed   Status = "disputed"
)

// Statuses lists the statuses, most in need of attention first.
var Statuses = []Status{Disputed, Unverified, Supported}

// Claim is a checkable proposition attached to an entry.
type Claim struct {
	ID       int64
	EntryID  int64
	Text     string
	Claimant Actor // zero when none
	Supports int
	Disputes int
	Mentions int
	// SupportGroups counts the independent sources among those that support
	// it: sources of one copy group (one report printed several times)
	// count once.
	SupportGroups int
	// SupportsRemoved counts the supporting quotes no longer in the current
	// version of their source.
	SupportsRemoved int
	Entry           EntryRef
	Notes           int   // discussion notes on the claim
	Revision        int64 // raised by one at every change; edit forms carry it
	Created         Stamp
	Updated         Stamp
	Evidence        []Assessment // loaded on claim and entry pages
	// Discussion is the claim's notes, in full exports and imports only.
	Discussion []Note
}

// Status derives the claim's status: disputed if any source disputes it,
// supported if any supports it (and none disputes), unverified otherwise.
func (c Claim) Status() Status {
	switch {
	case c.Disputes > 0:
		return Disputed
	case c.Supports > 0:
		return Supported
	}
	return Unverified
}

// StatusText gives the status with its counts in plain words: "supported
// by 3 sources · 1 mentions it", "disputed: 1 source supports, 2 dispute",
// "unverified: no source yet".
func (c Claim) StatusText() string {
	var s string
	independent := ""
	if c.SupportGroups > 0 && c.SupportGroups < c.Supports {
		independent = fmt.Sprintf(" (%d independent)", c.SupportGroups)
	}
	switch c.Status() {
	case Supported:
		s = "supported by " + Plural(c.Supports, "source", "sources") + independent
	case Disputed:
		if c.Supports > 0 {
			s = "disputed: " + Plural(c.Supports, "source supports", "sources support") + independent + ", " + Plural(c.Disputes, "disputes", "dispute")
		} else {
			s = "disputed: " + Plural(c.Disputes, "source disputes", "sources dispute") + " it"
		}
	default:
		if c.Mentions > 0 {
			return "unverified: " + Plural(c.Mentions, "source mentions", "sources mention") + " it"
		}
		return "unverified: no source yet"
	}
	if c.Mentions > 0 {
		s += " · " + Plural(c.Mentions, "mentions", "mention") + " it"
	}
	return s
}

// SupportGone reports whether every quote supporting the claim was
// removed from its source in a later version: its support is gone.
func (c Claim) SupportGone() bool { return c.Supports > 0 && c.SupportsRemoved == c.Supports }

// Plural returns "1 entry", "2 entries": n with the word for its number.
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// InQuotes shows a passage of a source in quotation marks. A passage
// that is a whole quotation already gets none, and one whose first or last
// mark is one half of a quote opened or closed outside it (a selection that
// ends with the closing mark of a quote in the source, say) gets no second
// mark at that end: “…the system.” rather than “…the system.””.
func InQuotes(passage string) string {
	first, _ := utf8.DecodeRuneInString(passage)
	last, _ := utf8.DecodeLastRuneInString(passage)
	opens := strings.Count(passage, "“") + strings.Count(passage, "«")
	closes := strings.Count(passage, "”") + strings.Count(passage, "»")
	straight := strings.Count(passage, `"`)
	opening := first == '“' || first == '«' || (first == '"' && len(passage) > 1)
	closing := last == '”' || last == '»' || (last == '"' && len(passage) > 1)
	switch {
	case opening && closing:
		return passage
	case closing && (closes > opens || last == '"' && straight%2 == 1):
		return "“" + passage
	case opening && (opens > closes || first == '"' && straight%2 == 1):
		return passage + "”"
	}
	return "“" + passage + "”"
}

// ClaimInput is what a user submits to create or change a claim.
type ClaimInput struct {
	Text     string
	Claimant string // an actor's name, created if new; "" for none
}

// Validate trims the input and returns an EINVALID *Error naming each bad
// field ("text", "claimant"), or nil.
func (in *ClaimInput) Validate() error {
	in.Text = strings.TrimSpace(in.Text)
	if names := CleanNames([]string{in.Claimant}); len(names) == 1 {
		in.Claimant = names[0]
	} else {
		in.Claimant = ""
	}
	p := Problems{}
	checkText(p, "text", in.Text, MaxTitle*2, true)
	checkText(p, "claimant", in.Claimant, MaxName, false)
	return p.Err()
}

// Assessment is one source's stance on one claim, with the passage of the
// source it rests on.
type Assessment struct {
	ID       int64
	ClaimID  int64
	SourceID int64
	Source   Source // title, outlet, grade; no text
	Stance   Stance
	Quote    string
	Span     Span // into the version quoted (Check.Version)
	Check    QuoteCheck
	Note     string
	Claim    Claim // text and entry, on source pages
	Created  Stamp
}

// AssessmentInput is what a user submits to record a source's stance.
type AssessmentInput struct {
	SourceID int64
	Stance   string
	Quote    string
	Note     string
}

// Validate trims the input and returns an EINVALID *Error naming each bad
// field ("source", "stance", "quote", "note"), or nil. A quote is required to
// support or dispute a claim; whether it is in the source is the store's
// check.
func (in *AssessmentInput) Validate() error {
	in.Stance, in.Quote, in.Note = strings.TrimSpace(in.Stance), strings.TrimSpace(in.Quote), strings.TrimSpace(in.Note)
	p := Problems{}
	if in.SourceID <= 0 {
		p.Add("source", "Choose the source.")
	}
	if !Stance(in.Stance).Valid() {
		p.Add("stance", "Choose supports, disputes or mentions.")
	}
	if st := Stance(in.Stance); in.Quote == "" && (st == Supports || st == Disputes) {
		p.Add("quote", "Quote the passage of the source that "+in.Stance+" the claim.")
	}
	checkText(p, "quote", in.Quote, MaxDescription, false)
	checkText(p, "note", in.Note, MaxDescription, false)
	return p.Err()
}
