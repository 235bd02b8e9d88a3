package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"claimline/internal/claimline"
)

// Twenty sessions open the same entry at the same revision and save at
// once: exactly one save wins, the nineteen others get the conflict with
// the winner's values, and the history records exactly one change.
func TestConcurrentSavesOneWins(t *testing.T) {
	st := open(t)
	tl, err := st.CreateTimeline(as("ann"), claimline.TimelineInput{Title: "T", Slug: "t"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.CreateEntry(as("ann"), tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Start"})
	if err != nil {
		t.Fatal(err)
	}
	opened := e.Revision
	errs := make([]error, 20)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = st.UpdateEntry(as(fmt.Sprintf("user%d", i)), e.ID, opened,
				claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: fmt.Sprintf("Title %d", i)})
		}()
	}
	close(start)
	wg.Wait()
	winner, conflicts := -1, 0
	for i, err := range errs {
		switch claimline.ErrorCode(err) {
		case "":
			if winner >= 0 {
				t.Fatalf("saves %d and %d both succeeded", winner, i)
			}
			winner = i
		case claimline.ECONFLICT:
			conflicts++
			c := claimline.ConflictOf(err)
			if c == nil {
				t.Fatalf("save %d: conflict without its current values", i)
			}
			cur, ok := c.Current.(*claimline.Entry)
			if !ok || cur.Revision != opened+1 || c.Revision != opened+1 {
				t.Fatalf("save %d: conflict carries %#v at revision %d", i, c.Current, c.Revision)
			}
		default:
			t.Fatalf("save %d: %v", i, err)
		}
	}
	if winner < 0 || conflicts != 19 {
		t.Fatalf("winner %d, %d conflicts; want one winner and 19 conflicts", winner, conflicts)
	}
	want := fmt.Sprintf("Title %d", winner)
	for i, err := range errs {
		if c := claimline.ConflictOf(err); c != nil {
			cur := c.Current.(*claimline.Entry)
			if cur.Title != want || c.By.Username != fmt.Sprintf("user%d", winner) {
				t.Errorf("save %d: conflict shows %q by %q, want %q by user%d", i, cur.Title, c.By.Username, want, winner)
			}
		}
	}
	got, err := st.Entry(context.Background(), e.ID)
	if err != nil || got.Title != want || got.Revision != opened+1 {
		t.Fatalf("entry now %q rev %d (%v), want %q rev %d", got.Title, got.Revision, err, want, opened+1)
	}
	changes, err := st.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "entry", ObjectID: e.ID})
	if err != nil {
		t.Fatal(err)
	}
	updates := 0
	for _, c := range changes {
		if c.Action == claimline.ActionUpdate {
			updates++
		}
	}
	if updates != 1 {
		t.Errorf("history has %d updates, want 1", updates)
	}
}

// Every kind of object refuses a save from an older revision and keeps the
// newer values; revision 0 (an import without revisions) is unchecked.
func TestStaleSavesConflictPerKind(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "T", Slug: "t"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "E"})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "C"})
	if err != nil {
		t.Fatal(err)
	}
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "S", Text: "text"}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, "bea", claimline.RoleEditor, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, "root", claimline.RoleAdmin, "x"); err != nil {
		t.Fatal(err)
	}
	kinds := []struct {
		name        string
		first, last func(rev int64) error
		now         func() (string, error)
	}{
		{"entry", func(r int64) error {
			_, err := st.UpdateEntry(as("bob"), e.ID, r, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "bob's"})
			return err
		}, func(r int64) error {
			_, err := st.UpdateEntry(as("cy"), e.ID, r, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "cy's"})
			return err
		}, func() (string, error) { x, err := st.Entry(ctx, e.ID); return x.Title, err }},
		{"claim", func(r int64) error {
			_, err := st.UpdateClaim(as("bob"), cl.ID, r, claimline.ClaimInput{Text: "bob's"})
			return err
		},
			func(r int64) error {
				_, err := st.UpdateClaim(as("cy"), cl.ID, r, claimline.ClaimInput{Text: "cy's"})
				return err
			},
			func() (string, error) { x, err := st.Claim(ctx, cl.ID); return x.Text, err }},
		{"timeline", func(r int64) error {
			_, err := st.UpdateTimeline(as("bob"), tl.ID, r, claimline.TimelineInput{Title: "bob's", Slug: "t"})
			return err
		}, func(r int64) error {
			_, err := st.UpdateTimeline(as("cy"), tl.ID, r, claimline.TimelineInput{Title: "cy's", Slug: "t"})
			return err
		}, func() (string, error) { x, err := st.TimelineBySlug(ctx, "t"); return x.Title, err }},
		{"source", func(r int64) error {
			_, err := st.UpdateSource(as("bob"), src.ID, r, claimline.SourceInput{Title: "bob's"})
			return err
		},
			func(r int64) error {
				_, err := st.UpdateSource(as("cy"), src.ID, r, claimline.SourceInput{Title: "cy's"})
				return err
			},
			func() (string, error) { x, err := st.Source(ctx, src.ID); return x.Title, err }},
		{"user", func(r int64) error {
			_, err := st.UpdateUser(as("bob"), u.ID, r, claimline.RoleViewer, false)
			return err
		},
			func(r int64) error {
				_, err := st.UpdateUser(as("cy"), u.ID, r, claimline.RoleAdmin, false)
				return err
			},
			func() (string, error) { x, err := st.User(ctx, u.ID); return string(x.Role), err }},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			if err := k.first(1); err != nil {
				t.Fatalf("first save: %v", err)
			}
			err := k.last(1)
			c := claimline.ConflictOf(err)
			if c == nil || c.Revision != 2 || c.By.Username != "bob" || c.Current == nil {
				t.Fatalf("second save from revision 1: %v, conflict %+v; want a conflict at revision 2 by bob", err, c)
			}
			want := "bob's"
			if k.name == "user" {
				want = "viewer"
			}
			if got, err := k.now(); err != nil || got != want {
				t.Fatalf("after the refused save: %q (%v), want %q", got, err, want)
			}
			if err := k.last(2); err != nil {
				t.Fatalf("saving again from the current revision: %v", err)
			}
			if err := k.first(0); err != nil {
				t.Fatalf("unchecked save: %v", err)
			}
		})
	}
}

func TestDeleteChangedSinceOpenedConflicts(t *testing.T) {
	st := open(t)
	tl, _ := st.CreateTimeline(as("ann"), claimline.TimelineInput{Title: "T", Slug: "t"})
	e, err := st.CreateEntry(as("ann"), tl.ID, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "E"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateEntry(as("bob"), e.ID, e.Revision, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "E2"}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteEntry(as("cy"), e.ID, e.Revision); claimline.ConflictOf(err) == nil {
		t.Fatalf("delete from an old revision: %v, want a conflict", err)
	}
	if _, err := st.Entry(context.Background(), e.ID); err != nil {
		t.Fatalf("the entry is gone after a refused delete: %v", err)
	}
	if err := st.DeleteEntry(as("cy"), e.ID, e.Revision+1); err != nil {
		t.Fatal(err)
	}
}

// The conflict names who made the change that raised the revision, not
// whoever touched the entry last without changing it (a citation).
func TestConflictNamesTheEditor(t *testing.T) {
	st := open(t)
	tl, _ := st.CreateTimeline(as("ann"), claimline.TimelineInput{Title: "T", Slug: "t"})
	e, err := st.CreateEntry(as("ann"), tl.ID, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "E"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateEntry(as("bob"), e.ID, e.Revision, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "bob's"}); err != nil {
		t.Fatal(err)
	}
	src, _, err := st.CreateSource(as("cy"), claimline.NewSource{SourceInput: claimline.SourceInput{Title: "S", Text: "some text"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddCitation(as("cy"), e.ID, src.ID, ""); err != nil {
		t.Fatal(err)
	}
	_, err = st.UpdateEntry(as("di"), e.ID, e.Revision, claimline.EntryInput{Date: "2024", Kind: "statement", Title: "di's"})
	if c := claimline.ConflictOf(err); c == nil || c.By.Username != "bob" {
		t.Fatalf("conflict %+v (%v), want one naming bob", c, err)
	}
}

// Opening an edit form records who has it open; each user once per form,
// at the last opening, seen by the others within PresenceWindow.
func TestFormPresence(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	var users []*claimline.User
	for _, name := range []string{"ann", "bob"} {
		u, err := st.CreateUser(ctx, name, claimline.RoleEditor, "x")
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	ann, bob := claimline.NewContextWithUser(ctx, users[0]), claimline.NewContextWithUser(ctx, users[1])
	for range 2 {
		if others, err := st.OpenForm(ann, "entry", 7); err != nil || len(others) != 0 {
			t.Fatalf("ann opens the form: others %+v, %v", others, err)
		}
	}
	if others, err := st.OpenForm(bob, "entry", 8); err != nil || len(others) != 0 {
		t.Errorf("another entry's form: others %+v, %v", others, err)
	}
	others, err := st.OpenForm(bob, "entry", 7)
	if err != nil || len(others) != 1 || others[0].Username != "ann" || others[0].At.IsZero() {
		t.Errorf("bob opens ann's form: others %+v, %v; want ann once", others, err)
	}
	if others, err := st.OpenForm(ann, "entry", 7); err != nil || len(others) != 1 || others[0].Username != "bob" {
		t.Errorf("ann opens it again: others %+v, %v; want bob", others, err)
	}
}
