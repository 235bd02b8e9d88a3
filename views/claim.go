package views

import (
	"sort"

	"claimline/internal/claimline"
)

// EntryView is everything the entry page shows.
type EntryView struct {
	Entry      claimline.Entry
	Changes    []claimline.Change
	Citations  []claimline.Citation
	Claims     []claimline.Claim
	Sources    []claimline.Source // choices for citing
	ActorNames []string
	Cite       CiteForm
	NewClaim   ClaimForm
	Discussion Discussion
}

// CiteForm is the add-citation form's state.
type CiteForm struct {
	SourceID int64
	Quote    string
	Errors   Errors
}

// ClaimForm is the add- or edit-claim form's state.
type ClaimForm struct {
	Text, Claimant string
	Errors         Errors
	Edit           EditState // editing only
}

// ClaimView is everything the claim page shows.
type ClaimView struct {
	Claim       claimline.Claim
	Changes     []claimline.Change
	Sources     []claimline.Source
	ActorNames  []string
	Assess      AssessForm
	Edit        ClaimForm
	Discussion  Discussion
	Suggestions []claimline.Suggestion // other sources that may speak to the claim
}

// AssessForm is the add-assessment form's state.
type AssessForm struct {
	SourceID int64
	Stance   string
	Quote    string
	Note     string
	Errors   Errors
}

// MatrixView is the claims matrix: claims as rows, sources as columns.
type MatrixView struct {
	Timeline claimline.Timeline
	Claims   []claimline.Claim
	Sources  []claimline.Source
}

// Rows returns the claims sorted by status (disputed, unverified,
// supported), then in timeline order.
func (m MatrixView) Rows() []claimline.Claim {
	rank := map[claimline.Status]int{}
	for i, s := range claimline.Statuses {
		rank[s] = i
	}
	rows := append([]claimline.Claim(nil), m.Claims...)
	sort.SliceStable(rows, func(i, j int) bool { return rank[rows[i].Status()] < rank[rows[j].Status()] })
	return rows
}

// Cell returns the assessment of a claim by a source, or nil.
func Cell(c claimline.Claim, sourceID int64) *claimline.Assessment {
	for i := range c.Evidence {
		if c.Evidence[i].SourceID == sourceID {
			return &c.Evidence[i]
		}
	}
	return nil
}

// SuggestionAnchor is the id of a suggested passage on the claim page.
func SuggestionAnchor(sourceID int64, p claimline.SuggestedPassage) string {
	return "suggestion-" + ID(sourceID) + "-" + ID(int64(p.Start))
}
