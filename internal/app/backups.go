package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Backups takes a checked copy of the database into Dir every Every while
// the server runs, and keeps the newest Keep of them. Each copy is the
// same as "claimline backup" takes (store.Backup): consistent, checked,
// written under a temporary name and renamed into place, so a failed or
// interrupted one leaves nothing half written.
type Backups struct {
	Dir   string
	Every time.Duration
	Keep  int
	Take  func(ctx context.Context, dest string) error // store.Backup
	Log   *slog.Logger
	Now   func() time.Time // time.Now when nil
}

// backupPrefix and backupLayout name the copies: claimline-20260301T100000Z.db,
// which sort by name in the order they were taken. Only files so named are
// ever removed.
const (
	backupPrefix = "claimline-"
	backupLayout = "20060102T150405Z"
)

// CheckBackups checks a backup schedule before the server starts: a
// sensible interval and count, and a folder that exists or can be made,
// owner-only, and written to.
func CheckBackups(dir string, every time.Duration, keep int) error {
	switch {
	case every < time.Minute:
		return fmt.Errorf("backups: --backup-every must be at least 1m (it is %s)", every)
	case keep < 1:
		return fmt.Errorf("backups: --backup-keep must be at least 1 (it is %d)", keep)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backups: %w", err)
	}
	if _, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("backups: cannot list %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".claimline-write-check-*")
	if err != nil {
		return fmt.Errorf("backups: cannot write to %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func (b *Backups) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// Run takes a copy whenever one is due, until ctx is done: at once when the
// newest copy in Dir is older than Every (or there is none), then every
// Every. A failed copy is logged as an error and tried again at the next
// turn.
func (b *Backups) Run(ctx context.Context) {
	for {
		wait, err := b.Due()
		if err != nil {
			// A folder that cannot be read is not a reason to copy again
			// and again.
			b.Log.Error("scheduled backups: cannot list the folder", "dir", b.Dir, "err", err)
			wait = min(b.Every, time.Hour)
		}
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		if ctx.Err() != nil {
			return
		}
		start := b.now()
		if name, err := b.Once(ctx); ctx.Err() != nil {
			return // stopped during the copy, which left nothing behind
		} else if err != nil {
			b.Log.Error("scheduled backup failed", "dir", b.Dir, "err", err)
			// Not at once again: a disk that is full stays full for a while.
			select {
			case <-ctx.Done():
				return
			case <-time.After(min(b.Every, time.Hour)):
			}
		} else {
			b.Log.Info("scheduled backup taken", "file", name, "ms", b.now().Sub(start).Milliseconds())
		}
	}
}

// Due returns how long until the next copy is due: Every after the newest
// copy in Dir, or 0 when it is due now; never more than Every, even if the
// newest copy is named in the future (a clock set back).
func (b *Backups) Due() (time.Duration, error) {
	names, err := b.copies()
	if err != nil || len(names) == 0 {
		return 0, err
	}
	at, _ := copyTime(names[len(names)-1])
	return min(max(at.Add(b.Every).Sub(b.now()), 0), b.Every), nil
}

// Once takes one copy now, then removes the oldest copies beyond Keep. It
// returns the new copy's path.
func (b *Backups) Once(ctx context.Context) (string, error) {
	name := filepath.Join(b.Dir, backupPrefix+b.now().UTC().Format(backupLayout)+".db")
	if err := b.Take(ctx, name); err != nil {
		return "", err
	}
	// The new copy stays, even if an older one is named later (a clock set
	// back); of the others, the newest Keep-1.
	names, err := b.copies()
	if err != nil {
		b.Log.Error("removing old backups failed", "dir", b.Dir, "err", err)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == filepath.Base(name) })
	for _, old := range names[:max(len(names)-(b.Keep-1), 0)] {
		if err := os.Remove(filepath.Join(b.Dir, old)); err != nil {
			b.Log.Error("removing an old backup failed", "file", old, "err", err)
		}
	}
	return name, nil
}

// copies lists the copies in Dir, oldest first.
func (b *Backups) copies() ([]string, error) {
	entries, err := os.ReadDir(b.Dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if _, ok := copyTime(e.Name()); ok && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// copyTime returns when a copy was taken, from its name, and whether the
// name is a copy's.
func copyTime(name string) (time.Time, bool) {
	if !strings.HasPrefix(name, backupPrefix) || !strings.HasSuffix(name, ".db") {
		return time.Time{}, false
	}
	t, err := time.Parse(backupLayout, name[len(backupPrefix):len(name)-len(".db")])
	return t, err == nil
}
