package claimline

// Suggestion is a library source that may speak to a claim but has no stance
// on it yet, with its passages that match the claim best, best first.
type Suggestion struct {
	SourceID int64
	Source   string // the source's label
	Passages []SuggestedPassage
}

// SuggestedPassage is one passage of a suggested source: its byte range in
// the stored text (quote offsets), its exact text, and the same text with
// the words that matched the claim marked. The passage is a paragraph; the
// evidence is the sentence or sentences of it that match the claim:
// Sentences[From:To]. Saved as a quote, the evidence passes the quote check
// unchanged; a user may widen or narrow it a sentence at a time
// (WithEvidence).
type SuggestedPassage struct {
	Start, End int
	Text       string
	Marked     Snippet
	Sentences  []Span // the passage's sentences, byte ranges of the stored text
	From, To   int    // the evidence: Sentences[From:To]
}

// Evidence returns the byte range of the stored text that the evidence
// covers, the whole passage when it has no sentences.
func (p SuggestedPassage) Evidence() Span {
	if p.From < 0 || p.To > len(p.Sentences) || p.From >= p.To {
		return Span{p.Start, p.End}
	}
	return Span{p.Sentences[p.From].Start, p.Sentences[p.To-1].End}
}

// EvidenceText returns the text of the evidence, as stored.
func (p SuggestedPassage) EvidenceText() string {
	e := p.Evidence()
	return p.Text[e.Start-p.Start : e.End-p.Start]
}

// WithEvidence returns the passage with its evidence set to sentences
// [from, to), and whether that is a span of its sentences.
func (p SuggestedPassage) WithEvidence(from, to int) (SuggestedPassage, bool) {
	if from < 0 || to > len(p.Sentences) || from >= to {
		return p, false
	}
	p.From, p.To = from, to
	return p, true
}

// SuggestionLimits: at most this many passages of one source, and in all.
const (
	SuggestionsPerSource = 3
	SuggestionsInAll     = 10
)
