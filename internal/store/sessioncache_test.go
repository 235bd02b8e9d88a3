package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// A session is answered from memory until a commit, and nothing that ends
// a session waits for the cache: disabling, signing out, a new password and
// the time limits all take effect on the next request.
func TestSessionCacheEndsSessionsAtOnce(t *testing.T) {
	clk := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	st := open(t, store.WithClock(clk.Now))
	ctx := context.Background()
	lim := claimline.SessionLimits{Idle: time.Hour, Absolute: 3 * time.Hour}
	admin, u := adminAndViewer(t, st)
	session := func() string {
		tok, err := st.CreateSession(ctx, u.ID, lim)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	live := func(tok, when string) {
		t.Helper()
		if got, err := st.Session(ctx, tok, lim); err != nil || got.User.ID != u.ID || got.CSRFToken == "" {
			t.Fatalf("%s: session %+v, %v", when, got, err)
		}
	}
	ended := func(tok, when string) {
		t.Helper()
		if got, err := st.Session(ctx, tok, lim); claimline.ErrorCode(err) != claimline.EUNAUTH {
			t.Fatalf("%s: session %+v, %v; want EUNAUTH", when, got, err)
		}
	}
	cached := func(tok string) {
		t.Helper()
		before := st.Statements()
		live(tok, "cached")
		if n := st.Statements() - before; n != 0 {
			t.Fatalf("a cached session took %d statements", n)
		}
	}

	tok := session()
	live(tok, "first use")
	cached(tok)
	if _, err := st.UpdateUser(claimline.NewContextWithUser(ctx, admin), u.ID, 0, claimline.RoleViewer, true); err != nil {
		t.Fatal(err)
	}
	ended(tok, "after disabling")
	if _, err := st.UpdateUser(claimline.NewContextWithUser(ctx, admin), u.ID, 0, claimline.RoleViewer, false); err != nil {
		t.Fatal(err)
	}

	tok = session()
	live(tok, "first use")
	cached(tok)
	if err := st.DeleteSession(ctx, tok); err != nil {
		t.Fatal(err)
	}
	ended(tok, "after signing out")

	tok, keep := session(), session()
	live(tok, "first use")
	cached(tok)
	if err := st.SetPassword(ctx, u.ID, "y", true, keep); err != nil {
		t.Fatal(err)
	}
	ended(tok, "after a new password")
	live(keep, "the session that set it")

	tok = session()
	live(tok, "first use")
	clk.advance(59 * time.Second)
	cached(tok)
	clk.advance(2 * time.Second) // due for its once-a-minute touch
	before := st.Statements()
	live(tok, "touched")
	if st.Statements() == before {
		t.Error("a session due for its touch was answered from memory")
	}
	clk.advance(time.Hour + time.Second)
	ended(tok, "idle past its limit")
}

// The cache forgets sessions only for commits that change what a session
// shows: a new entry leaves a cached session cached, while a new role, a
// clipping on the tray, a note mentioning the user and the deletion of
// that note's entry (which deletes the mention through its foreign key)
// each show on the next request.
func TestSessionCacheFollowsWhatSessionsShow(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	lim := claimline.SessionLimits{Idle: time.Hour, Absolute: 3 * time.Hour}
	admin, u := adminAndViewer(t, st)
	tok, err := st.CreateSession(ctx, u.ID, lim)
	if err != nil {
		t.Fatal(err)
	}
	by := claimline.NewContextWithUser(ctx, admin)
	tl, err := st.CreateTimeline(by, claimline.TimelineInput{Title: "Talks", Slug: "talks"})
	if err != nil {
		t.Fatal(err)
	}
	src, _, err := st.CreateSource(by, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Report", Text: "The talks ended without a deal on Friday."}})
	if err != nil {
		t.Fatal(err)
	}
	// session returns the session, and how many statements it took.
	session := func(when string) (claimline.Session, int64) {
		t.Helper()
		before := st.Statements()
		ses, err := st.Session(ctx, tok, lim)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		return ses, st.Statements() - before
	}
	session("first use")

	e, err := st.CreateEntry(by, tl.ID, claimline.EntryInput{Date: "2026-03-01", Kind: "statement", Title: "Talks end"})
	if err != nil {
		t.Fatal(err)
	}
	// PostgreSQL has no pre-update hook: there, every commit counts.
	if _, n := session("after a new entry"); n != 0 && !storetest.Postgres() {
		t.Errorf("after a commit that changed no session, the session took %d statements", n)
	}

	if _, err := st.UpdateUser(by, u.ID, 0, claimline.RoleEditor, false); err != nil {
		t.Fatal(err)
	}
	if ses, _ := session("after a new role"); ses.User.Role != claimline.RoleEditor {
		t.Errorf("after a new role the session's user is a %s", ses.User.Role)
	}
	if _, _, err := st.AddToTray(ctx, u.ID, []claimline.Clipping{{SourceID: src.ID, Quote: "without a deal"}}); err != nil {
		t.Fatal(err)
	}
	if ses, _ := session("after a clipping"); ses.Tray != 1 {
		t.Errorf("after a clipping the tray holds %d", ses.Tray)
	}
	if _, err := st.AddNote(by, e.ID, 0, claimline.NoteInput{Text: "@vic is Friday right?"}); err != nil {
		t.Fatal(err)
	}
	if ses, _ := session("after a mention"); ses.Unread != 1 {
		t.Errorf("after a note mentioning the user, %d unread", ses.Unread)
	}
	if err := st.DeleteEntry(by, e.ID, 0); err != nil {
		t.Fatal(err)
	}
	if ses, _ := session("after the entry's deletion"); ses.Unread != 0 {
		t.Errorf("after the mentioning note's entry was deleted, %d unread", ses.Unread)
	}
}

// adminAndViewer creates the admin root and the viewer vic.
func adminAndViewer(t *testing.T, st *store.Store) (admin, viewer *claimline.User) {
	t.Helper()
	ctx := context.Background()
	admin, err := st.CreateUser(ctx, "root", claimline.RoleAdmin, "x")
	if err != nil {
		t.Fatal(err)
	}
	viewer, err = st.CreateUser(ctx, "vic", claimline.RoleViewer, "x")
	if err != nil {
		t.Fatal(err)
	}
	return admin, viewer
}
