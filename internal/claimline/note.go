package claimline

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxNote bounds a discussion note's length.
const MaxNote = 5000

// Note is a short plain-text remark in the discussion of an entry or of
// one of its claims.
type Note struct {
	ID       int64
	EntryID  int64
	ClaimID  int64 // 0 for a note on the entry itself
	AuthorID int64
	Author   string
	Text     string
	Created  time.Time
	Updated  time.Time // equal to Created until the note is edited
	Revision int64     // 1 until the note is edited
	// Where the note is, for lists of mentions.
	EntryTitle, ClaimText, TimelineSlug string
}

// Edited reports whether the note was changed after it was written.
func (n Note) Edited() bool { return n.Revision > 1 }

// URL returns the page the note belongs to, at the note.
func (n Note) URL() string {
	if n.ClaimID != 0 {
		return "/claims/" + itoa64(n.ClaimID) + "#note-" + itoa64(n.ID)
	}
	return "/entries/" + itoa64(n.EntryID) + "#note-" + itoa64(n.ID)
}

// NoteInput is what a user submits as a note.
type NoteInput struct {
	Text string
}

// Validate trims the note and returns an EINVALID *Error on field "text".
func (in *NoteInput) Validate() error {
	in.Text = strings.TrimSpace(lineEnds.Replace(in.Text))
	p := Problems{}
	checkText(p, "text", in.Text, MaxNote, true)
	return p.Err()
}

// Mention is a note that names a user, with whether that user has read it.
type Mention struct {
	Note
	Read bool
}

var reMention = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|[^\w@])@([A-Za-z0-9][A-Za-z0-9._-]*)`) })

// MentionedNames returns the names written as @name in text, each once, in order
// of first appearance. A trailing dot or hyphen ends the sentence, not the
// name.
func MentionedNames(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range reMention().FindAllStringSubmatch(text, -1) {
		name := strings.TrimRight(m[2], ".-")
		if name != "" && !seen[strings.ToLower(name)] {
			seen[strings.ToLower(name)] = true
			out = append(out, name)
		}
	}
	return out
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
