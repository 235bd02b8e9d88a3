package claimline

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Kind is what sort of happening an entry records.
type Kind string

// The kinds of entry.
const (
	KindStatement  Kind = "statement"
	KindPolicyMove Kind = "policy_move"
	KindAction     Kind = "action"
	KindReport     Kind = "report"
	KindOther      Kind = "other"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindStatement, KindPolicyMove, KindAction, KindReport, KindOther}

// Label returns the kind as shown to users ("policy move").
func (k Kind) Label() string { return strings.ReplaceAll(string(k), "_", " ") }

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// ParseKind reads a kind as a user may write it: its code ("policy_move")
// or its label ("Policy move"), in any case. The second result is false
// when s is neither.
func ParseKind(s string) (Kind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range Kinds {
		if s == string(k) || s == k.Label() || strings.ReplaceAll(s, " ", "_") == string(k) {
			return k, true
		}
	}
	return Kind(s), false
}

// Entry is one dated happening on a timeline.
type Entry struct {
	ID            int64
	TimelineID    int64
	TimelineSlug  string
	TimelineTitle string
	Date          Date
	EndDate       Date // zero unless the entry is a span
	Approximate   bool
	Kind          Kind
	Title         string
	Description   string
	Actors        []Actor
	Tags          []string
	Sources       int     // distinct sources cited by the entry or assessing its claims
	Claims        []Claim // on list pages: the claims with their counts
	Notes         int     // discussion notes on the entry itself (not its claims)
	Revision      int64   // raised by one at every change; edit forms carry it
	Created       Stamp
	Updated       Stamp
}

// DisplayDate returns the date as shown, with its end for spans:
// "c. Oct 2023", "12 – 13 Sep 2024" is written "12 Sep 2024 – 13 Sep 2024".
func (e Entry) DisplayDate() string {
	s := FormatDate(e.Date, e.Approximate)
	if !e.EndDate.IsZero() {
		s += " – " + e.EndDate.Display()
	}
	return s
}

// ActorNames returns the names of e's actors in order.
func (e Entry) ActorNames() []string {
	names := make([]string, len(e.Actors))
	for i, a := range e.Actors {
		names[i] = a.Name
	}
	return names
}

// SameContent reports whether o says what e says: the same dates at the
// same precision, kind, title and description, and the same actors and
// tags in the same order. Names are compared as the library stores them:
// another case is not another name.
func (e Entry) SameContent(o Entry) bool {
	return e.Date.ISO() == o.Date.ISO() && e.EndDate.ISO() == o.EndDate.ISO() && e.Approximate == o.Approximate &&
		e.Kind == o.Kind && e.Title == o.Title && e.Description == o.Description &&
		sameNames(e.ActorNames(), o.ActorNames()) && sameNames(e.Tags, o.Tags)
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// EntryInput is what a user submits to create or change an entry. Dates are
// raw text; Parse turns the input into an Entry.
type EntryInput struct {
	Date        string
	EndDate     string
	Approximate bool
	Kind        string
	Title       string
	Description string
	Actors      []string
	Tags        []string
}

// Parse validates the input and returns the entry it describes, or an
// EINVALID *Error naming each bad field ("date", "end_date", "kind", "title",
// "description", "actors", "tags").
func (in EntryInput) Parse() (Entry, error) {
	p := Problems{}
	e := Entry{
		Approximate: in.Approximate,
		Title:       strings.TrimSpace(strings.Map(dropControl, in.Title)),
		// Browsers send CRLF from text areas; store LF so that exports and
		// re-imports agree byte for byte.
		Description: strings.TrimSpace(lineEnds.Replace(in.Description)),
	}
	var approx bool
	var err error
	if e.Date, approx, err = ParseDate(in.Date); err != nil {
		p.Add("date", ErrorMessage(err))
	}
	e.Approximate = e.Approximate || approx
	if strings.TrimSpace(in.EndDate) != "" {
		if e.EndDate, _, err = ParseDate(in.EndDate); err != nil {
			p.Add("end_date", ErrorMessage(err))
		} else if !e.Date.IsZero() && !e.EndDate.End().After(e.Date.End()) {
			p.Add("end_date", "The end date must come after the start date ("+e.Date.Display()+").")
		}
	}
	var ok bool
	if e.Kind, ok = ParseKind(in.Kind); !ok {
		p.Add("kind", "Choose one of: statement, policy move, action, report, other.")
	}
	checkText(p, "title", e.Title, MaxTitle, true)
	checkText(p, "description", e.Description, MaxDescription, false)
	e.Actors = make([]Actor, 0, len(in.Actors))
	for _, name := range CleanNames(in.Actors) {
		checkText(p, "actors", name, MaxName, false)
		e.Actors = append(e.Actors, Actor{Name: name})
	}
	e.Tags = CleanNames(in.Tags)
	for _, t := range e.Tags {
		checkText(p, "tags", t, MaxName, false)
	}
	if n := len(e.Actors); n > MaxNames {
		p.Add("actors", fmt.Sprintf("At most %d actors on one entry; this one has %d.", MaxNames, n))
	}
	if n := len(e.Tags); n > MaxNames {
		p.Add("tags", fmt.Sprintf("At most %d tags on one entry; this one has %d.", MaxNames, n))
	}
	return e, p.Err()
}

// Input returns the form values that reproduce e.
func (e Entry) Input() EntryInput {
	return EntryInput{
		Date: e.Date.ISO(), EndDate: e.EndDate.ISO(), Approximate: e.Approximate,
		Kind: string(e.Kind), Title: e.Title, Description: e.Description,
		Actors: e.ActorNames(), Tags: e.Tags,
	}
}

// CleanNames trims names, collapses inner white space, removes control
// characters, drops empties and drops repeats that differ only in case,
// keeping the first spelling.
func CleanNames(names []string) []string {
	out := make([]string, 0, len(names))
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.Join(strings.Fields(strings.Map(dropControl, n)), " ")
		if n == "" || seen[strings.ToLower(n)] {
			continue
		}
		seen[strings.ToLower(n)] = true
		out = append(out, n)
	}
	return out
}

var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func dropControl(r rune) rune {
	if unicode.IsControl(r) {
		return ' '
	}
	return r
}

func itoa(n int) string { return strconv.Itoa(n) }

// EntryFilter selects entries of a timeline. Zero fields do not filter.
type EntryFilter struct {
	Kind  Kind
	Actor string // actor name, case-insensitive
	Tag   string
	Text  string // matched in title and description
	From  Date   // entries that end on or after From
	To    Date   // entries that start on or before To
	// Status keeps entries with at least one claim of this status.
	Status Status
	After  int64 // keyset pagination: entries sorting after this entry id
	// AfterDate, with After, is the date the entry the page before ended
	// on had then: the next page starts after that place in the order
	// even when that entry has since moved or gone.
	AfterDate string
	Limit     int
}

// EntryPage is one page of a timeline's entries; More says whether entries
// follow the last one.
type EntryPage struct {
	Entries []Entry
	More    bool
}

// Actor is a person or organisation that entries involve.
type Actor struct {
	ID         int64
	Name       string
	EntryCount int
}
