package claimline_test

import (
	"reflect"
	"testing"

	"claimline/internal/claimline"
)

func TestMentionedNames(t *testing.T) {
	for text, want := range map[string][]string{
		"@ana, is this a dispute? cc @bo.":           {"ana", "bo"},
		"@Ana and @ana again, and @j.doe-2-.":        {"Ana", "j.doe-2"},
		"write to ana@example.org, not a mention":    nil,
		"(@ana) and email@x and @@bo and ana's @cy!": {"ana", "cy"},
	} {
		if got := claimline.MentionedNames(text); !reflect.DeepEqual(got, want) {
			t.Errorf("MentionedNames(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestDiffComparesFieldsByName(t *testing.T) {
	yours := claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "A", Actors: []string{"Putin"}}
	theirs := claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "B", Actors: []string{" Putin "}, Tags: []string{"x"}}
	got := claimline.Diff(yours.Fields(), theirs.Fields())
	want := []claimline.FieldDiff{{Name: "title", Label: "Title", Yours: "A", Theirs: "B"}, {Name: "tags", Label: "Tags", Yours: "", Theirs: "x"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff = %+v, want %+v", got, want)
	}
}
