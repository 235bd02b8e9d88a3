package claimline

// Suggestion is a library source that may speak to a claim but has no stance
// on it yet, with its passages that match the claim best, best first.
type Suggestion struct {
	SourceID int64
	Source   string // the source's label
	Passages []SuggestedPassage
}

// SuggestedPassage is one passage of a suggested source: its byte range in
// the stored text (quote offsets), its exact text, which saved as a quote
// passes the quote check unchanged, and the same text with the words that
// matched the claim marked.
type SuggestedPassage struct {
	Start, End int
	Text       string
	Marked     Snippet
}

// SuggestionLimits: at most this many passages of one source, and in all.
const (
	SuggestionsPerSource = 3
	SuggestionsInAll     = 10
)
