package guide

import (
	"math/bits"
	"sort"
	"strings"
	"unicode/utf8"

	"claimline/internal/claimline"
	"claimline/internal/search"
)

// Hit is a page that matches a search, with the passage that shows why.
type Hit struct {
	Slug, Title string
	URL         string // the page, at the snippet's section
	Section     string // that section's heading; "" at the top of the page
	Snippet     claimline.Snippet
	score       int
}

// snippetBytes is about how much text a snippet shows.
const snippetBytes = 220

// Search returns the pages that match q, best first. It reads q as the
// search box reads it (every word must match, "a phrase", prefix*, -word,
// OR) and folds words as the search index does, so "warn" finds
// "warning". A match in a title counts most, then one in a heading. The
// guide is a few pages, so it is searched in memory.
func (g *Guide) Search(q string) []Hit {
	query := search.Parse(q)
	if query.Empty() {
		return nil
	}
	var hits []Hit
	for _, p := range g.pages {
		if h, ok := p.search(query); ok {
			hits = append(hits, h)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	return hits
}

// search matches one page: every group of the query somewhere on it, no
// excluded phrase anywhere. The snippet is the best block by rank, a body
// block before a heading, the first before later ones.
func (p Page) search(q search.Query) (Hit, bool) {
	for _, x := range q.Excluded {
		for _, b := range p.blocks {
			if len(x.Match(b.words)) > 0 {
				return Hit{}, false
			}
		}
	}
	matched := make([]uint32, len(p.blocks)) // the groups each block matches, as bits (MaxTerms ≤ 32)
	all, score := uint32(0), 0
	for i, b := range p.blocks {
		for gi, alts := range q.Groups {
			n := 0
			for _, ph := range alts {
				n += len(ph.Match(b.words))
			}
			if n > 0 {
				// A block counts once for each group it matches, so a
				// paragraph repeating a word does not outrank a section
				// about it.
				matched[i] |= 1 << gi
				score += b.weight
			}
		}
		all |= matched[i]
	}
	if all != 1<<len(q.Groups)-1 {
		return Hit{}, false
	}
	// A block ranks by the groups it and its section's heading match,
	// then by those its heading matches: "backup restore" leads to the
	// backup paragraph under "Restoring".
	rank := func(i int) [3]int {
		b, heading := p.blocks[i], uint32(0)
		if b.headingAt >= 0 {
			heading = matched[b.headingAt]
		}
		return [3]int{bits.OnesCount32(matched[i] | heading), bits.OnesCount32(heading), -b.weight}
	}
	best := -1
	for i, b := range p.blocks {
		if b.weight == titleWeight || matched[i] == 0 {
			continue
		}
		if best < 0 || beats(rank(i), rank(best)) {
			best = i
		}
	}
	h := Hit{Slug: p.Slug, Title: p.Title, URL: URL(p.Slug, ""), score: score}
	switch {
	case best >= 0:
		b := p.blocks[best]
		h.URL, h.Section = URL(p.Slug, b.section), b.heading
		h.Snippet = snippet(b.text, marks(b, q))
	case p.Lead != "":
		// Only the title matches: the lead says what the page is about.
		h.Snippet = snippet(p.Lead, nil)
	}
	return h, true
}

// beats reports whether rank a is higher than rank b, field by field.
func beats(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

// span is a byte range of a block's text.
type span struct{ start, end int }

// marks are the byte ranges of a block's text that the query's phrases
// match, in order, overlaps merged.
func marks(b block, q search.Query) []span {
	var out []span
	for _, alts := range q.Groups {
		for _, ph := range alts {
			for _, i := range ph.Match(b.words) {
				out = append(out, span{b.words[i].Start, b.words[i+len(ph.Keys)-1].End})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// snippet cuts about snippetBytes of text around its first mark, at word
// boundaries, with "…" where it cut, and marks the matched words.
func snippet(text string, marked []span) claimline.Snippet {
	start, end := 0, len(text)
	if len(text) > snippetBytes {
		if len(marked) > 0 {
			start = max(0, marked[0].start-snippetBytes/3)
		}
		end = min(len(text), start+snippetBytes)
		if end == len(text) {
			start = max(0, end-snippetBytes)
		}
		start, end = wordStart(text, start), wordEnd(text, end)
		for _, m := range marked { // never cut a marked word in two
			if m.start < end && m.end > end {
				end = m.end
			}
		}
	}
	var out claimline.Snippet
	add := func(s string, mark bool) {
		if s != "" {
			out = append(out, claimline.SnippetPart{Text: s, Mark: mark})
		}
	}
	at := start
	if start > 0 {
		add("…", false)
	}
	for _, m := range marked {
		if m.end <= start || m.start >= end {
			continue
		}
		a, b := max(m.start, start), min(m.end, end)
		add(text[at:a], false)
		add(text[a:b], true)
		at = b
	}
	add(text[at:end], false)
	if end < len(text) {
		add("…", false)
	}
	return out
}

// wordStart moves i forward to the start of a word (just after a space),
// unless i is 0 or no space follows within a few words.
func wordStart(text string, i int) int {
	if i == 0 {
		return 0
	}
	if j := strings.IndexByte(text[i:], ' '); j >= 0 && j < 30 {
		return i + j + 1
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i back to the end of a word (a space), unless i is the end
// of the text or no space comes before it within a few words.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	if j := strings.LastIndexByte(text[:i], ' '); j >= 0 && i-j < 30 {
		return j
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}
