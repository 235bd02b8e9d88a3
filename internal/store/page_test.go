package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

func pageState(t *testing.T, st *store.Store, slug string) claimline.TimelineState {
	t.Helper()
	v, err := st.TimelineState(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Every change that the timeline page shows moves the timeline's state,
// in the transaction that makes it; changes to another timeline do not.
func TestTimelineStateMovesWithEveryChangeItsPageShows(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	a, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "A", Slug: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "B", Slug: "b"}); err != nil {
		t.Fatal(err)
	}
	text := "Putin said NATO countries would be at war with Russia."
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "S", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	var entryID, citationID, claimID, assessmentID int64
	entry := claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Warning", Actors: []string{"Vladimir Putin"}, Tags: []string{"nato"}}
	steps := []struct {
		name      string
		do        func() error
		onlyNames bool // only the name lists change, not the timeline
		otherToo  bool // timeline b changes as well
	}{
		{name: "create entry", do: func() error {
			e, err := st.CreateEntry(ctx, a.ID, entry)
			if err == nil {
				entryID = e.ID
			}
			return err
		}},
		{name: "update entry", do: func() error {
			in := entry
			in.Title = "A warning"
			_, err := st.UpdateEntry(ctx, entryID, 0, in)
			return err
		}},
		{name: "add citation", do: func() error {
			c, err := st.AddCitation(ctx, entryID, src.ID, "at war with Russia")
			if err == nil {
				citationID = c.ID
			}
			return err
		}},
		{name: "create claim", do: func() error {
			c, err := st.CreateClaim(ctx, entryID, claimline.ClaimInput{Text: "NATO would be at war"})
			if err == nil {
				claimID = c.ID
			}
			return err
		}},
		{name: "assess claim", do: func() error {
			as, err := st.SetAssessment(ctx, claimID, claimline.AssessmentInput{SourceID: src.ID, Stance: "supports", Quote: "at war with Russia"})
			if err == nil {
				assessmentID = as.ID
			}
			return err
		}},
		{name: "update claim", do: func() error {
			_, err := st.UpdateClaim(ctx, claimID, 0, claimline.ClaimInput{Text: "NATO would be at war with Russia"})
			return err
		}},
		{name: "update the cited source", do: func() error {
			_, err := st.UpdateSource(ctx, src.ID, 0, claimline.SourceInput{Title: "S renamed", Outlet: "Outlet"})
			return err
		}},
		{name: "delete assessment", do: func() error { _, err := st.DeleteAssessment(ctx, assessmentID); return err }},
		{name: "delete citation", do: func() error { _, err := st.DeleteCitation(ctx, citationID); return err }},
		{name: "delete claim", do: func() error { return st.DeleteClaim(ctx, claimID, 0) }},
		{name: "update timeline", do: func() error {
			_, err := st.UpdateTimeline(ctx, a.ID, 0, claimline.TimelineInput{Title: "A2", Slug: "a"})
			return err
		}},
		{name: "new actor on another timeline", onlyNames: true, otherToo: true, do: func() error {
			b, err := st.TimelineBySlug(ctx, "b")
			if err == nil {
				_, err = st.CreateEntry(ctx, b.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Elsewhere", Actors: []string{"Joe Biden"}})
			}
			return err
		}},
		{name: "delete the source it cites", do: func() error {
			if _, err := st.AddCitation(ctx, entryID, src.ID, ""); err != nil {
				return err
			}
			before := pageState(t, st, "a")
			if err := st.DeleteSource(ctx, src.ID, 0); err != nil {
				return err
			}
			if pageState(t, st, "a") == before {
				t.Error("deleting a cited source left the state")
			}
			return nil
		}},
		{name: "note on the entry", do: func() error {
			if _, err := st.CreateUser(ctx, "ann", claimline.RoleEditor, "hash"); err != nil {
				return err
			}
			n, err := st.AddNote(ctx, entryID, 0, claimline.NoteInput{Text: "Is this the same remark?"})
			if err != nil {
				return err
			}
			before := pageState(t, st, "a")
			if _, err := st.DeleteNote(ctx, n.ID); err != nil {
				return err
			}
			if pageState(t, st, "a") == before {
				t.Error("deleting a note left the state")
			}
			return nil
		}},
		{name: "delete entry", do: func() error { return st.DeleteEntry(ctx, entryID, 0) }},
	}
	for _, s := range steps {
		beforeA, beforeB := pageState(t, st, "a"), pageState(t, st, "b")
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		afterA, afterB := pageState(t, st, "a"), pageState(t, st, "b")
		if s.onlyNames {
			if afterA.Content != beforeA.Content || afterA.Names == beforeA.Names {
				t.Errorf("%s: timeline a went %+v → %+v, want only its name lists to move", s.name, beforeA, afterA)
			}
		} else if afterA.Content == beforeA.Content {
			t.Errorf("%s: timeline a stayed at content count %d", s.name, afterA.Content)
		}
		if changed := afterB.Content != beforeB.Content; changed != s.otherToo {
			t.Errorf("%s: timeline b changed = %v, want %v", s.name, changed, s.otherToo)
		}
	}
	tp, err := st.TimelinePage(ctx, "a", claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if tp.Timeline.EntryCount != 0 || len(tp.Entries.Entries) != 0 {
		t.Errorf("entry count %d with %d entries after deleting the only entry", tp.Timeline.EntryCount, len(tp.Entries.Entries))
	}
}

// A slug given to a new timeline after the old one was deleted never
// matches the old one's state.
func TestTimelineStateOfReusedSlug(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	a, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "A", Slug: "a"})
	if err != nil {
		t.Fatal(err)
	}
	old := pageState(t, st, "a")
	if err := st.DeleteTimeline(ctx, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "A", Slug: "a"}); err != nil {
		t.Fatal(err)
	}
	if v := pageState(t, st, "a"); v == old {
		t.Errorf("the new timeline at the old address has the old state %+v", v)
	}
}

// The page's data takes three statements and keeps its entry count right,
// however long the timeline is.
func TestTimelinePageStatementsDoNotGrow(t *testing.T) {
	if store.RaceDetector {
		t.Skip("measures quality or sizes, not concurrency: run without -race")
	}
	st := open(t)
	ctx := as("ann")
	for _, n := range []int{150, 3000} {
		slug := fmt.Sprintf("t%d", n)
		tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: slug, Slug: slug})
		if err != nil {
			t.Fatal(err)
		}
		ins := make([]claimline.EntryInput, n)
		for i := range ins {
			ins[i] = claimline.EntryInput{Date: fmt.Sprintf("%d-%02d", 2000+i%20, 1+i%12), Kind: "report", Title: fmt.Sprint("Entry ", i),
				Actors: []string{fmt.Sprint("Actor ", i%30)}, Tags: []string{fmt.Sprint("tag", i%9)}}
		}
		if err := st.CreateEntries(ctx, tl.ID, ins); err != nil {
			t.Fatal(err)
		}
		before := st.Statements()
		tp, err := st.TimelinePage(ctx, slug, claimline.EntryFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Statements() - before; got != 3 {
			t.Errorf("%d entries: %d statements, want 3", n, got)
		}
		if tp.Timeline.EntryCount != n || len(tp.Entries.Entries) != 100 || !tp.Entries.More || len(tp.Actors) != 30 || len(tp.Tags) != 9 {
			t.Errorf("%d entries: count %d, %d on the page (more %v), %d actors, %d tags",
				n, tp.Timeline.EntryCount, len(tp.Entries.Entries), tp.Entries.More, len(tp.Actors), len(tp.Tags))
		}
	}
}

// Commits moves at once with a commit through the store, not with reads,
// and within ExternalCheckEvery with a commit through another connection
// to the file (another process, such as the command line).
// On SQLite the other store is another process's view of the file; on
// PostgreSQL it is another node on the same database.
func TestCommitsSeesCommits(t *testing.T) {
	path := storetest.Addr(t)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := as("ann")
	g := st.Commits()
	if _, err := st.Timelines(ctx); err != nil {
		t.Fatal(err)
	}
	if st.Commits() != g {
		t.Error("a read moved the commit count")
	}
	if _, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "A", Slug: "a"}); err != nil {
		t.Fatal(err)
	}
	if st.Commits() == g {
		t.Fatal("a commit left the commit count")
	}
	other, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	time.Sleep(store.ExternalCheckEvery) // let opening the other store be seen
	g = st.Commits()
	if _, err := other.CreateTimeline(ctx, claimline.TimelineInput{Title: "B", Slug: "b"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	deadline := start.Add(store.ExternalCheckEvery + time.Second)
	for st.Commits() == g {
		if time.Now().After(deadline) {
			t.Fatal("a commit by another connection was not seen")
		}
		time.Sleep(time.Millisecond)
	}
	t.Logf("another store's commit seen after %v", time.Since(start))
}

// An entry's number of sources, kept on its row by triggers, follows every
// citation and assessment that adds or removes a source.
func TestEntrySourceCountFollowsEvidence(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "A", Slug: "a"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "E"})
	if err != nil {
		t.Fatal(err)
	}
	text := "NATO countries would be at war with Russia."
	a, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "A", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "B", Text: "Another " + text}})
	if err != nil {
		t.Fatal(err)
	}
	want := func(step string, n int) {
		t.Helper()
		got, err := st.Entry(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Sources != n {
			t.Fatalf("%s: %d sources, want %d", step, got.Sources, n)
		}
	}
	want("no evidence", 0)
	c1, err := st.AddCitation(ctx, e.ID, a.ID, "at war")
	if err != nil {
		t.Fatal(err)
	}
	want("cited A", 1)
	if _, err := st.AddCitation(ctx, e.ID, a.ID, "with Russia"); err != nil {
		t.Fatal(err)
	}
	want("cited A twice", 1)
	cl, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "War"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetAssessment(ctx, cl.ID, claimline.AssessmentInput{SourceID: b.ID, Stance: "supports", Quote: "at war"}); err != nil {
		t.Fatal(err)
	}
	want("B assesses a claim", 2)
	if _, err := st.SetAssessment(ctx, cl.ID, claimline.AssessmentInput{SourceID: a.ID, Stance: "disputes", Quote: "at war"}); err != nil {
		t.Fatal(err)
	}
	want("A assesses it too", 2)
	if _, err := st.DeleteCitation(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	want("one citation of A gone", 2)
	if err := st.DeleteClaim(ctx, cl.ID, 0); err != nil {
		t.Fatal(err)
	}
	want("the claim gone", 1)
	if err := st.DeleteSource(ctx, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	want("source A gone", 0)
}
