package claimline

import "testing"

func TestSameContent(t *testing.T) {
	parse := func(in EntryInput) Entry {
		t.Helper()
		e, err := in.Parse()
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	base := EntryInput{Date: "Sep 2024", Kind: "statement", Title: "Putin warns NATO", Description: "At a press conference.",
		Actors: []string{"Vladimir Putin", "NATO"}, Tags: []string{"missiles"}}
	e := parse(base)
	same := base
	same.Date, same.Actors = "2024-09", []string{"vladimir putin", "nato"} // another form, another case
	if !e.SameContent(parse(same)) {
		t.Error("the same entry written another way is not the same")
	}
	for name, edit := range map[string]func(*EntryInput){
		"a day for a month":    func(in *EntryInput) { in.Date = "2024-09-01" },
		"approximate":          func(in *EntryInput) { in.Approximate = true },
		"another kind":         func(in *EntryInput) { in.Kind = "report" },
		"a title":              func(in *EntryInput) { in.Title = "Putin warns the West" },
		"a description":        func(in *EntryInput) { in.Description = "" },
		"actors in turn":       func(in *EntryInput) { in.Actors = []string{"NATO", "Vladimir Putin"} },
		"one actor fewer":      func(in *EntryInput) { in.Actors = []string{"Vladimir Putin"} },
		"another tag":          func(in *EntryInput) { in.Tags = []string{"strikes"} },
		"an end to the period": func(in *EntryInput) { in.EndDate = "Oct 2024" },
	} {
		in := base
		edit(&in)
		if e.SameContent(parse(in)) {
			t.Errorf("%s: still the same", name)
		}
	}
}
