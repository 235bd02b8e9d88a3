package claimline

import (
	"errors"
	"net/url"
	"strings"
	"time"
)

// Conflict is what a save over a newer revision reports: the revision the
// object has now, who made the change the form did not know of and when,
// and the object as it is now (*Entry, *Claim, *Source, *Timeline or *User).
type Conflict struct {
	Revision int64
	By       Stamp
	Current  any
}

// ConflictError returns the ECONFLICT error a store gives when an object
// changed since the form was opened.
func ConflictError(kind string, c *Conflict) *Error {
	msg := "This " + kind + " was changed by someone else since you opened it."
	if c.By.Username != "" {
		msg = "This " + kind + " was changed by " + c.By.Username + " since you opened it."
	}
	return &Error{Code: ECONFLICT, Message: msg, Conflict: c}
}

// ConflictOf returns the conflict err carries, or nil.
func ConflictOf(err error) *Conflict {
	var e *Error
	if errors.As(err, &e) && e.Code == ECONFLICT {
		return e.Conflict
	}
	return nil
}

// FormField is one field of an edit form as text: its name, the label users
// see and its value. Edit forms compare them to show a conflict.
type FormField struct {
	Name, Label, Value string
}

// FieldDiff is a field whose value differs between the user's form
// ("yours") and what was saved meanwhile ("theirs").
type FieldDiff struct {
	Name, Label   string
	Yours, Theirs string
}

// Diff returns the fields of yours whose value differs from the field of
// the same name in theirs, in yours' order.
func Diff(yours, theirs []FormField) []FieldDiff {
	other := make(map[string]string, len(theirs))
	for _, f := range theirs {
		other[f.Name] = f.Value
	}
	var out []FieldDiff
	for _, f := range yours {
		if t := other[f.Name]; t != f.Value {
			out = append(out, FieldDiff{Name: f.Name, Label: f.Label, Yours: f.Value, Theirs: t})
		}
	}
	return out
}

// Merge compares an edit form's values with what was saved meanwhile,
// field by field, against the values the form was opened with (base, by
// name; see EncodeBase): a field only one side changed is no conflict, and
// where only they changed it their value is to be taken (theirsOnly, by
// name) so that saving the form does not undo their change. The fields
// both changed, to different values, are the conflicts. Without a base
// (a form from before bases were sent) every difference is a conflict, as
// Diff has it.
func Merge(base map[string]string, yours, theirs []FormField) (conflicts []FieldDiff, theirsOnly []string) {
	if base == nil {
		return Diff(yours, theirs), nil
	}
	other := make(map[string]string, len(theirs))
	for _, f := range theirs {
		other[f.Name] = f.Value
	}
	for _, f := range yours {
		t := other[f.Name]
		b, known := base[f.Name]
		switch {
		case t == f.Value:
		case known && f.Value == b:
			theirsOnly = append(theirsOnly, f.Name)
		case known && t == b:
		default:
			conflicts = append(conflicts, FieldDiff{Name: f.Name, Label: f.Label, Yours: f.Value, Theirs: t})
		}
	}
	return conflicts, theirsOnly
}

// EncodeBase writes a form's values for the form to carry, hidden, back to
// the save (Merge's base); ParseBase reads them, nil when s holds none.
func EncodeBase(fields []FormField) string {
	v := url.Values{}
	for _, f := range fields {
		v.Set(f.Name, f.Value)
	}
	return v.Encode()
}

// ParseBase reads what EncodeBase wrote; nil for "" or a value it did not
// write.
func ParseBase(s string) map[string]string {
	v, err := url.ParseQuery(s)
	if s == "" || err != nil {
		return nil
	}
	out := make(map[string]string, len(v))
	for k := range v {
		out[k] = v.Get(k)
	}
	return out
}

// Take sets the field named name (as Fields names it) to its value in
// from.
func (in *EntryInput) Take(name string, from EntryInput) {
	switch name {
	case "date":
		in.Date = from.Date
	case "end_date":
		in.EndDate = from.EndDate
	case "approximate":
		in.Approximate = from.Approximate
	case "kind":
		in.Kind = from.Kind
	case "title":
		in.Title = from.Title
	case "description":
		in.Description = from.Description
	case "actors":
		in.Actors = from.Actors
	case "tags":
		in.Tags = from.Tags
	}
}

// Take sets the field named name (as Fields names it) to its value in
// from.
func (in *ClaimInput) Take(name string, from ClaimInput) {
	switch name {
	case "text":
		in.Text = from.Text
	case "claimant":
		in.Claimant = from.Claimant
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Fields returns the entry form's values as text, for comparing two versions.
func (in EntryInput) Fields() []FormField {
	return []FormField{
		{"date", "Date", sameDate(in.Date)}, {"end_date", "End date", sameDate(in.EndDate)},
		{"approximate", "Approximate", yesNo(in.Approximate)}, {"kind", "Kind", Kind(in.Kind).Label()},
		{"title", "Title", strings.TrimSpace(in.Title)}, {"description", "Description", strings.TrimSpace(lineEnds.Replace(in.Description))},
		{"actors", "Actors", strings.Join(CleanNames(in.Actors), ", ")}, {"tags", "Tags", strings.Join(CleanNames(in.Tags), ", ")},
	}
}

// sameDate is a typed date as its display, so that "21 May 2024" and
// "2024-05-21" compare equal; a date that does not parse as it was typed.
func sameDate(s string) string {
	if d, approx, err := ParseDate(s); err == nil {
		return FormatDate(d, approx) // "c. 12 Sep 2024" is a change from "2024-09-12"
	}
	return strings.TrimSpace(s)
}

// Fields returns the claim form's values as text.
func (in ClaimInput) Fields() []FormField {
	return []FormField{{"text", "Claim", strings.TrimSpace(in.Text)}, {"claimant", "Claimant", strings.TrimSpace(in.Claimant)}}
}

// Fields returns the timeline form's values as text.
func (in TimelineInput) Fields() []FormField {
	return []FormField{{"title", "Title", strings.TrimSpace(in.Title)}, {"slug", "Address", strings.TrimSpace(in.Slug)},
		{"description", "Description", strings.TrimSpace(in.Description)}}
}

// Fields returns the source metadata form's values as text.
func (in SourceInput) Fields() []FormField {
	return []FormField{{"title", "Title", strings.TrimSpace(in.Title)}, {"outlet", "Outlet", strings.TrimSpace(in.Outlet)},
		{"author", "Author", strings.TrimSpace(in.Author)}, {"url", "Address", strings.TrimSpace(in.URL)},
		{"published", "Published", strings.TrimSpace(in.Published)}, {"grade", "Grade", strings.TrimSpace(in.Grade)},
		{"notes", "Notes", strings.TrimSpace(in.Notes)}}
}

// UserInput is what an admin submits to change a user's role and state.
type UserInput struct {
	Role     Role
	Disabled bool
}

// Fields returns the user form's values as text.
func (in UserInput) Fields() []FormField {
	return []FormField{{"role", "Role", string(in.Role)}, {"disabled", "Disabled", yesNo(in.Disabled)}}
}

// Input returns the form values that reproduce c.
func (c Claim) Input() ClaimInput { return ClaimInput{Text: c.Text, Claimant: c.Claimant.Name} }

// Input returns the form values that reproduce t.
func (t Timeline) Input() TimelineInput {
	return TimelineInput{Title: t.Title, Description: t.Description, Slug: t.Slug}
}

// Input returns the form values that reproduce u's role and state.
func (u User) Input() UserInput { return UserInput{Role: u.Role, Disabled: u.Disabled} }

// Presence is someone else who opened the same edit form recently.
type Presence struct {
	Username string
	At       time.Time
}
