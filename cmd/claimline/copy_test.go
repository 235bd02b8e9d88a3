package main

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"claimline/internal/demo"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// "claimline copy" takes the demo library to another database and back,
// telling each table's count as it goes; it refuses a database that is not
// empty, with the tables that hold rows, and never prints a password.
func TestCopyCommand(t *testing.T) {
	skipUnderRace(t)
	t.Run("sqlite", func(t *testing.T) { copyThereAndBack(t, filepath.Join(t.TempDir(), "there.db")) })
	t.Run("postgres", func(t *testing.T) { copyThereAndBack(t, storetest.PostgresAddr(t)) })
}

func copyThereAndBack(t *testing.T, there string) {
	db := demoDB(t)
	back := filepath.Join(t.TempDir(), "back.db")
	secret := ""
	if u, err := url.Parse(there); err == nil && u.User != nil {
		secret, _ = u.User.Password()
	}
	for _, hop := range [][2]string{{db, there}, {there, back}} {
		code, out, errs := cli(t, "", nil, "copy", "--from", hop[0], "--to", hop[1])
		if code != 0 {
			t.Fatalf("copy %s to %s: exit %d: %s", store.Describe(hop[0]), store.Describe(hop[1]), code, errs)
		}
		// The demo has one timeline of 8 entries, 5 sources and 8 claims.
		for _, line := range []string{`timelines\s+1`, `entries\s+8`, `sources\s+5`, `claims\s+8`, `users\s+0`,
			`Copied \d+ rows of \d+ tables in .*; every table's count in .* matches the source's`} {
			if !regexp.MustCompile(`(?m)^\s*` + line).MatchString(out) {
				t.Errorf("copy %s to %s: no line %q in\n%s", store.Describe(hop[0]), store.Describe(hop[1]), line, out)
			}
		}
		if secret != "" && strings.Contains(out+errs, ":"+secret+"@") {
			t.Errorf("the password of %s is printed:\n%s%s", store.Describe(there), out, errs)
		}
	}
	st, err := store.Open(context.Background(), back)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := st.TimelineBySlug(context.Background(), demo.Slug)
	if err != nil || tl.EntryCount != 8 {
		t.Errorf("the copy back holds %+v, %v", tl, err)
	}
	st.Close()

	code, out, errs := cli(t, "", nil, "copy", "--from", db, "--to", there)
	if code != 1 || !strings.Contains(errs, "not empty: timelines (1 row)") || !strings.Contains(errs, "nothing was written to "+store.Describe(there)) {
		t.Errorf("copy into a database that holds the library: exit %d, %q %q", code, out, errs)
	}
	if secret != "" && strings.Contains(out+errs, ":"+secret+"@") {
		t.Errorf("the password of %s is printed:\n%s%s", store.Describe(there), out, errs)
	}
}

func TestCopyCommandMistakes(t *testing.T) {
	skipUnderRace(t)
	db := demoDB(t)
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--from", db}, 2, "Usage: claimline copy --from SRC --to DST"},
		{[]string{"--to", db}, 2, "Usage: claimline copy --from SRC --to DST"},
		{[]string{"--from", db, "--to", db}, 1, "--from and --to both name " + db},
		{[]string{"--from", missing, "--to", filepath.Join(t.TempDir(), "x.db")}, 1, "there is no database at " + missing},
	} {
		code, _, errs := cli(t, "", nil, append([]string{"copy"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.says) {
			t.Errorf("copy %v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.says)
		}
	}
}

// skipUnderRace skips a test in the -race pass of CI: one that runs a
// command after another in one goroutine, through SQLite's pure-Go code,
// which the race detector slows several times over. It runs in the plain
// pass.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("sequential and CPU-bound: runs once, in the plain pass")
	}
}
