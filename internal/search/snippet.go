package search

import (
	"strings"

	"claimline/internal/claimline"
)

// MarkOpen and MarkClose are what the store asks FTS5's snippet() and
// highlight() to put around matched words. They are control characters, which
// no title, name or query holds, so that the marked text can be cut into
// typed pieces instead of being trusted as HTML.
const (
	MarkOpen  = "\x02"
	MarkClose = "\x03"
)

// ParseSnippet cuts text marked with MarkOpen and MarkClose into pieces,
// matched or not. Unpaired markers (a source text may hold these characters
// itself) are dropped, never shown.
func ParseSnippet(marked string) claimline.Snippet {
	var out claimline.Snippet
	in := false
	for marked != "" {
		i := strings.IndexAny(marked, MarkOpen+MarkClose)
		if i < 0 {
			i = len(marked)
		}
		if i > 0 {
			out = appendPart(out, claimline.SnippetPart{Text: marked[:i], Mark: in})
		}
		if i == len(marked) {
			break
		}
		in = marked[i] == MarkOpen[0]
		marked = marked[i+1:]
	}
	return out
}

// appendPart adds p, merging it into the last piece when both are marked
// or both are not.
func appendPart(s claimline.Snippet, p claimline.SnippetPart) claimline.Snippet {
	if n := len(s); n > 0 && s[n-1].Mark == p.Mark {
		s[n-1].Text += p.Text
		return s
	}
	return append(s, p)
}
