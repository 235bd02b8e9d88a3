package store_test

import (
	"context"
	"slices"
	"testing"

	"claimline/internal/claimline"
)

// Notes on entries and claims, and the mentions of users they carry.
func TestNotesAndMentions(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	users := map[string]*claimline.User{}
	for _, name := range []string{"ann", "bob", "cy"} {
		u, err := st.CreateUser(ctx, name, claimline.RoleEditor, "hash")
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	ann := claimline.NewContextWithUser(ctx, users["ann"])
	tl := newTimeline(t, st, "t")
	ids := addEntries(t, st, tl.ID,
		claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Warning"},
		claimline.EntryInput{Date: "2024-09-13", Kind: "statement", Title: "Other"})
	claim, err := st.CreateClaim(ann, ids[0], claimline.ClaimInput{Text: "NATO would be at war"})
	if err != nil {
		t.Fatal(err)
	}

	// A note on no entry, or on a claim of another entry, is not found.
	if _, err := st.AddNote(ann, 999, 0, claimline.NoteInput{Text: "Lost"}); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("note on a missing entry: %v, want ENOTFOUND", err)
	}
	if _, err := st.AddNote(ann, ids[1], claim.ID, claimline.NoteInput{Text: "Lost"}); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("note on another entry's claim: %v, want ENOTFOUND", err)
	}

	n, err := st.AddNote(ann, ids[0], claim.ID, claimline.NoteInput{Text: "@bob and @cy: is this a dispute? (@ann)"})
	if err != nil {
		t.Fatal(err)
	}
	if notes, err := st.ClaimNotes(ctx, claim.ID); err != nil || len(notes) != 1 || notes[0].Author != "ann" || notes[0].ClaimText != claim.Text {
		t.Errorf("claim notes = %+v, %v", notes, err)
	}
	if notes, err := st.EntryNotes(ctx, ids[0]); err != nil || len(notes) != 0 {
		t.Errorf("entry notes = %+v, %v: a claim's note is not the entry's", notes, err)
	}
	unread := func(name string) []bool {
		t.Helper()
		ms, err := st.Mentions(ctx, users[name].ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []bool
		for _, m := range ms {
			out = append(out, m.Read)
		}
		return out
	}
	if got := unread("ann"); len(got) != 0 {
		t.Errorf("the author mentioned herself: %v", got)
	}
	if err := st.MarkMentionsRead(ctx, users["bob"].ID); err != nil {
		t.Fatal(err)
	}
	if got, want := unread("bob"), []bool{true}; !slices.Equal(got, want) {
		t.Errorf("bob's mentions read: %v, want %v", got, want)
	}
	if got, want := unread("cy"), []bool{false}; !slices.Equal(got, want) {
		t.Errorf("cy's mentions read: %v, want %v", got, want)
	}

	// An edit that drops cy drops cy's mention; bob's keeps its read state.
	if _, err := st.UpdateNote(claimline.NewContextWithUser(ctx, users["bob"]), n.ID, 0, claimline.NoteInput{Text: "@bob only"}); claimline.ErrorCode(err) != claimline.EFORBIDDEN {
		t.Errorf("bob edits ann's note: %v, want EFORBIDDEN", err)
	}
	edited, err := st.UpdateNote(ann, n.ID, n.Revision, claimline.NoteInput{Text: "@bob: is this a dispute?"})
	if err != nil || !edited.Edited() {
		t.Fatalf("edit: %+v, %v", edited, err)
	}
	if got, want := unread("bob"), []bool{true}; !slices.Equal(got, want) {
		t.Errorf("bob's mentions after the edit: %v, want %v", got, want)
	}
	if got := unread("cy"); len(got) != 0 {
		t.Errorf("cy is still mentioned: %v", got)
	}
	if _, err := st.DeleteNote(ann, n.ID); err != nil {
		t.Fatal(err)
	}
	if got := unread("bob"); len(got) != 0 {
		t.Errorf("a deleted note still mentions bob: %v", got)
	}
}
