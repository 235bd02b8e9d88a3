package store_test

import (
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

func TestSeedsAreIndependentInTheLibrary(t *testing.T) {
	st, ctx := demoStore(t)
	srcs, _ := st.Sources(ctx)
	if len(srcs) != 5 {
		t.Fatalf("%d sources", len(srcs))
	}
	for _, s := range srcs {
		if cs, err := st.Copies(ctx, s.ID); err != nil || len(cs) != 0 || s.CopyGroup != 0 {
			t.Errorf("seed %q: copies %+v group %d %v", s.Title, cs, s.CopyGroup, err)
		}
	}
}

func TestCopyIsFlaggedAndQuotingIsNot(t *testing.T) {
	st, ctx := demoStore(t)
	orig := sourceTitled(t, st, "war with the US and NATO")
	cp, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Putin threatens the West over missiles",
		Text: fixture(t, "copies/001-rewritten-lead.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.Copies(ctx, cp.ID)
	if err != nil || len(cs) != 1 || cs[0].Other.ID != orig.ID || cs[0].Percent() < 50 {
		t.Fatalf("copies of the rewritten article: %+v %v", cs, err)
	}
	// Both sides see it, and both are in one group.
	back, _ := st.Copies(ctx, orig.ID)
	if len(back) != 1 || back[0].Other.ID != cp.ID || back[0].Percent() != cs[0].Percent() {
		t.Errorf("the original's copies: %+v", back)
	}
	a, _ := st.Source(ctx, orig.ID)
	b, _ := st.Source(ctx, cp.ID)
	if a.CopyGroup == 0 || a.CopyGroup != b.CopyGroup || a.CopyGroup != orig.ID {
		t.Errorf("groups: %d and %d", a.CopyGroup, b.CopyGroup)
	}

	// A claim both support is supported by one independent source.
	tl, _ := st.TimelineBySlug(ctx, demo.Slug)
	page, _ := st.Entries(ctx, tl.ID, claimline.EntryFilter{})
	cl, err := st.CreateClaim(ctx, page.Entries[0].ID, claimline.ClaimInput{Text: "Putin warned of war with NATO"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{orig.ID, cp.ID} {
		if _, err := st.SetAssessment(ctx, cl.ID, claimline.AssessmentInput{SourceID: id, Stance: "supports", Quote: "NATO countries"}); err != nil {
			t.Fatal(err)
		}
	}
	if cl, _ = st.Claim(ctx, cl.ID); cl.StatusText() != "supported by 2 sources (1 independent)" {
		t.Errorf("status %q", cl.StatusText())
	}

	q, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Analysts read the remarks",
		Text: fixture(t, "copies/000-quoted.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	if cs, _ := st.Copies(ctx, q.ID); len(cs) != 0 {
		t.Errorf("the quoting article is flagged: %+v", cs)
	}

	// A new version that is no longer a copy leaves the group.
	if _, _, err := st.AddVersion(ctx, cp.ID, claimline.NewVersion{Text: "An entirely different report, written from scratch by our own correspondent in the capital today."}); err != nil {
		t.Fatal(err)
	}
	if cs, _ := st.Copies(ctx, orig.ID); len(cs) != 0 {
		t.Errorf("still a copy after its new version: %+v", cs)
	}
	if a, _ := st.Source(ctx, orig.ID); a.CopyGroup != 0 {
		t.Errorf("group kept: %d", a.CopyGroup)
	}
	if cl, _ = st.Claim(ctx, cl.ID); cl.StatusText() != "supported by 2 sources" || cl.SupportGone() {
		t.Errorf("status after the copy changed: %q gone=%v", cl.StatusText(), cl.SupportGone())
	}
}
