package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// The tray keeps each passage once, as its source has it; holds at most
// claimline.MaxTray; refuses a batch whole; and loses a clipping with its
// source or its user.
func TestTray(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	ann, err := st.CreateUser(ctx, "ann", claimline.RoleEditor, "$h")
	if err != nil {
		t.Fatal(err)
	}
	bob, _ := st.CreateUser(ctx, "bob", claimline.RoleEditor, "$h")
	actx := claimline.NewContextWithUser(ctx, ann)
	var words []string
	for i := range claimline.MaxTray + 1 {
		words = append(words, fmt.Sprintf("w%03d", i))
	}
	src, _, err := st.CreateSource(actx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Words", Text: "“Quoted” — " + strings.Join(words, " ")}})
	if err != nil {
		t.Fatal(err)
	}
	kept, added, err := st.AddToTray(ctx, ann.ID, []claimline.Clipping{{SourceID: src.ID, Quote: `"Quoted" - w000`}, {SourceID: src.ID, Quote: "“Quoted” — w000"}})
	if err != nil || added != 1 || len(kept) != 2 || kept[0].ID != kept[1].ID || kept[0].Quote != "“Quoted” — w000" {
		t.Fatalf("the same passage typed twice: %+v, %d added, %v", kept, added, err)
	}
	// One bad clipping refuses the batch, naming it.
	_, _, err = st.AddToTray(ctx, ann.ID, []claimline.Clipping{{SourceID: src.ID, Quote: "w001"}, {SourceID: src.ID, Quote: "not there"}})
	if f := claimline.FieldErrors(err); f[claimline.ClippingField(1)] == "" || f[claimline.ClippingField(0)] != "" {
		t.Fatalf("a batch with a passage not in its source: %v", err)
	}
	if n, _ := st.TraySize(ctx, ann.ID); n != 1 {
		t.Fatalf("a refused batch left %d clippings", n)
	}
	// Full: the clipping past the limit is refused, and nothing of its batch kept.
	var clips []claimline.Clipping
	for _, w := range words[1:claimline.MaxTray] {
		clips = append(clips, claimline.Clipping{SourceID: src.ID, Quote: w})
	}
	if _, _, err := st.AddToTray(ctx, ann.ID, clips); err != nil {
		t.Fatal(err)
	}
	_, _, err = st.AddToTray(ctx, ann.ID, []claimline.Clipping{{SourceID: src.ID, Quote: words[claimline.MaxTray]}})
	if claimline.ErrorCode(err) != claimline.EINVALID || !strings.Contains(claimline.ErrorMessage(err), "at most") {
		t.Errorf("over the limit: %v", err)
	}
	if n, _ := st.TraySize(ctx, ann.ID); n != claimline.MaxTray {
		t.Errorf("the full tray holds %d", n)
	}
	// Another user's tray is apart, and cannot be emptied by ann.
	bobs, _, _ := st.AddToTray(ctx, bob.ID, []claimline.Clipping{{SourceID: src.ID, Quote: "w001"}})
	if n, _ := st.RemoveFromTray(ctx, ann.ID, []int64{bobs[0].ID}); n != 0 {
		t.Error("ann removed bob's clipping")
	}
	// Deleting the source empties both trays of it.
	if err := st.DeleteSource(actx, src.ID, 0); err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{ann.ID, bob.ID} {
		if tray, _ := st.Tray(ctx, u); len(tray) != 0 {
			t.Errorf("user %d keeps %d clippings of a deleted source", u, len(tray))
		}
	}
}
