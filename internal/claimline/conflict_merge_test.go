package claimline

import (
	"slices"
	"testing"
)

func TestMergeAgainstTheBase(t *testing.T) {
	f := func(title, desc, date string) []FormField {
		return EntryInput{Title: title, Description: desc, Date: date}.Fields()
	}
	base := ParseBase(EncodeBase(f("Putin warns", "", "2024-09-12")))
	for _, c := range []struct {
		name             string
		yours, theirs    []FormField
		base             map[string]string
		conflicts, taken []string
	}{
		{"each changed another field", f("Putin warns NATO", "", "2024-09-12"), f("Putin warns", "To reporters.", "2024-09-12"), base, nil, []string{"description"}},
		{"both changed one field alike", f("Putin warns NATO", "", "2024-09-12"), f("Putin warns NATO", "", "2024-09-12"), base, nil, nil},
		{"both changed one field apart", f("Putin warns NATO", "", "2024-09-12"), f("Putin warns the West", "", "2024-09-12"), base, []string{"title"}, nil},
		{"a date typed another way is the same date", f("Putin warns", "", "12 Sep 2024"), f("Putin warns", "", "2024-09-12"), base, nil, nil},
		{"a date made approximate is a change", f("Putin warns", "", "c. 12 Sep 2024"), f("Putin warns", "", "2024-09-13"), base, []string{"date"}, nil},
		{"without a base, every difference", f("Putin warns NATO", "", "2024-09-12"), f("Putin warns", "To reporters.", "2024-09-12"), nil, []string{"title", "description"}, nil},
	} {
		conflicts, taken := Merge(c.base, c.yours, c.theirs)
		var names []string
		for _, d := range conflicts {
			names = append(names, d.Name)
		}
		if !slices.Equal(names, c.conflicts) || !slices.Equal(taken, c.taken) {
			t.Errorf("%s: conflicts %v, taken %v; want %v, %v", c.name, names, taken, c.conflicts, c.taken)
		}
	}
	if ParseBase("") != nil || ParseBase("%zz") != nil {
		t.Error("a missing or broken base is not nil")
	}
}

// Take copies every field Fields names: a field it missed would be said to
// keep their value while the form kept the user's, undoing their change.
func TestTakeCopiesEveryField(t *testing.T) {
	from := EntryInput{Date: "2024-09-12", EndDate: "2024-09-13", Approximate: true, Kind: "statement", Title: "T", Description: "D",
		Actors: []string{"Putin"}, Tags: []string{"nato"}}
	for _, f := range from.Fields() {
		var in EntryInput
		in.Take(f.Name, from)
		if got := fieldValue(in.Fields(), f.Name); got != f.Value {
			t.Errorf("entry field %q: took %q, want %q", f.Name, got, f.Value)
		}
	}
	claim := ClaimInput{Text: "NATO at war", Claimant: "Putin"}
	for _, f := range claim.Fields() {
		var in ClaimInput
		in.Take(f.Name, claim)
		if got := fieldValue(in.Fields(), f.Name); got != f.Value {
			t.Errorf("claim field %q: took %q, want %q", f.Name, got, f.Value)
		}
	}
}

func fieldValue(fs []FormField, name string) string {
	for _, f := range fs {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}
