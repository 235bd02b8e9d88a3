package app_test

import (
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// A timeline created without a slug gets one from its title, in Latin
// letters whatever the title's script, and one no other timeline has:
// two stories may have one title, and a Greek or Ukrainian title must not
// be refused for a slug nobody typed.
func TestCreateMakesAFreeSlug(t *testing.T) {
	a, ctx := newApp(t)
	for _, c := range []struct{ title, want string }{
		{"Rate decisions 2023", "rate-decisions-2023"},
		{"Rate decisions 2023", "rate-decisions-2023-2"},
		{"Rate decisions 2023", "rate-decisions-2023-3"},
		{"Україна 2024", "ukrayina-2024"},
		{"Ελλάδα", "ellada"},
		{"北京会谈", "timeline"},
		{"北京会谈", "timeline-2"},
	} {
		tl, err := a.Timelines.Create(ctx, claimline.TimelineInput{Title: c.title})
		if err != nil {
			t.Fatalf("%q: %v", c.title, err)
		}
		if tl.Slug != c.want {
			t.Errorf("%q: slug %q, want %q", c.title, tl.Slug, c.want)
		}
	}
	// A slug typed by hand is the user's: taken, it is refused, not changed.
	_, err := a.Timelines.Create(ctx, claimline.TimelineInput{Title: "Another", Slug: "ellada"})
	if claimline.FieldErrors(err)["slug"] == "" {
		t.Errorf("a typed slug already taken: %v", err)
	}
}

// Timelines of one title created at once all get an address: a slug
// taken between the look and the write is looked for again.
func TestConcurrentCreatesOfOneTitle(t *testing.T) {
	a, ctx := newApp(t)
	const n = 8
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := a.Timelines.Create(ctx, claimline.TimelineInput{Title: "Rate decisions"})
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	tls, err := a.Timelines.List(ctx)
	if err != nil || len(tls) != n {
		t.Fatalf("%d timelines, %v; want %d", len(tls), err, n)
	}
}

// Filtering by an actor finds them spelt without their diacritics, as
// reports often write names ("Dragos Tudorache" for Dragoș), and in any
// case; a name no actor has finds nothing.
func TestActorFilterFoldsDiacritics(t *testing.T) {
	a, ctx := newApp(t)
	tl, err := a.Timelines.Create(ctx, claimline.TimelineInput{Title: "AI Act 2024"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []claimline.EntryInput{
		{Date: "2024-03-13", Kind: "policy_move", Title: "Parliament adopts the AI Act", Actors: []string{"Dragoș Tudorache", "Brando Benifei"}},
		{Date: "2024-05-21", Kind: "policy_move", Title: "Council gives final approval"},
	} {
		if _, err := a.Timelines.CreateEntry(ctx, tl.ID, e); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]int{"Dragoș Tudorache": 1, "Dragos Tudorache": 1, "dragos tudorache": 1, "brando benifei": 1, "Thierry Breton": 0} {
		page, err := a.Timelines.Entries(ctx, tl.ID, claimline.EntryFilter{Actor: name})
		if err != nil || len(page.Entries) != want {
			t.Errorf("actor %q: %d entries (%v), want %d", name, len(page.Entries), err, want)
		}
	}
	// A filtered export reads the filter the same way.
	var csv strings.Builder
	if err := a.Exchange.Export(ctx, "csv", tl, claimline.EntryFilter{Actor: "Dragos Tudorache"}, &csv); err != nil || !strings.Contains(csv.String(), "Parliament adopts the AI Act") {
		t.Errorf("filtered export: %v\n%s", err, csv.String())
	}
}
