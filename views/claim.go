package views

import (
	"fmt"
	"sort"

	"claimline/internal/claimline"
)

// EntryView is everything the entry page shows.
type EntryView struct {
	Entry      claimline.Entry
	Changes    []claimline.Change
	Names      map[string]string // what the changes name by id (HistoryView.Names)
	Citations  []claimline.Citation
	Claims     []claimline.Claim
	Sources    []claimline.Source // choices for citing
	ActorNames []string
	Cite       CiteForm
	NewClaim   ClaimForm
	Discussion Discussion
}

// AssessingOnly returns how many sources take a stance on the entry's
// claims without being cited by the entry: the timeline counts them among
// the entry's sources, and the entry's page shows them under its claims.
func (v EntryView) AssessingOnly() int {
	seen := map[int64]bool{}
	for _, c := range v.Citations {
		seen[c.SourceID] = true
	}
	n := 0
	for _, c := range v.Claims {
		for _, a := range c.Evidence {
			if !seen[a.SourceID] {
				seen[a.SourceID] = true
				n++
			}
		}
	}
	return n
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
	Names       map[string]string // what the changes name by id (HistoryView.Names)
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

// EvidenceParts cuts a suggested passage's marked text at its evidence:
// the paragraph before it, the evidence, and the paragraph after it.
func EvidenceParts(p claimline.SuggestedPassage) (before, evidence, after claimline.Snippet) {
	e := p.Evidence()
	from, to := e.Start-p.Start, e.End-p.Start
	at := 0
	for _, part := range p.Marked {
		end := at + len(part.Text)
		for _, cut := range []struct {
			out    *claimline.Snippet
			lo, hi int
		}{{&before, 0, from}, {&evidence, from, to}, {&after, to, len(p.Text)}} {
			lo, hi := max(at, cut.lo), min(end, cut.hi)
			if lo < hi {
				*cut.out = append(*cut.out, claimline.SnippetPart{Text: part.Text[lo-at : hi-at], Mark: part.Mark})
			}
		}
		at = end
	}
	return before, evidence, after
}

// EvidenceChoice is a way to widen or narrow a suggested passage's
// evidence: its label and the page's address with that evidence.
type EvidenceChoice struct {
	Label string
	URL   string
}

// EvidenceChoices returns the ways to widen or narrow a suggested
// passage's evidence by a sentence, each a link back to the claim page
// (GET, nothing saved) that shows the passage with that evidence
// (ClaimPage's evidence parameter, ParseEvidence).
func EvidenceChoices(claimID, sourceID int64, p claimline.SuggestedPassage) []EvidenceChoice {
	var out []EvidenceChoice
	add := func(label string, from, to int) {
		if q, ok := p.WithEvidence(from, to); ok {
			out = append(out, EvidenceChoice{label, fmt.Sprintf("/claims/%d?evidence=%d-%d-%d-%d#%s",
				claimID, sourceID, p.Start, from, to, SuggestionAnchor(sourceID, q))})
		}
	}
	if p.From > 0 {
		add("Add the sentence before", p.From-1, p.To)
	}
	if p.To < len(p.Sentences) {
		add("Add the sentence after", p.From, p.To+1)
	}
	if p.To-p.From > 1 {
		add("Drop the first sentence", p.From+1, p.To)
		add("Drop the last sentence", p.From, p.To-1)
	}
	if p.From > 0 || p.To < len(p.Sentences) {
		add("Whole paragraph", 0, len(p.Sentences))
	}
	return out
}

// EvidenceSpan is a suggested passage's evidence as the claim page's
// evidence parameter names it: the source, the passage's start, and its
// sentences [From, To).
type EvidenceSpan struct {
	SourceID     int64
	Start        int
	FromSentence int
	ToSentence   int
}

// ParseEvidence reads the claim page's evidence parameter
// ("source-start-from-to"); ok is false when it is not one.
func ParseEvidence(s string) (EvidenceSpan, bool) {
	var e EvidenceSpan
	if _, err := fmt.Sscanf(s, "%d-%d-%d-%d", &e.SourceID, &e.Start, &e.FromSentence, &e.ToSentence); err != nil {
		return e, false
	}
	return e, fmt.Sprintf("%d-%d-%d-%d", e.SourceID, e.Start, e.FromSentence, e.ToSentence) == s
}

// ApplyEvidence sets the evidence of the suggested passage that e names
// to its sentences; a span that is not one of its sentences' changes
// nothing.
func ApplyEvidence(sugg []claimline.Suggestion, e EvidenceSpan) {
	for i := range sugg {
		if sugg[i].SourceID != e.SourceID {
			continue
		}
		for j, p := range sugg[i].Passages {
			if p.Start == e.Start {
				sugg[i].Passages[j], _ = p.WithEvidence(e.FromSentence, e.ToSentence)
			}
		}
	}
}

// EvidenceSize says how much of a suggested passage a click saves.
func EvidenceSize(p claimline.SuggestedPassage) string {
	n, all := p.To-p.From, len(p.Sentences)
	switch {
	case all <= 1 || n >= all:
		return "Saves the whole paragraph."
	case n == 1:
		return fmt.Sprintf("Saves the highlighted sentence (1 of %d).", all)
	}
	return fmt.Sprintf("Saves the %d highlighted sentences (of %d).", n, all)
}
