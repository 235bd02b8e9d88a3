package store_test

import (
	"context"
	"testing"

	"claimline/internal/claimline"
)

// Ids name things outside their rows (history, links, exported CSV), so an
// id is never given again after its row is deleted, not even the newest.
func TestIDsAreNeverReused(t *testing.T) {
	st := open(t)
	ctx := as("ann")

	tl := newTimeline(t, st, "old")
	if err := st.DeleteTimeline(ctx, tl.ID, 0); err != nil {
		t.Fatal(err)
	}
	if again := newTimeline(t, st, "later"); again.ID == tl.ID {
		t.Errorf("timeline id %d given again", tl.ID)
	}

	tl = newTimeline(t, st, "t")
	ids := addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Kept"},
		claimline.EntryInput{Date: "2024", Kind: "other", Title: "Deleted"})
	deleted := ids[1]
	if err := st.DeleteEntry(ctx, deleted, 0); err != nil {
		t.Fatal(err)
	}
	fresh := addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Fresh"})[0]
	if fresh == deleted {
		t.Fatalf("entry id %d given again", deleted)
	}
	// The fresh entry's history is its own.
	if h, err := st.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "entry", ObjectID: fresh}); err != nil || len(h) != 1 || h[0].Label != "Fresh" {
		t.Errorf("history of the fresh entry: %+v %v", h, err)
	}
	// A spreadsheet exported before the delete comes back: its row for the
	// deleted entry makes a new entry and leaves "Fresh" alone.
	res, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, []claimline.ImportRow{
		{Line: 3, ID: deleted, Input: claimline.EntryInput{Date: "2024", Kind: "other", Title: "Deleted, restored"}}})
	if err != nil || res.Created != 1 || res.Updated != 0 {
		t.Errorf("import: %+v %v", res, err)
	}
	if e, err := st.Entry(context.Background(), fresh); err != nil || e.Title != "Fresh" {
		t.Errorf("the re-import changed another entry: %+v %v", e, err)
	}

	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "S", Text: "one text"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSource(ctx, src.ID, 0); err != nil {
		t.Fatal(err)
	}
	if again, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "T", Text: "another text"}}); err != nil || again.ID == src.ID {
		t.Errorf("source id %d given again (%v)", src.ID, err)
	}

	c, err := st.CreateClaim(ctx, fresh, claimline.ClaimInput{Text: "A claim"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteClaim(ctx, c.ID, 0); err != nil {
		t.Fatal(err)
	}
	if again, err := st.CreateClaim(ctx, fresh, claimline.ClaimInput{Text: "Another claim"}); err != nil || again.ID == c.ID {
		t.Errorf("claim id %d given again (%v)", c.ID, err)
	}
}

// Every way of creating an entry records the creation in its history.
func TestEveryEntryCreationIsInTheHistory(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	tl := newTimeline(t, st, "t")
	addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "One"})
	if err := st.CreateEntries(ctx, tl.ID, []claimline.EntryInput{{Date: "2024", Kind: "other", Title: "Bulk"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, []claimline.ImportRow{
		{Line: 2, Input: claimline.EntryInput{Date: "2024", Kind: "other", Title: "Imported"}}}); err != nil {
		t.Fatal(err)
	}
	page, err := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	if err != nil || len(page.Entries) != 3 {
		t.Fatalf("entries: %+v %v", page.Entries, err)
	}
	for _, e := range page.Entries {
		h, err := st.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "entry", ObjectID: e.ID, Action: claimline.ActionCreate})
		if err != nil || len(h) != 1 || h[0].Label != e.Title || h[0].Username != "ann" {
			t.Errorf("creation of %q in the history: %+v %v", e.Title, h, err)
		}
	}
}
