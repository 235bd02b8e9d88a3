package app_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/store"
)

// backupFixture is an application with a timeline, and a schedule into a
// folder of its own on a clock the test moves.
type backupFixture struct {
	app *app.App
	dir string
	now time.Time
	log bytes.Buffer
	mu  sync.Mutex
}

func newBackupFixture(t *testing.T) *backupFixture {
	t.Helper()
	a, ctx := newApp(t)
	if _, err := a.Timelines.Create(ctx, claimline.TimelineInput{Title: "Strikes", Slug: "strikes"}); err != nil {
		t.Fatal(err)
	}
	return &backupFixture{app: a, dir: t.TempDir(), now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
}

func (f *backupFixture) schedule(every time.Duration, keep int) *app.Backups {
	return &app.Backups{Dir: f.dir, Every: every, Keep: keep, Take: f.app.Backup,
		Log: slog.New(slog.NewTextHandler(&lockedWriter{f}, nil)), Now: func() time.Time { return f.now }}
}

type lockedWriter struct{ f *backupFixture }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.f.mu.Lock()
	defer w.f.mu.Unlock()
	return w.f.log.Write(p)
}

func (f *backupFixture) files(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

// Copies are named by when they were taken; the newest Keep stay, other
// files in the folder are never touched, and each copy is a database with
// the data.
func TestBackupsKeepTheNewest(t *testing.T) {
	f := newBackupFixture(t)
	for _, other := range []string{"notes.txt", "claimline-manual.db"} {
		if err := os.WriteFile(filepath.Join(f.dir, other), []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b := f.schedule(time.Hour, 2)
	for range 3 {
		if _, err := b.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Hour)
	}
	want := []string{"claimline-20260301T110000Z.db", "claimline-20260301T120000Z.db", "claimline-manual.db", "notes.txt"}
	if got := f.files(t); !slices.Equal(got, want) {
		t.Fatalf("files %q, want %q", got, want)
	}
	cp, err := store.Open(context.Background(), filepath.Join(f.dir, want[1]))
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if _, err := cp.TimelineBySlug(context.Background(), "strikes"); err != nil {
		t.Errorf("the copy lacks the timeline: %v", err)
	}
	if fi, _ := os.Stat(filepath.Join(f.dir, want[1])); fi.Mode().Perm() != 0o600 {
		t.Errorf("a copy is %v, want owner-only", fi.Mode().Perm())
	}
}

// The next copy is due Every after the newest one, or at once.
func TestBackupsDue(t *testing.T) {
	f := newBackupFixture(t)
	b := f.schedule(24*time.Hour, 3)
	if d, err := b.Due(); d != 0 || err != nil {
		t.Errorf("with no copy, due in %s (%v)", d, err)
	}
	if _, err := b.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(time.Hour)
	if d, _ := b.Due(); d != 23*time.Hour {
		t.Errorf("an hour after a copy, due in %s, want 23h", d)
	}
	f.now = f.now.Add(30 * time.Hour)
	if d, _ := b.Due(); d != 0 {
		t.Errorf("a day late, due in %s", d)
	}
	// The clock set back a week: the next copy waits one interval, not
	// a week and a day.
	f.now = f.now.Add(-8 * 24 * time.Hour)
	if d, _ := b.Due(); d != 24*time.Hour {
		t.Errorf("with the newest copy in the future, due in %s, want 24h", d)
	}
	// A folder that cannot be listed is an error, not a copy due at once
	// (Run waits before trying again).
	b.Dir = filepath.Join(f.dir, "claimline-20260301T100000Z.db")
	if _, err := b.Due(); err == nil {
		t.Error("a folder that cannot be listed: no error")
	}
}

// A clock set back names the new copy before the newest: the new one is
// kept all the same.
func TestBackupsKeepTheNewCopyAfterTheClockWentBack(t *testing.T) {
	f := newBackupFixture(t)
	future := "claimline-20270101T000000Z.db"
	if err := os.WriteFile(filepath.Join(f.dir, future), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := f.schedule(time.Hour, 1)
	name, err := b.Once(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := f.files(t); !slices.Equal(got, []string{filepath.Base(name)}) {
		t.Errorf("files %q, want only the new copy", got)
	}
}

// A copy that fails removes no older copy. (That a failed copy leaves no
// file behind is store.Backup's own property, tested with it.)
func TestBackupsFailureKeepsWhatIsThere(t *testing.T) {
	f := newBackupFixture(t)
	b := f.schedule(time.Hour, 1)
	if _, err := b.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := f.files(t)
	f.now = f.now.Add(time.Hour)
	b.Take = func(context.Context, string) error { return errors.New("disk full") }
	if _, err := b.Once(context.Background()); err == nil {
		t.Fatal("a failed copy was reported as taken")
	}
	if got := f.files(t); !slices.Equal(got, before) {
		t.Errorf("after a failed copy: %q, want %q", got, before)
	}
}

// Run takes the copy that is due, and stops when told to.
func TestBackupsRun(t *testing.T) {
	f := newBackupFixture(t)
	b := f.schedule(time.Hour, 2)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	// Wait for the copy itself: while it is taken, the folder holds its
	// temporary file.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		// The file appears before the line that reports it: wait for both.
		f.mu.Lock()
		logged := strings.Contains(f.log.String(), "scheduled backup taken")
		f.mu.Unlock()
		if names, _ := filepath.Glob(filepath.Join(f.dir, "claimline-*.db")); len(names) > 0 && logged {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if got := f.files(t); len(got) != 1 || !strings.HasPrefix(got[0], "claimline-20260301T100000Z") {
		t.Errorf("files %q", got)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !strings.Contains(f.log.String(), "scheduled backup taken") {
		t.Errorf("log: %s", f.log.String())
	}
}

func TestCheckBackups(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "backups")
	if err := app.CheckBackups(dir, time.Hour, 7); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the folder: %v %v", fi.Mode().Perm(), err)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	for _, c := range []struct {
		dir   string
		every time.Duration
		keep  int
		want  string
	}{
		{dir, time.Second, 7, "at least 1m"},
		{dir, time.Hour, 0, "at least 1"},
		{file, time.Hour, 7, "backups"},
	} {
		if err := app.CheckBackups(c.dir, c.every, c.keep); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s every %s keep %d: %v", c.dir, c.every, c.keep, err)
		}
	}
}
