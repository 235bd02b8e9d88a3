package server_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/claimline"
)

// tinyDisk mounts a 2 MiB tmpfs for the test, so that the disk really
// fills: the write fails inside SQLite with ENOSPC, as it would in
// production. Mounting needs root (CAP_SYS_ADMIN); CI runs as root, so
// there the test must run; elsewhere it is skipped, and the store's own
// test (max_page_count) still covers the mapping.
func tinyDisk(t *testing.T) string {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=2m,mode=0700"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true, but a tmpfs cannot be mounted: %v", err)
		}
		t.Skipf("cannot mount a tmpfs here (%v): run as root", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fill writes a file until the file system is full and returns its name.
func fill(t *testing.T, dir string) string {
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); errors.Is(err, syscall.ENOSPC) {
			return name
		} else if err != nil {
			t.Fatal(err)
		}
	}
}

func TestFullDiskKeepsTheFormAndRecoversWithoutRestart(t *testing.T) {
	dir := tinyDisk(t)
	h := harnessAt(t, filepath.Join(dir, "test.db"), app.Config{})
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	wantStatus(t, c.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	c.csrf()
	history := h.historyCount()
	filler := fill(t, dir)

	typed := form("date", "12 Sep 2024", "kind", "statement", "title", "Putin warns NATO",
		"description", "Said to reporters in St Petersburg.", "actors", "Vladimir Putin", "tags", "escalation")
	r := c.post("/timelines/t/entries", typed)
	wantStatus(t, r, http.StatusInsufficientStorage)
	d := r.doc(t)
	if got := strings.TrimSpace(d.Find(".form-error").Text()); got != "The server's disk is full; nothing was saved." {
		t.Errorf("form message = %q", got)
	}
	if d.Find("#date").AttrOr("value", "") != "12 Sep 2024" || d.Find("#title").AttrOr("value", "") != "Putin warns NATO" ||
		d.Find("#description").Text() != "Said to reporters in St Petersburg." ||
		d.Find(`input[name="actors"]`).First().AttrOr("value", "") != "Vladimir Putin" {
		t.Error("what was typed is not in the form that came back")
	}
	if tl, _ := h.st.TimelineBySlug(context.Background(), "t"); tl.EntryCount != 0 || h.historyCount() != history {
		t.Error("something was saved on a full disk")
	}
	// Writes that share a transaction (group commit) all get the fault.
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	for i := range statuses {
		wg.Go(func() { statuses[i] = c.post("/timelines/t/entries", typed).StatusCode })
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusInsufficientStorage {
			t.Errorf("concurrent write %d on a full disk: status %d, want 507", i, st)
		}
	}
	hz := c.get("/healthz")
	wantStatus(t, hz, http.StatusServiceUnavailable)
	if !strings.Contains(hz.body, "disk is full") {
		t.Errorf("/healthz says %q, want the reason", hz.body)
	}
	// Reading goes on, even when the session's once-a-minute touch fails.
	h.advance(2 * time.Minute)
	wantStatus(t, c.get("/timelines/t"), http.StatusOK)
	// A write that is not a form gets the same status and message.
	r = c.post("/timelines/t/delete", nil)
	wantStatus(t, r, http.StatusInsufficientStorage)
	if !strings.Contains(r.body, "disk is full") {
		t.Error("the refusal of a delete does not say why")
	}

	// Space comes back: health and writes recover without a restart.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.get("/healthz"), http.StatusOK)
	wantStatus(t, c.post("/timelines/t/entries", typed), http.StatusSeeOther)
	if tl, _ := h.st.TimelineBySlug(context.Background(), "t"); tl.EntryCount != 1 {
		t.Errorf("after space came back the timeline has %d entries, want 1", tl.EntryCount)
	}
}

// An import committed on a full disk saves nothing and keeps its preview
// and its uploaded file, so that it can be tried again once there is room.
func TestFullDiskImportKeepsThePreview(t *testing.T) {
	dir := tinyDisk(t)
	h := harnessAt(t, filepath.Join(dir, "test.db"), app.Config{})
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	wantStatus(t, c.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	csv := "date,kind,title\r\n2024-09-12,statement,Putin warns NATO\r\n2024-09-13,policy_move,Biden and Starmer meet\r\n"
	r := c.multipart("/import/preview", "file", map[string][]byte{"rows.csv": []byte(csv)}, map[string]string{"timeline": "t"})
	wantStatus(t, r, http.StatusOK)
	token := r.doc(t).Find(`input[name="token"]`).AttrOr("value", "")
	commit := form("token", token, "timeline", "t", "action", "import")
	c.csrf()
	filler := fill(t, dir)

	r = c.post("/import", commit)
	wantStatus(t, r, http.StatusInsufficientStorage)
	d := r.doc(t)
	if !strings.Contains(d.Find("main").Text(), "disk is full") || d.Find(`input[name="token"]`).AttrOr("value", "") != token {
		t.Error("the refused import does not say why, or lost its file")
	}
	if tl, _ := h.st.TimelineBySlug(context.Background(), "t"); tl.EntryCount != 0 {
		t.Errorf("%d entries saved on a full disk", tl.EntryCount)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.post("/import", commit), http.StatusSeeOther)
	if tl, _ := h.st.TimelineBySlug(context.Background(), "t"); tl.EntryCount != 2 {
		t.Errorf("after space came back the timeline has %d entries, want 2", tl.EntryCount)
	}
}

// A tray of clippings saved on a full disk saves nothing and comes back
// with every passage and every choice, to be saved once there is room.
func TestFullDiskClippingsKeepTheTray(t *testing.T) {
	dir := tinyDisk(t)
	h := harnessAt(t, filepath.Join(dir, "test.db"), app.Config{})
	ed := h.user("ed", claimline.RoleEditor)
	c := h.signedIn(ed)
	wantStatus(t, c.post("/timelines", form("title", "T", "slug", "t")), http.StatusSeeOther)
	wantStatus(t, c.post("/timelines/t/entries", form("date", "12 Sep 2024", "kind", "statement", "title", "Putin warns NATO")), http.StatusSeeOther)
	ctx := claimline.NewContextWithUser(context.Background(), ed)
	src, _, err := h.st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Report",
		Text: "Putin said on Thursday that NATO would be at war with Russia."}})
	if err != nil {
		t.Fatal(err)
	}
	entry := entryIDs(t, h, "t")["Putin warns NATO"]
	wantStatus(t, c.post("/clippings/add", form("source", strconv.FormatInt(src.ID, 10), "quote", "NATO would be at war with Russia")), http.StatusSeeOther)
	clip := c.get("/clippings").doc(t).Find(`input[name="clip"]`).AttrOr("value", "")
	tray := form("clip", clip, "target", "entry:"+entry, "stance", "supports")
	filler := fill(t, dir)

	r := c.post("/clippings", tray)
	wantStatus(t, r, http.StatusInsufficientStorage)
	d := r.doc(t)
	if !strings.Contains(d.Find(".form-error").Text(), "disk is full") || d.Find("li.clipping blockquote").Text() != "NATO would be at war with Russia" ||
		d.Find(`option[value="entry:`+entry+`"][selected]`).Length() != 1 {
		t.Error("the refused tray does not say why, or lost its passage or its choice")
	}
	if cits, _, _ := h.st.EntryEvidence(context.Background(), mustID(t, entry)); len(cits) != 0 {
		t.Fatal("a citation was saved on a full disk")
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.post("/clippings", tray), http.StatusSeeOther)
	if cits, _, _ := h.st.EntryEvidence(context.Background(), mustID(t, entry)); len(cits) != 1 {
		t.Errorf("after space came back: %d citations", len(cits))
	}
}

// While writes fail for lack of space, /healthz says so, even when a small
// write would still fit: it is 503 from the first refused write until a
// write the size of the users' would succeed.
func TestHealthStaysDownWhileOnlySmallWritesFit(t *testing.T) {
	dir := tinyDisk(t)
	h := harnessAt(t, filepath.Join(dir, "test.db"), app.Config{})
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	c.csrf()
	wantStatus(t, c.get("/healthz"), http.StatusOK)
	filler := fill(t, dir)
	// Leave 64 KiB: room for a small write, not for an article.
	fi, err := os.Stat(filler)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filler, fi.Size()-64<<10); err != nil {
		t.Fatal(err)
	}
	article := strings.Repeat("The ministry said the talks would go on through the week, and that no date had been set for a vote. ", 1500)
	paste := form("title", "Long report", "text", article)
	wantStatus(t, c.post("/sources", paste), http.StatusInsufficientStorage)
	for i := range 3 { // asked again and again, it stays down
		if hz := c.get("/healthz"); hz.StatusCode != http.StatusServiceUnavailable || !strings.Contains(hz.body, "disk is full") {
			t.Fatalf("/healthz %d after the refused write: %d %q", i+1, hz.StatusCode, hz.body)
		}
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.get("/healthz"), http.StatusOK)
	wantStatus(t, c.post("/sources", paste), http.StatusSeeOther)
}
