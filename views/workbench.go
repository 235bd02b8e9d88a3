package views

import (
	"strings"

	"github.com/a-h/templ"

	"claimline/internal/claimline"
)

// PassageEntryForm is "New entry from this passage": an entry drafted from
// a passage of a source, with the citation that will be saved with it.
type PassageEntryForm struct {
	Source    claimline.Source
	Passage   string
	Timelines []claimline.Timeline
	Timeline  string // the chosen timeline's slug
	Entry     EntryForm
	Quote     string
	DateFrom  *claimline.DateMention // where the date came from, if anywhere
	// NoDate: the draft found no date expression for the passage; Dates
	// are then the source's resolved ones, each date once, to choose from.
	NoDate bool
	Dates  []claimline.DateMention
	// FromPublished: the passage reports speech and names no day it was
	// said, so the date drafted is the source's published date.
	FromPublished bool
	Claim         ClaimForm // an optional claim resting on the passage
	Stance        string    // this source's stance on that claim
	Errors        Errors
}

// PassageClaimForm is "New claim from this passage": a claim on a chosen
// entry, with this source's stance on it.
type PassageClaimForm struct {
	Source     claimline.Source
	Passage    string
	Entries    []claimline.EntryChoice
	EntryID    int64
	Claim      ClaimForm
	ActorNames []string
	Stance     string
	Quote      string
	Note       string
	Errors     Errors
}

// ReplaceStance asks before a source's second stance on a claim replaces
// its first: both are shown, and the form posts the new one again with
// replace=1.
type ReplaceStance struct {
	Claim    claimline.Claim
	Existing claimline.Assessment
	Action   string // where the new stance is posted
	Cancel   string
	SourceID int64
	Stance   string
	Quote    string
	Note     string
}

// Run is a piece of a reader paragraph, marked as a date expression or
// not.
type Run struct {
	Text  string
	Date  *claimline.DateMention
	Index int // the mention's index in SourceView.Dates, for its anchor
	First bool
}

// Runs splits a piece of the reader into runs at the date expressions it
// holds.
func (v SourceView) Runs(p Piece) []Run {
	start, end := p.Start, p.Start+len(p.Text)
	var out []Run
	at := start
	for i := range v.Dates {
		m := &v.Dates[i]
		a, b := max(m.Start, at), min(m.End, end)
		if a >= b {
			continue
		}
		if a > at {
			out = append(out, Run{Text: v.Source.Text[at:a]})
		}
		out = append(out, Run{Text: v.Source.Text[a:b], Date: m, Index: i, First: a == m.Start})
		at = b
	}
	if at < end {
		out = append(out, Run{Text: v.Source.Text[at:end]})
	}
	return out
}

// DateAnchor is the id of a date expression in the reader.
func DateAnchor(i int) string { return "d" + ID(int64(i+1)) }

// ClaimGroup is the claims of one entry, for a grouped choice.
type ClaimGroup struct {
	Label  string // "Timeline · date · entry"
	Claims []claimline.Claim
}

// GroupClaims groups claims (ordered by timeline and entry) by entry.
func GroupClaims(claims []claimline.Claim) []ClaimGroup {
	var out []ClaimGroup
	var last int64 = -1
	for _, c := range claims {
		if c.EntryID != last {
			out = append(out, ClaimGroup{Label: c.Entry.TimelineTitle + " · " + FormatDate(c.Entry) + " · " + c.Entry.Title})
			last = c.EntryID
		}
		out[len(out)-1].Claims = append(out[len(out)-1].Claims, c)
	}
	return out
}

// EntryGroup is the entries of one timeline, or those citing a source.
type EntryGroup struct {
	Label   string
	Entries []claimline.EntryChoice
}

// GroupEntryChoices puts the entries resting on the source first, then the
// others by timeline.
func GroupEntryChoices(es []claimline.EntryChoice) []EntryGroup {
	var out []EntryGroup
	for _, e := range es {
		label := e.TimelineTitle
		if e.CitesSource {
			label = "Resting on this source"
		}
		if len(out) == 0 || out[len(out)-1].Label != label {
			out = append(out, EntryGroup{Label: label})
		}
		out[len(out)-1].Entries = append(out[len(out)-1].Entries, e)
	}
	return out
}

// DistinctDates keeps the resolved date expressions of a source, the first
// of each date shown, in the order of the text.
func DistinctDates(ms []claimline.DateMention) []claimline.DateMention {
	var out []claimline.DateMention
	seen := map[string]bool{}
	for _, m := range ms {
		if d := m.Display(); m.Resolved && !seen[d] {
			seen[d] = true
			out = append(out, m)
		}
	}
	return out
}

// DateList is date expressions as a sentence's list: “on Thursday” (12
// Sep 2024); “October 2023” (Oct 2023).
func DateList(ms []claimline.DateMention) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = "“" + m.Text + "” (" + m.Display() + ")"
	}
	return strings.Join(parts, "; ")
}

// unresolvedBecause says why a date mark of a source with this published
// date was left unresolved: there is none, or it is not exact to the day
// (a source dated only to a month cannot say which Thursday it means).
func unresolvedBecause(published claimline.Date) string {
	if published.IsZero() {
		return "the source has no published date to resolve it against"
	}
	return "the source's published date, " + published.Display() + ", is not exact to the day, so it cannot be resolved"
}

// dateFocus lets the keyboard reach a date mark, to read what it resolves
// to, unless the mark is inside a link, which the keyboard reaches already
// (a focusable element inside a link is a second, confusing tab stop).
func dateFocus(inLink bool) templ.Attributes {
	if inLink {
		return nil
	}
	return templ.Attributes{"tabindex": "0"}
}

// ResolvedDateNote says where a drafted date came from: "The date comes
// from “on Thursday”, read as 12 Sep 2024 against the published date,
// 13 Sep 2024." One string, so that no space falls before its full stop.
func (f PassageEntryForm) ResolvedDateNote() string {
	m := f.DateFrom
	s := "The date comes from “" + m.Text + "”, read as " + m.Display()
	if m.Correction != nil {
		s += " as corrected by " + m.Correction.Created.Username
	} else if m.Relative {
		s += " against the published date, " + f.Source.Published.Display()
	}
	return s + "."
}
