package app_test

import (
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
