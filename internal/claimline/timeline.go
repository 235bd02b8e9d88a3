package claimline

import (
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Timeline is a named, described collection of entries.
type Timeline struct {
	ID          int64
	Slug        string
	Title       string
	Description string
	EntryCount  int
	Changed     Stamp // who last changed the timeline or one of its entries
	Revision    int64 // of the timeline's own fields; edit forms carry it
}

// Stamp records who did something and when.
type Stamp struct {
	At       time.Time
	Username string
}

// Field limits, shared by validation and by the forms' maxlength attributes.
const (
	MaxTitle       = 300
	MaxDescription = 20000
	MaxName        = 200
	MaxNames       = 100 // actors, or tags, on one entry
	MaxSlug        = 80
)

// TimelineInput is what a user submits to create or change a timeline.
type TimelineInput struct {
	Title       string
	Description string
	Slug        string // optional; derived from Title when empty
}

// Normalize trims the input's fields.
func (in *TimelineInput) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Slug = strings.TrimSpace(in.Slug)
}

var reSlug = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// Validate returns an EINVALID *Error naming each bad field, or nil.
func (in TimelineInput) Validate() error {
	p := Problems{}
	checkText(p, "title", in.Title, MaxTitle, true)
	checkText(p, "description", in.Description, MaxDescription, false)
	switch {
	case in.Slug == "":
		p.Add("slug", "Give the timeline a short address of letters and digits, e.g. strike-restrictions-2024.")
	case len(in.Slug) > MaxSlug:
		p.Add("slug", "The address may be at most 80 characters long.")
	case !reSlug().MatchString(in.Slug):
		p.Add("slug", "Use only lower-case letters, digits and single hyphens, e.g. strike-restrictions-2024.")
	case in.Slug == "new":
		p.Add("slug", "“new” is reserved; choose another address.")
	}
	return p.Err()
}

func checkText(p Problems, field, v string, limit int, required bool) {
	switch {
	case required && v == "":
		p.Add(field, "This field is required.")
	case !utf8.ValidString(v):
		p.Add(field, "This text is not valid UTF-8.")
	case utf8.RuneCountInString(v) > limit:
		p.Add(field, "This is too long: at most "+itoa(limit)+" characters.")
	}
}
