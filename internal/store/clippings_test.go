package store_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
)

// clippingsFixture is the demo, with its sources by file-name prefix and
// its claims by text.
type clippingsFixture struct {
	st      *store.Store
	sources map[string]int64
	claims  map[string]claimline.Claim
}

func newClippingsFixture(t *testing.T) clippingsFixture {
	t.Helper()
	f := clippingsFixture{st: open(t), sources: map[string]int64{}, claims: map[string]claimline.Claim{}}
	ctx := as("editor")
	if _, err := demo.Load(ctx, app.New(f.st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	srcs, err := f.st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		f.sources[s.FileName[:3]] = s.ID
	}
	cls, err := f.st.AllClaims(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cls {
		f.claims[c.Text] = c
	}
	return f
}

// evidence describes what the demo's claims and entries rest on, to tell
// whether a refused tray changed anything.
func (f clippingsFixture) evidence(t *testing.T) string {
	t.Helper()
	var lines []string
	for _, c := range f.claims {
		cl, err := f.st.Claim(context.Background(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range cl.Evidence {
			lines = append(lines, c.Text+" | "+a.Source.Title+" | "+string(a.Stance)+" | "+a.Quote)
		}
		cits, _, err := f.st.EntryEvidence(context.Background(), c.EntryID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ci := range cits {
			lines = append(lines, c.Entry.Title+" cites "+ci.Quote)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

const (
	reportersClaim = "Putin made the remarks to reporters"
	tabloidPassage = "Putin’s previous threats, though unacted upon, linger as a reminder of Russia’s nuclear arsenal"
)

func TestSaveClippingsIsAllOrNothingAndNamesEachProblem(t *testing.T) {
	f := newClippingsFixture(t)
	ctx := as("editor")
	claim := f.claims[reportersClaim]
	before := f.evidence(t)
	tray := []claimline.Clipping{
		// Fine: a citation on the claim's entry.
		{SourceID: f.sources["003"], Quote: tabloidPassage, EntryID: claim.EntryID},
		// The tabloid already disputes this claim.
		{SourceID: f.sources["003"], Quote: tabloidPassage, ClaimID: claim.ID, Stance: "supports"},
		// Not in the source.
		{SourceID: f.sources["001"], Quote: "Putin said nothing at all on Thursday", EntryID: claim.EntryID},
		// The first clipping again.
		{SourceID: f.sources["003"], Quote: tabloidPassage, EntryID: claim.EntryID},
		// No target.
		{SourceID: f.sources["002"], Quote: "Putin emphasized to reporters on Thursday"},
	}
	_, err := f.st.SaveClippings(ctx, tray)
	fields := claimline.FieldErrors(err)
	if fields == nil {
		t.Fatalf("a tray with bad clippings was accepted: %v", err)
	}
	for field, want := range map[string]string{"clip2": "already disputes", "clip3": "not in", "clip4": "Clipping 1", "clip5": "Choose"} {
		if !strings.Contains(fields[field], want) {
			t.Errorf("%s: %q, want it to say %q", field, fields[field], want)
		}
	}
	if _, ok := fields["clip1"]; ok {
		t.Errorf("the good clipping was refused: %q", fields["clip1"])
	}
	if f.evidence(t) != before {
		t.Fatal("a refused tray saved something")
	}

	// The stance already there is refused until "replace" is ticked.
	tray = tray[:2]
	_, err = f.st.SaveClippings(ctx, tray)
	if msg := claimline.FieldErrors(err)["clip2"]; !strings.Contains(msg, "already disputes") || !strings.Contains(msg, "replace") {
		t.Fatalf("an existing stance was not named: %v", err)
	}
	if f.evidence(t) != before {
		t.Fatal("a refused tray saved something")
	}
	tray[1].Replace = true
	saved, err := f.st.SaveClippings(ctx, tray)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Citations != 1 || saved.Stances != 1 || saved.Timeline != demo.Slug {
		t.Errorf("saved %+v", saved)
	}
	cl, _ := f.st.Claim(ctx, claim.ID)
	found := false
	for _, a := range cl.Evidence {
		if a.SourceID == f.sources["003"] {
			found = a.Stance == claimline.Supports && a.Quote == tabloidPassage && a.Span.Start >= 0
		}
	}
	if !found {
		t.Errorf("the replacing stance is not saved: %+v", cl.Evidence)
	}
	// Saving the same tray again would cite the same passage twice, even
	// typed with other quote marks and spaces.
	retyped := tray[0]
	retyped.Quote = strings.ReplaceAll(strings.ReplaceAll(tabloidPassage, "’", "'"), " ", "  ")
	if _, err := f.st.SaveClippings(ctx, []claimline.Clipping{retyped}); !strings.Contains(claimline.FieldErrors(err)["clip1"], "already cites") {
		t.Errorf("a second citation of the same passage: %v", err)
	}
}

func TestSaveClippingsOnDeletedTargetsAndCancelled(t *testing.T) {
	f := newClippingsFixture(t)
	ctx := as("editor")
	claim := f.claims[reportersClaim]
	tray := []claimline.Clipping{{SourceID: f.sources["003"], Quote: tabloidPassage, EntryID: claim.EntryID}}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	before := f.evidence(t)
	if _, err := f.st.SaveClippings(cancelled, tray); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled save: %v", err)
	}
	if f.evidence(t) != before {
		t.Fatal("a cancelled save saved something")
	}
	if err := f.st.DeleteEntry(ctx, claim.EntryID, 0); err != nil {
		t.Fatal(err)
	}
	_, err := f.st.SaveClippings(ctx, append(tray, claimline.Clipping{SourceID: f.sources["003"], Quote: tabloidPassage, ClaimID: claim.ID, Stance: "mentions"}))
	fields := claimline.FieldErrors(err)
	if !strings.Contains(fields["clip1"], "entry no longer exists") || !strings.Contains(fields["clip2"], "claim no longer exists") {
		t.Errorf("deleted targets: %v", err)
	}
	if _, err := f.st.SaveClippings(ctx, nil); claimline.ErrorCode(err) != claimline.EINVALID {
		t.Errorf("an empty tray: %v", err)
	}
	// A message naming another clipping names it by its row in the form.
	again := claimline.Clipping{SourceID: f.sources["003"], Quote: tabloidPassage, ClaimID: f.claims["Starmer said Russia started the conflict and can end it"].ID, Stance: "mentions"}
	first, second := again, again
	first.Row, second.Row = 2, 3
	if _, err := f.st.SaveClippings(ctx, []claimline.Clipping{first, second}); !strings.Contains(claimline.FieldErrors(err)["clip2"], "Clipping 2 ") {
		t.Errorf("a duplicate: %v", err)
	}
}

// Two people save trays giving the same source's stance on the same claim
// at once: one is saved, the other is refused naming the stance now there,
// and no claim gets two stances from one source.
func TestSaveClippingsAtOnce(t *testing.T) {
	f := newClippingsFixture(t)
	claim := f.claims["Starmer said Russia started the conflict and can end it"]
	tray := []claimline.Clipping{{SourceID: f.sources["003"], Quote: tabloidPassage, ClaimID: claim.ID, Stance: "mentions"}}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, who := range []string{"ana", "bo"} {
		wg.Go(func() { _, errs[i] = f.st.SaveClippings(as(who), slices.Clone(tray)) })
	}
	wg.Wait()
	saved, refused := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			saved++
		case strings.Contains(claimline.FieldErrors(err)["clip1"], "already mentions"):
			refused++
		default:
			t.Errorf("unexpected: %v", err)
		}
	}
	if saved != 1 || refused != 1 {
		t.Errorf("%d saved, %d refused; want one each", saved, refused)
	}
	cl, _ := f.st.Claim(context.Background(), claim.ID)
	n := 0
	for _, a := range cl.Evidence {
		if a.SourceID == f.sources["003"] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d stances of the source", n)
	}
}
