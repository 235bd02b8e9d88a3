package views

import (
	"claimline/internal/claimline"
)

// AddSourcesForm is the state of the three ways to add sources.
type AddSourcesForm struct {
	Paste       claimline.SourceInput
	PasteErrors Errors
	InLibrary   *claimline.Source // the source the pasted address is already in the library as, with another text
	URL         string
	FetchErrors Errors
	UploadError string
}

// UploadResult is what became of one uploaded file.
type UploadResult struct {
	Name    string
	Source  *claimline.Source // nil when refused
	Existed bool
	Problem string
}

// SourceView is everything the source reader shows.
type SourceView struct {
	Source      claimline.Source
	Citations   []claimline.Citation
	Assessments []claimline.Assessment
	Changes     []claimline.Change
	Names       map[string]string       // what the changes name by id (HistoryView.Names)
	Found       claimline.Span          // the passage a search result led to; End 0 for none
	Dates       []claimline.DateMention // date expressions in the text, in order
	MetaInput   claimline.SourceInput   // the in-place details form
	MetaErrors  Errors
	MetaEdit    EditState
	Versions    []claimline.Version // newest first
	Update      UpdateForm
	DateForm    DateForm // a date mark's correction form sent back with a problem
}

// DateForm is the correction form of one date mark, as sent: which mark,
// what was typed and what was wrong with it ("" key: a problem with the
// whole list, such as a text that changed).
type DateForm struct {
	Start, End int
	Date       string
	Errors     Errors
}

// DateProblem returns the problem of a form sent back that belongs to no mark
// on the page (its mark is gone, or the text changed): shown above the
// list.
func (v SourceView) DateProblem() string {
	if msg, ok := v.DateForm.Errors[""]; ok {
		return msg
	}
	for _, m := range v.Dates {
		if v.DateForm.For(m) {
			return ""
		}
	}
	return v.DateForm.Errors["date"]
}

// For reports whether the form is the one of mark m, sent back.
func (f DateForm) For(m claimline.DateMention) bool {
	return len(f.Errors) > 0 && f.Start == m.Start && f.End == m.End
}

// Dateline is the date a source's text begins with, offered as its
// published date when it has none: a date of the first lines (the first
// 300 bytes) that names its day and year itself, not one read against
// another date. Nil when there is none, or a published date already.
func (v SourceView) Dateline() *claimline.DateMention {
	if !v.Source.Published.IsZero() {
		return nil
	}
	return claimline.OpeningDate(v.Dates)
}

// UnresolvedDates counts the date expressions that need a published date.
func (v SourceView) UnresolvedDates() int {
	n := 0
	for _, m := range v.Dates {
		if !m.Resolved && !m.Ambiguous() && !m.NotADate() {
			n++
		}
	}
	return n
}

// DateValue is what a mark's correction form holds at first: what was
// typed when it came back with a problem, else the mark's date.
func (v SourceView) DateValue(m claimline.DateMention) string {
	if v.DateForm.For(m) {
		return v.DateForm.Date
	}
	if !m.Resolved {
		return ""
	}
	if m.Approximate {
		return "c. " + m.Date.ISO()
	}
	return m.Date.ISO()
}

// Paragraphs returns the source text with every quoted passage highlighted.
func (v SourceView) Paragraphs() [][]Piece {
	var ps []Passage
	for _, a := range v.Assessments {
		// Highlights are on the current version: where each quote is now.
		if a.Check.Current.Start >= 0 {
			ps = append(ps, Passage{Start: a.Check.Current.Start, End: a.Check.Current.End, Anchor: "a" + ID(a.ID), Href: "/claims/" + ID(a.ClaimID),
				Title: string(a.Stance) + ": " + a.Claim.Text, Stance: string(a.Stance)})
		}
	}
	for _, c := range v.Citations {
		if c.Check.Current.Start >= 0 {
			ps = append(ps, Passage{Start: c.Check.Current.Start, End: c.Check.Current.End, Anchor: "c" + ID(c.ID), Href: "/entries/" + ID(c.EntryID),
				Title: "cited by: " + c.Entry.Title})
		}
	}
	return Highlight(v.Source.Text, append(ps, foundMark(v.Found)...))
}

// SourceForm is the edit-metadata form's state.
type SourceForm struct {
	Source claimline.Source
	Input  claimline.SourceInput
	Errors Errors
	Edit   EditState
}

// EvidenceForm is the form that turns a passage of a source into a
// source's stance on a claim.
type EvidenceForm struct {
	Source  claimline.Source
	Claims  []claimline.Claim
	ClaimID int64
	Stance  string
	Quote   string
	Note    string
	Errors  Errors
}

// GradeOf returns a grade's letter, or "–" when unrated.
func GradeOf(g claimline.Grade) string {
	if g == "" {
		return "–"
	}
	return string(g)
}
