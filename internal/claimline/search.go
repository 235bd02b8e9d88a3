package claimline

import "strings"

// SearchHelp is the one-line explanation of the query language (see
// internal/search.Translate) shown under every search box.
const SearchHelp = `All words must match; "exact phrase"; prefix*; -word excludes; OR between words. Example: "long-range" strike* -Kremlin`

// SearchKind is a group of search results.
type SearchKind string

// The kinds of things search finds, in the order the results page shows them.
const (
	SearchEntries SearchKind = "entries"
	SearchClaims  SearchKind = "claims"
	SearchSources SearchKind = "sources"
	SearchActors  SearchKind = "actors"
	SearchNotes   SearchKind = "notes"
)

// SearchKinds lists every kind, in display order.
var SearchKinds = []SearchKind{SearchEntries, SearchClaims, SearchSources, SearchActors, SearchNotes}

// Area returns the area whose read scope an API token needs to see
// results of the kind: entries, actors and notes are the timelines'.
func (k SearchKind) Area() string {
	switch k {
	case SearchClaims:
		return AreaClaims
	case SearchSources:
		return AreaSources
	}
	return AreaTimelines
}

// ParseSearchKind reads a kind; "" means every kind. Anything else is an
// EINVALID error.
func ParseSearchKind(s string) (SearchKind, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, k := range SearchKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "Unknown kind %q: use entries, claims, sources, actors or notes.", s)
}

// SearchQuery is one search: the words as typed, and optionally one
// timeline (by slug, limiting entries, claims and notes), one kind, and a page of
// that kind.
type SearchQuery struct {
	Text     string
	Timeline string
	Kind     SearchKind // "" for every kind, first page of each
	Limit    int        // results per kind; 0 for the store's default
	Offset   int
}

// Snippet is a piece of text around a match, cut into typed parts so that
// a page marks the matched words without ever trusting text as HTML.
type Snippet []SnippetPart

// SnippetPart is a run of a snippet, matched or not.
type SnippetPart struct {
	Text string
	Mark bool
}

// String is the snippet as plain text.
func (s Snippet) String() string {
	var b strings.Builder
	for _, p := range s {
		b.WriteString(p.Text)
	}
	return b.String()
}

// SearchHit is one result. Entries, claims and notes name their entry (an
// entry names itself) and its timeline; sources carry their best passages.
type SearchHit struct {
	Kind    SearchKind
	ID      int64
	Title   string  // entry title, claim text, source title, actor name, note text
	Heading Snippet // Title with the matched words marked
	Snippet Snippet // more text around a match, when there is more to show

	Entry  EntryRef // the entry, or a claim's or a note's entry
	Outlet string   // a source's outlet
	Note   Note     // a note: its author and the entry or claim it is on

	Passages []PassageHit // a source's best passages, at most three
}

// PassageHit is a passage of a source that matched: its byte range in the
// stored text (as quote offsets) and its snippet.
type PassageHit struct {
	SourceID   int64
	Start, End int
	Snippet    Snippet
	Rank       float64 // bm25 where ranked across sources (RankPassages): lower is better
}

// SearchGroup is the results of one kind: how many there are in all and
// the requested page of them.
type SearchGroup struct {
	Kind   SearchKind
	Total  int
	Capped bool // there are more than Total
	Hits   []SearchHit
}

// SearchResults is the answer to a SearchQuery. Query is the FTS5
// expression the words became; empty when they held nothing to look for.
type SearchResults struct {
	Query  string
	Groups []SearchGroup
}

// Total is the number of results over every group.
func (r SearchResults) Total() int {
	n := 0
	for _, g := range r.Groups {
		n += g.Total
	}
	return n
}

// SourcePassages is one source's passages ranked against a text, best
// first.
type SourcePassages struct {
	SourceID int64
	Title    string
	Passages []PassageHit
}
