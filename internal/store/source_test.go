package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// seeds adds the five seed articles as sources and returns them by file
// prefix ("000" … "004").
func seeds(t testing.TB, st *store.Store) map[string]*claimline.Source {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "demo", "articles", "*.txt"))
	sort.Strings(files)
	out := map[string]*claimline.Source{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, existed, err := st.CreateSource(as("ann"), claimline.NewSource{SourceInput: claimline.SourceInput{
			Title: filepath.Base(f), Text: string(b)}})
		if err != nil || existed {
			t.Fatalf("%s: %v (existed %v)", f, err, existed)
		}
		out[filepath.Base(f)[:3]] = src
	}
	return out
}

func TestSourcesDeduplicate(t *testing.T) {
	st := open(t)
	src := seeds(t, st)["002"]
	if len(src.SHA256) != 64 || src.Text == "" {
		t.Fatalf("source %+v", src)
	}
	again, existed, err := st.CreateSource(as("bob"), claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Copy", Text: src.Text}})
	if err != nil || !existed || again.ID != src.ID {
		t.Errorf("same text again: id %d existed %v err %v", again.ID, existed, err)
	}
	// A text stored, as before, with the line end its file ended with is
	// found by the same text without it.
	old, _, _ := st.CreateSource(as("bob"), claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Old", Text: "An older upload.\n"}})
	if same, existed, err := st.CreateSource(as("bob"), claimline.NewSource{SourceInput: claimline.SourceInput{Title: "New", Text: "An older upload."}}); err != nil || !existed || same.ID != old.ID {
		t.Errorf("the text without its last line end: id %d existed %v err %v, want %d", same.ID, existed, err, old.ID)
	}
	a, _, _ := st.CreateSource(as("bob"), claimline.NewSource{SourceInput: claimline.SourceInput{Title: "A", Text: "one", URL: "https://example.com/a"}})
	b, existed, _ := st.CreateSource(as("bob"), claimline.NewSource{SourceInput: claimline.SourceInput{Title: "A2", Text: "two", URL: "https://example.com/a"}})
	if !existed || a.ID != b.ID {
		t.Error("same URL again made a new source")
	}
	_, _, err = st.CreateSource(as("bob"), claimline.NewSource{SourceInput: claimline.SourceInput{Title: "", Text: " ", URL: "javascript:alert(1)", Grade: "G", Published: "2024-13"}})
	f := claimline.FieldErrors(err)
	for _, field := range []string{"title", "text", "url", "grade", "published"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, f)
		}
	}
}

func claimOn(t testing.TB, st *store.Store, text string) *claimline.Claim {
	t.Helper()
	tl := newTimeline(t, st, "t"+strings.ReplaceAll(strings.ToLower(text[:3]), " ", ""))
	ids := addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns"})
	c, err := st.CreateClaim(as("ann"), ids[0], claimline.ClaimInput{Text: text, Claimant: "Vladimir Putin"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestQuoteKeepsTheSourcesApostrophe checks that a quote typed with a
// straight apostrophe is found in a source that writes an acute accent for
// one (a real caption), and is kept as the source writes it.
func TestQuoteKeepsTheSourcesApostrophe(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	const text = "Gjøvik is a town in Oppland County in Norway, and Norway´s biggest lake “Mjøsa” is located here."
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Gjøvik", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	c := claimOn(t, st, "The biggest lake in Norway is Mjøsa")
	a, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src.ID, Stance: "supports", Quote: `Norway's biggest lake "Mjøsa"`})
	if err != nil {
		t.Fatal(err)
	}
	const want = "Norway´s biggest lake “Mjøsa”"
	got, err := st.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if text[a.Span.Start:a.Span.End] != want || len(got.Evidence) != 1 || got.Evidence[0].Quote != want {
		t.Errorf("span %q, evidence %+v; want %q", text[a.Span.Start:a.Span.End], got.Evidence, want)
	}
}

func TestQuotesAreVerifiedAndStatusDerived(t *testing.T) {
	st := open(t)
	src := seeds(t, st)
	c := claimOn(t, st, "Putin said NATO countries would be at war with Russia")
	ctx := as("ann")
	if c.Status() != claimline.Unverified || c.StatusText() != "unverified: no source yet" {
		t.Errorf("new claim: %s", c.StatusText())
	}
	// Typed with straight quotes and hyphens: found, offsets point at the original.
	a, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src["002"].ID, Stance: "supports",
		Quote: `"This will mean that NATO countries - the United States and European countries - are at war with Russia,"`})
	if err != nil {
		t.Fatal(err)
	}
	full, _ := st.Source(context.Background(), src["002"].ID)
	if got := full.Text[a.Span.Start:a.Span.End]; !strings.HasPrefix(got, "“This will mean") || !strings.Contains(got, "countries – the United States") {
		t.Errorf("stored span covers %q", got)
	}
	// The quote is kept in the source's own words, as pages and exports show it.
	got, _ := st.Claim(context.Background(), c.ID)
	if q := got.Evidence[0].Quote; q != full.Text[a.Span.Start:a.Span.End] {
		t.Errorf("quote kept as %q, not as the source has it", q)
	}
	if got.Status() != claimline.Supported || got.StatusText() != "supported by 1 source" {
		t.Errorf("after one support: %s", got.StatusText())
	}
	// A passage that is not there is refused, with the closest one offered.
	_, err = st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src["004"].ID, Stance: "disputes",
		Quote: "officials signal a change in policy, letting Kyiv strike deep into Russian territory"})
	f := claimline.FieldErrors(err)
	if !strings.Contains(f["quote"], "not in") || !strings.Contains(f["quote_suggestion"], "allowing Kyiv to strike deep into Russian territory") {
		t.Errorf("refusal: %v", f)
	}
	if got, _ := st.Claim(context.Background(), c.ID); len(got.Evidence) != 1 {
		t.Error("a refused assessment was saved")
	}
	if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src["003"].ID, Stance: "disputes",
		Quote: "In his latest address on state-run television"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src["001"].ID, Stance: "supports",
		Quote: "at war with Russia"}); err != nil {
		t.Fatal(err)
	}
	got, _ = st.Claim(context.Background(), c.ID)
	if got.Status() != claimline.Disputed || got.StatusText() != "disputed: 2 sources support, 1 disputes" {
		t.Errorf("disputed: %s", got.StatusText())
	}
	// The same source again replaces its stance rather than adding one.
	if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src["003"].ID, Stance: "mentions"}); err != nil {
		t.Fatal(err)
	}
	got, _ = st.Claim(context.Background(), c.ID)
	if got.StatusText() != "supported by 2 sources · 1 mentions it" || len(got.Evidence) != 3 {
		t.Errorf("after replacing: %s with %d assessments", got.StatusText(), len(got.Evidence))
	}
	// The timeline filters by derived status and counts sources per entry.
	page, _ := st.Entries(context.Background(), timelineOf(t, st, got), claimline.EntryFilter{Status: claimline.Supported})
	if len(page.Entries) != 1 || page.Entries[0].Sources != 3 || len(page.Entries[0].Claims) != 1 {
		t.Errorf("supported filter: %d entries", len(page.Entries))
	}
	page, _ = st.Entries(context.Background(), timelineOf(t, st, got), claimline.EntryFilter{Status: claimline.Disputed})
	if len(page.Entries) != 0 {
		t.Errorf("disputed filter found %d", len(page.Entries))
	}
}

func timelineOf(t testing.TB, st *store.Store, c *claimline.Claim) int64 {
	tl, err := st.TimelineBySlug(context.Background(), c.Entry.TimelineSlug)
	if err != nil {
		t.Fatal(err)
	}
	return tl.ID
}

func TestDeleteSourceRemovesWhatRestsOnIt(t *testing.T) {
	st := open(t)
	src := seeds(t, st)
	c := claimOn(t, st, "Putin spoke to reporters")
	ctx := as("ann")
	if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src["002"].ID, Stance: "supports", Quote: "Putin emphasized to reporters on Thursday"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddCitation(ctx, c.EntryID, src["002"].ID, "make appropriate decisions in response to the threats"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddCitation(ctx, c.EntryID, src["002"].ID, "words that are not there at all"); claimline.FieldErrors(err)["quote"] == "" {
		t.Errorf("a citation with a false quote: %v", err)
	}
	cits, as, err := st.SourceUses(context.Background(), src["002"].ID)
	if err != nil || len(cits) != 1 || len(as) != 1 || as[0].Claim.Text != "Putin spoke to reporters" {
		t.Fatalf("uses: %d citations, %d assessments, %v", len(cits), len(as), err)
	}
	if err := st.DeleteSource(ctx, src["002"].ID, 0); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Claim(context.Background(), c.ID)
	cits, _, _ = st.EntryEvidence(context.Background(), c.EntryID)
	if len(got.Evidence) != 0 || len(cits) != 0 || got.Status() != claimline.Unverified {
		t.Errorf("after delete: %d assessments, %d citations", len(got.Evidence), len(cits))
	}
	deleted, _ := st.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "source", Action: "delete"})
	if len(deleted) != 1 {
		t.Error("the source's deletion is not in history")
	}
}

func TestDeleteTimelineKeepsClaimsInHistory(t *testing.T) {
	st := open(t)
	src := seeds(t, st)
	c := claimOn(t, st, "Putin spoke to reporters")
	if _, err := st.SetAssessment(as("ann"), c.ID, claimline.AssessmentInput{SourceID: src["002"].ID, Stance: "supports", Quote: "Putin emphasized to reporters on Thursday"}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteTimeline(as("ann"), timelineOf(t, st, c), 0); err != nil {
		t.Fatal(err)
	}
	deleted, _ := st.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "claim", Action: "delete"})
	if len(deleted) != 1 || deleted[0].Label != "Putin spoke to reporters" {
		t.Errorf("deleted claims in history: %+v", deleted)
	}
	if _, err := st.Claim(context.Background(), c.ID); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Error("the claim outlived its timeline")
	}
}

func TestAssessmentHistoryNamesClaimAndSource(t *testing.T) {
	st := open(t)
	src := seeds(t, st)
	c := claimOn(t, st, "Putin spoke to reporters")
	a, err := st.SetAssessment(as("ann"), c.ID, claimline.AssessmentInput{SourceID: src["002"].ID, Stance: "supports", Quote: "Putin emphasized to reporters on Thursday"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteAssessment(as("ann"), a.ID); err != nil {
		t.Fatal(err)
	}
	changes, _ := st.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "claim", ObjectID: c.ID})
	want := []string{"Putin spoke to reporters — 002_dfef56231284805c.txt no longer supports", "Putin spoke to reporters — 002_dfef56231284805c.txt supports"}
	if len(changes) < 2 || changes[0].Label != want[0] || changes[1].Label != want[1] {
		t.Errorf("labels: %q, %q", changes[0].Label, changes[1].Label)
	}
}

// A date mark corrected in a source's text: saved once per mark, replaced
// by a second correction, refused for a version that is no longer the
// source's, removed by a reset; each change is in the history.
func TestDateCorrections(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	src := seeds(t, st)["002"]
	c := claimline.DateCorrection{SourceID: src.ID, Version: 1, Start: 10, End: 22, Text: "last October",
		Date: claimline.MustParseDate("2023-10"), Approximate: true}
	if err := st.CorrectDate(ctx, c, false, "12 Oct 2024"); err != nil {
		t.Fatal(err)
	}
	got, err := st.DateCorrections(ctx, src.ID, 1)
	if err != nil || len(got) != 1 || got[0].Date.ISO() != "2023-10" || !got[0].Approximate || got[0].Text != "last October" || got[0].Created.Username != "ann" {
		t.Fatalf("corrections = %+v, %v", got, err)
	}
	c.Approximate = false
	if err := st.CorrectDate(ctx, c, false, "12 Oct 2024"); err != nil {
		t.Fatal(err)
	}
	if got, err = st.DateCorrections(ctx, src.ID, 1); err != nil || len(got) != 1 || got[0].Approximate {
		t.Errorf("corrected again: %+v, %v; want one, not approximate", got, err)
	}
	stale := c
	stale.Version = 2
	if err := st.CorrectDate(ctx, stale, false, "12 Oct 2024"); claimline.ErrorCode(err) != claimline.ECONFLICT {
		t.Errorf("a version the source does not have: %v, want ECONFLICT", err)
	}
	if err := st.CorrectDate(ctx, c, true, "12 Oct 2024"); err != nil {
		t.Fatal(err)
	}
	if got, err = st.DateCorrections(ctx, src.ID, 1); err != nil || len(got) != 0 {
		t.Errorf("after the reset: %+v, %v", got, err)
	}
	changes, err := st.Changes(ctx, claimline.ChangeFilter{ObjectType: "source", ObjectID: src.ID, Action: claimline.ActionUpdate})
	if err != nil || len(changes) != 3 {
		t.Errorf("history of the corrections: %d changes, %v; want 3", len(changes), err)
	}
}

// A claim's entry carries its end date, so that the matrix and the
// claim's page show a span as the timeline does ("c. Sep 2023 – Nov 2023"),
// not its start alone.
func TestClaimsShowTheirEntrysSpan(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "span")
	ids := addEntries(t, st, tl.ID, claimline.EntryInput{Date: "c. Sep 2023", EndDate: "Nov 2023", Kind: "report", Title: "Autumn hikes"})
	c, err := st.CreateClaim(as("ann"), ids[0], claimline.ClaimInput{Text: "Rates rose through the autumn"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Claim(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Entry.DisplayDate(); d != "c. Sep 2023 – Nov 2023" {
		t.Errorf("the claim's entry shows %q", d)
	}
}
