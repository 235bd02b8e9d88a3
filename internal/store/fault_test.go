package store

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// A full disk is injected with PRAGMA max_page_count on the writer: SQLite
// then refuses to grow the database with SQLITE_FULL, the code a real
// ENOSPC gives (internal/server tests the real thing on a tiny tmpfs when
// they may mount one; this test runs everywhere).
func TestFullDiskSavesNothingAndWritesResumeWhenSpaceReturns(t *testing.T) {
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{ID: 1, Username: "ann", Role: claimline.RoleEditor})
	st, err := Open(ctx, filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "T", Slug: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var pages int64
	if err := st.w.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	setMax := func(n int64) {
		t.Helper()
		if _, err := st.w.ExecContext(ctx, `PRAGMA max_page_count = `+strconv.FormatInt(n, 10)); err != nil {
			t.Fatal(err)
		}
	}
	setMax(pages) // not one page more
	big := claimline.EntryInput{Date: "2024", Kind: "statement", Title: "Big", Actors: []string{"New actor"},
		Description: strings.Repeat("A description that needs new pages. ", 500)}
	_, err = st.CreateEntry(ctx, tl.ID, big)
	if claimline.ErrorCode(err) != claimline.EFULL || claimline.ErrorMessage(err) != "The server's disk is full; nothing was saved." {
		t.Fatalf("create on a full disk: %v (code %q), want EFULL", err, claimline.ErrorCode(err))
	}
	if f := claimline.FieldErrors(err); f[""] != claimline.ErrorMessage(err) {
		t.Errorf("FieldErrors = %v, want the message as the form's", f)
	}
	page, _ := st.Entries(ctx, tl.ID, claimline.EntryFilter{})
	actors, _ := st.Actors(ctx)
	changes, _ := st.Changes(ctx, claimline.ChangeFilter{ObjectType: "entry"})
	if len(page.Entries) != 0 || len(actors) != 0 || len(changes) != 0 {
		t.Errorf("a failed write left %d entries, %d actors, %d history records", len(page.Entries), len(actors), len(changes))
	}
	if st.fault.Load() == nil {
		t.Error("the fault is not remembered for /healthz")
	}

	setMax(1 << 30) // space is back
	e, err := st.CreateEntry(ctx, tl.ID, big)
	if err != nil {
		t.Fatalf("write after space came back: %v", err)
	}
	if got, err := st.Entry(ctx, e.ID); err != nil || got.Description != strings.TrimSpace(big.Description) {
		t.Errorf("saved entry: %v", err)
	}
	if st.fault.Load() != nil {
		t.Error("the fault is still remembered after a commit")
	}
}
