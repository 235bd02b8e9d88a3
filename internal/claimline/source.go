package claimline

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Grade is a source's reliability on the NATO Admiralty scale, A to F, or
// "" when unrated.
type Grade string

// Grades lists the grades, best first.
var Grades = []Grade{"A", "B", "C", "D", "E", "F"}

// Label describes the grade ("B – usually reliable").
func (g Grade) Label() string {
	switch g {
	case "A":
		return "A – completely reliable"
	case "B":
		return "B – usually reliable"
	case "C":
		return "C – fairly reliable"
	case "D":
		return "D – not usually reliable"
	case "E":
		return "E – unreliable"
	case "F":
		return "F – reliability cannot be judged"
	}
	return "unrated"
}

// Valid reports whether g is a grade or unrated.
func (g Grade) Valid() bool {
	if g == "" {
		return true
	}
	for _, x := range Grades {
		if g == x {
			return true
		}
	}
	return false
}

// Source is an article or document in the team's library. Its Text is
// stored as captured and never changes; SHA256 is the hex digest of Text.
type Source struct {
	ID           int64
	Title        string
	Outlet       string
	Author       string
	URL          string
	Published    Date
	Retrieved    time.Time
	Text         string // empty in lists
	SHA256       string
	Grade        Grade
	Notes        string
	OriginalType string // media type of the kept original ("text/html"), "" if none
	FileName     string // the name of the file it was uploaded as, "" if none
	// TitleSuggested says the title was made from the first sentence and
	// nobody has given one yet.
	TitleSuggested bool
	Version        int    // its current version's number
	CopyGroup      int64  // the lowest id of the sources it copies or is copied by; 0 if independent
	Copies         []Copy // the sources it shares at least half its own text with, either way
	// In exports: the SHA-256 of its copy group's first source ("" when
	// independent), and every version when it has more than one.
	GroupSHA string
	Versions []Version
	Uses     int   // citations and assessments resting on it
	Revision int64 // raised by one at every change of its metadata
	Created  Stamp
	Updated  Stamp
}

// WebURL returns the source's URL when it is http or https, else "": only
// such URLs are shown as links.
func (s Source) WebURL() string {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s.URL
}

// Label names the source briefly: its outlet and title.
func (s Source) Label() string {
	if s.Outlet != "" {
		return s.Outlet + ": " + s.Title
	}
	return s.Title
}

// SourceInput is what a user submits about a source. Text is ignored when
// changing a source: stored text never changes.
type SourceInput struct {
	Title, Outlet, Author, URL, Published, Grade, Notes string
	Text                                                string
}

// NewSource is a source to add to the library: its metadata and text, and
// the original document it was extracted from.
type NewSource struct {
	SourceInput
	Original       []byte
	OriginalType   string
	Retrieved      time.Time // zero: now
	FileName       string    // the uploaded file's name, "" if none
	TitleSuggested bool      // the title was made from the first sentence
}

// Parse validates the input's metadata (and text, when withText) and returns
// the source it describes, or an EINVALID *Error naming each bad field.
func (in SourceInput) Parse(withText bool) (Source, error) {
	p := Problems{}
	s := Source{Title: strings.TrimSpace(in.Title), Outlet: strings.TrimSpace(in.Outlet), Author: strings.TrimSpace(in.Author),
		URL: strings.TrimSpace(in.URL), Grade: Grade(strings.TrimSpace(in.Grade)), Notes: strings.TrimSpace(in.Notes), Text: in.Text}
	checkText(p, "title", s.Title, MaxTitle, true)
	checkText(p, "outlet", s.Outlet, MaxName, false)
	checkText(p, "author", s.Author, MaxName, false)
	checkText(p, "notes", s.Notes, MaxDescription, false)
	if s.URL != "" && s.WebURL() == "" {
		p.Add("url", "Give a full web address starting with http:// or https://, or leave it empty.")
	}
	if strings.TrimSpace(in.Published) != "" {
		d, _, err := ParseDate(in.Published)
		if err != nil {
			p.Add("published", ErrorMessage(err))
		}
		s.Published = d
	}
	if !s.Grade.Valid() {
		p.Add("grade", "Choose a grade from A to F, or unrated.")
	}
	if withText {
		switch {
		case strings.TrimSpace(s.Text) == "":
			p.Add("text", "Paste the text of the article.")
		case len(s.Text) > MaxSourceText:
			p.Add("text", "The text is longer than 5 MiB.")
		}
	}
	return s, p.Err()
}

// MaxSourceText is the largest source text, in bytes.
const MaxSourceText = 5 << 20

// Input returns the form values that reproduce s's metadata.
func (s Source) Input() SourceInput {
	return SourceInput{Title: s.Title, Outlet: s.Outlet, Author: s.Author, URL: s.URL, Published: s.Published.ISO(),
		Grade: string(s.Grade), Notes: s.Notes}
}

// Span is a byte range of a source's stored text; Start is -1 for none.
type Span struct{ Start, End int }

// Citation says an entry rests on a source, optionally on one passage of it.
type Citation struct {
	ID          int64
	EntryID     int64
	SourceID    int64
	SourceLabel string
	SourceSHA   string // in exports
	Quote       string
	Span        Span // into the version quoted (Check.Version)
	Check       QuoteCheck
	Entry       EntryRef
}

// EntryRef names an entry from elsewhere (a source page, the matrix).
type EntryRef struct {
	ID            int64
	Title         string
	Date          Date
	EndDate       Date // zero when the entry has no end, or where it is not read (search hits)
	Approximate   bool
	TimelineSlug  string
	TimelineTitle string
}

// DisplayDate is the entry's date as Entry.DisplayDate shows it: "c. Sep
// 2023 – Nov 2023" for an approximate span.
func (r EntryRef) DisplayDate() string {
	return Entry{Date: r.Date, EndDate: r.EndDate, Approximate: r.Approximate}.DisplayDate()
}

// DateMention is a date expression found in a source's text ("on
// Thursday", "in October 2023"), with the date it stands for.
type DateMention struct {
	Start, End  int    // byte offsets of the words in the text
	Text        string // the words as written
	Date        Date   // what they resolve to, at its precision; zero when unresolved
	EndDate     Date   // the last day of a span ("last week", "August 19-22"), else zero
	Week        bool   // the words name a week ("this week"): its datetime is the ISO week
	Approximate bool   // the words give a span or a rough time, not one day
	Relative    bool   // resolved against the published date
	Resolved    bool
	// Readings are the two dates an ambiguous numeric date may be
	// ("03/04/2024": 4 March or 3 April), earlier first; Resolved is then
	// false until someone chooses.
	Readings []Date
	Rule     string // how it was read ("weekday, the sentence speaks of the future")
	// Correction is the correction a user made to this mark, if any: the
	// mark then carries its date (or none, when it is not a date).
	Correction *DateCorrection
}

// Ambiguous reports whether the words are a numeric date with two
// readings and nobody has chosen one.
func (m DateMention) Ambiguous() bool { return len(m.Readings) == 2 && !m.Resolved && !m.NotADate() }

// NotADate reports whether a user said the words are not a date.
func (m DateMention) NotADate() bool { return m.Correction != nil && m.Correction.Date.IsZero() }

// OpeningDate returns the date a text begins with, from its date marks in
// order (ms): a date of its first lines (the first 300 bytes) that names
// its day and year itself, not one read against another date; nil if none.
// A text without a published date is offered it as one: a dateline.
func OpeningDate(ms []DateMention) *DateMention {
	for i, m := range ms {
		if m.Start >= 300 {
			break
		}
		if m.Resolved && !m.Relative && !m.NotADate() && m.EndDate.IsZero() && m.Date.Precision >= PrecisionDay {
			return &ms[i]
		}
	}
	return nil
}

// DateTime returns the HTML datetime value: the ISO date at its precision
// ("2023-10", "2024-09-12"), the ISO week for a week ("2024-W36"), the
// first day of any other span, or "" when unresolved.
func (m DateMention) DateTime() string {
	if !m.Resolved {
		return ""
	}
	if m.Week {
		y, w := m.Date.Start().ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return m.Date.ISO()
}

// Display returns the resolved date as people read it: "12 Sep 2024",
// "c. 2 Sep 2024 – 8 Sep 2024", or "" when unresolved.
func (m DateMention) Display() string {
	if !m.Resolved {
		return ""
	}
	s := FormatDate(m.Date, m.Approximate)
	if !m.EndDate.IsZero() {
		s += " – " + m.EndDate.Display()
	}
	return s
}

// ReadingsDisplay returns an ambiguous date's readings as people read
// them: "4 Mar 2024 or 3 Apr 2024".
func (m DateMention) ReadingsDisplay() string {
	if len(m.Readings) != 2 {
		return ""
	}
	return m.Readings[0].Display() + " or " + m.Readings[1].Display()
}

// DateCorrection is a user's correction of one date mark in one version
// of a source's text: another date, or none when the words are not a date.
type DateCorrection struct {
	SourceID    int64
	Version     int    // the version of the text whose words were corrected
	Start, End  int    // the mark's byte offsets in that version
	Text        string // the words, as they were when corrected
	Date        Date   // the date they stand for; zero when they are not a date
	Approximate bool
	Created     Stamp
}

// DateCorrectionInput is the correction form of one mark: the version and
// offsets it was shown at, and either a date (in the forms ParseDate
// reads) or NotADate. Reset removes the correction, back to the reader's
// own reading.
type DateCorrectionInput struct {
	Version    int
	Start, End int
	Date       string
	NotADate   bool
	Reset      bool
}

// EntryChoice is an entry offered when choosing where a claim goes, with
// whether it already rests on the source at hand.
type EntryChoice struct {
	EntryRef
	CitesSource bool
}

// Document is a file or fetched page to add to the source library, or to
// give a source as a new version.
type Document struct {
	Name string   // the file name (for a fetched page, page.html or page.txt)
	Data []byte   // the file as uploaded or fetched
	URL  *url.URL // the address a page was fetched from; nil for a file
	// Meta is what the user says of the document; each field given wins
	// over what the document says of itself. Its Text is ignored.
	Meta SourceInput
}

// ErrOtherText is in the chain of the ECONFLICT *Error returned when a
// source is added under an address the library already holds with another
// text: nothing is saved, and the text can become that source's new
// version instead.
var ErrOtherText = errors.New("address in the library with another text")
