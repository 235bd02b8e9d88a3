package views

import (
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"claimline/internal/claimline"
)

// Discussion is the notes section of an entry or claim page.
type Discussion struct {
	Notes  []claimline.Note
	Action string // where the add-note form posts
	Form   NoteForm
}

// NoteForm is a note form's state: the add-note form of a discussion, or
// the page that edits one note.
type NoteForm struct {
	Note   *claimline.Note // when editing
	Text   string
	Errors Errors
	Edit   EditState
}

// Segment is a piece of a note's text: plain text, a link, or an @mention.
type Segment struct {
	Text    string
	URL     templ.SafeURL // set for links
	Mention bool
}

var reLink = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`https?://[^\s<>"']+|@[A-Za-z0-9][A-Za-z0-9._-]*`) })

// NoteSegments splits a line of a note into text, links and mentions. Only
// http and https addresses become links; anything else, "javascript:" and
// markup included, stays text (and templ escapes it). Punctuation that
// ends a sentence is not part of a link.
func NoteSegments(line string) []Segment {
	var out []Segment
	last := 0
	for _, m := range reLink().FindAllStringIndex(line, -1) {
		start, end := m[0], m[1]
		tok := line[start:end]
		if tok[0] == '@' {
			if start > 0 && isWordByte(line[start-1]) { // an e-mail address, not a mention
				continue
			}
			tok = strings.TrimRight(tok, ".-")
			end = start + len(tok)
			out = append(out, Segment{Text: line[last:start]}, Segment{Text: tok, Mention: true})
			last = end
			continue
		}
		tok = strings.TrimRight(tok, ".,;:!?)")
		end = start + len(tok)
		u, err := url.Parse(tok)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		out = append(out, Segment{Text: line[last:start]}, Segment{Text: tok, URL: templ.SafeURL(u.String())})
		last = end
	}
	return append(out, Segment{Text: line[last:]})
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.'
}

// Lines splits text into its lines.
func Lines(s string) []string { return strings.Split(s, "\n") }
