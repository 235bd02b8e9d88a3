package views

import (
	"fmt"
	"net/url"
	"strconv"

	"claimline/internal/claimline"
)

// SearchView is everything the search page shows.
type SearchView struct {
	Q        string // as typed
	Timeline *claimline.Timeline
	Kind     claimline.SearchKind // "" for every kind
	Page     int                  // 1-based, of Kind
	PageSize int
	Results  claimline.SearchResults
	Searched bool // Q held something
	// Help is the guide's pages that match, shown with every kind of
	// result (not with one kind, nor within one timeline).
	Help []HelpHit
}

// URL is the search page for the same words with another kind and page.
func (v SearchView) URL(kind claimline.SearchKind, page int) string {
	q := url.Values{"q": {v.Q}}
	if v.Timeline != nil {
		q.Set("timeline", v.Timeline.Slug)
	}
	if kind != "" {
		q.Set("kind", string(kind))
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return "/search?" + q.Encode()
}

// Range says which results of a kind's page are shown: "21–40 of 57".
func (v SearchView) Range(g claimline.SearchGroup) string {
	first := (v.Page-1)*v.PageSize + 1
	return fmt.Sprintf("%d–%d of %d", first, first+len(g.Hits)-1, g.Total)
}

// More reports whether a kind's page has a next one.
func (v SearchView) More(g claimline.SearchGroup) bool { return v.Page*v.PageSize < g.Total }

// KindLabel names a kind of result: "entries", "claims"…, with a count.
func KindLabel(k claimline.SearchKind, n int) string {
	switch k {
	case claimline.SearchEntries:
		return Plural(n, "entry", "entries")
	case claimline.SearchClaims:
		return Plural(n, "claim", "claims")
	case claimline.SearchSources:
		return Plural(n, "source", "sources")
	case claimline.SearchNotes:
		return Plural(n, "note", "notes")
	}
	return Plural(n, "actor", "actors")
}

// GroupCount is a group's count as shown: "57", or "1000+" when counting
// stopped there.
func GroupCount(g claimline.SearchGroup) string {
	if g.Capped {
		return strconv.Itoa(g.Total) + "+"
	}
	return strconv.Itoa(g.Total)
}

// GroupLabel names a group with its count: "57 entries", "1000+ sources".
func GroupLabel(g claimline.SearchGroup) string {
	if g.Capped {
		return GroupCount(g) + " " + string(g.Kind)
	}
	return KindLabel(g.Kind, g.Total)
}

// KindTitle is a kind's heading: "Entries".
func KindTitle(k claimline.SearchKind) string {
	s := string(k)
	if s == "" {
		return ""
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// PassageURL links a source result's passage to its place in the reader.
func PassageURL(p claimline.PassageHit) string {
	return ReaderAt(p.SourceID, claimline.Span{Start: p.Start, End: p.End})
}

// ReaderAt is the address of a source's reader with a passage marked and
// scrolled to (byte offsets into its current text).
func ReaderAt(sourceID int64, sp claimline.Span) string {
	return fmt.Sprintf("/sources/%d?hl=%d-%d#hl", sourceID, sp.Start, sp.End)
}

// NewEntryFrom is the address of the form that drafts an entry from a
// passage of a source.
func NewEntryFrom(sourceID int64, passage string) string {
	return fmt.Sprintf("/sources/%d/new-entry?passage=%s", sourceID, url.QueryEscape(passage))
}

// foundMark is the passage a search result led to, as a mark with the
// anchor "hl". Highlight shows a quote inside it as the quote (the shorter
// passage wins a piece), so the quotes keep their links.
func foundMark(found claimline.Span) []Passage {
	if found.Start < 0 || found.End <= found.Start {
		return nil
	}
	return []Passage{{Start: found.Start, End: found.End, Anchor: "hl", Stance: "found", Title: "search result"}}
}
