package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
)

// A person imports a timeline's CSV export into a new timeline, with
// JavaScript on: the preview counts every row as new (the ids are the old
// timeline's), and "Import" imports, though the form disables its button
// while it works.
func TestBrowserImportIntoANewTimeline(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	uctx := claimline.NewContextWithUser(context.Background(), ed)
	tl, err := h.st.CreateTimeline(uctx, claimline.TimelineInput{Title: "SVB", Slug: "svb"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.st.CreateEntry(uctx, tl.ID, claimline.EntryInput{Date: "2023-03-10", Kind: "action", Title: "Regulators close Silicon Valley Bank"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "svb.csv")
	csv := fmt.Sprintf("id,date,kind,title\n%d,2023-03-10,action,Regulators close Silicon Valley Bank\n,2023-03-12,policy_move,\"Treasury, Fed and FDIC guarantee all deposits\"\n", e.ID)
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	base := h.ts.URL
	signIn(t, ctx, base, "ed")
	do(t, ctx, chromedp.Navigate(base+"/import"), chromedp.WaitVisible("#file"),
		chromedp.SetUploadFiles("#file", []string{file}), chromedp.SetValue("#new_title", "SVB, copied"),
		chromedp.Click(`form[action="/import/preview"] button[type="submit"]`), chromedp.WaitVisible("form.import-commit"))
	if got := strings.Join(texts(t, ctx, "main p.meta"), " "); !strings.Contains(got, "2 new, 0 updated") {
		t.Errorf("the preview of an import into a new timeline says %q, want 2 new", got)
	}
	do(t, ctx, chromedp.Click(`form.import-commit button[value="import"]`), chromedp.WaitVisible(".flash"))
	if got := strings.Join(texts(t, ctx, ".flash"), " "); !strings.Contains(got, "2 new") {
		t.Errorf("after Import: %q", got)
	}
	copied, err := h.st.TimelineBySlug(context.Background(), "svb-copied")
	if err != nil {
		t.Fatalf("no new timeline: %v", err)
	}
	if page, err := h.st.Entries(context.Background(), copied.ID, claimline.EntryFilter{}); err != nil || len(page.Entries) != 2 {
		t.Errorf("the new timeline has %d entries (%v), want 2", len(page.Entries), err)
	}
	if page, _ := h.st.Entries(context.Background(), tl.ID, claimline.EntryFilter{}); len(page.Entries) != 1 {
		t.Errorf("the exported timeline now has %d entries", len(page.Entries))
	}
}
