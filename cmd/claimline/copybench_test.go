package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// copyBenchEntries is the size of the library BenchmarkCopy10k copies.
const copyBenchEntries = 10_000

// BenchmarkCopy10k measures "claimline copy" of a 10,000-entry library as an
// operator runs it (the built binary, wall time, both databases opened):
// SQLite → PostgreSQL and PostgreSQL → SQLite, and SQLite → SQLite beside
// them as the reference of the same run. The library is the demo timeline
// and a second timeline of 9,992 entries imported through the store's
// normal import path (ImportBundles: the demo's entries again and again,
// each with its actors, tags, citations, claims and stances, and its
// history), so every table the copy's time depends on is full. Building it
// is not timed. The PostgreSQL legs need CLAIMLINE_TEST_POSTGRES. Run it on
// its own:
//
//	go test ./cmd/claimline -run XXX -bench Copy10k -benchtime 3x
func BenchmarkCopy10k(b *testing.B) {
	dir := b.TempDir()
	bin := buildBinary(b, dir)
	lib := copyBenchLibrary(b, filepath.Join(dir, "library.db"))
	pg := os.Getenv(storetest.EnvPostgres)
	havePG := pg != "" && pg != "off"
	var pgLib string
	if havePG {
		pgLib = storetest.PostgresAddr(b)
		copyOnce(b, bin, lib, pgLib)
	}
	legs := []struct {
		name, from string
		to         func(b *testing.B) string
		pg         bool
	}{
		{"sqlite-to-postgres", lib, func(b *testing.B) string { return storetest.PostgresAddr(b) }, true},
		{"postgres-to-sqlite", pgLib, func(b *testing.B) string { return filepath.Join(b.TempDir(), "copy.db") }, true},
		{"sqlite-to-sqlite", lib, func(b *testing.B) string { return filepath.Join(b.TempDir(), "copy.db") }, false},
	}
	for _, leg := range legs {
		b.Run(leg.name, func(b *testing.B) {
			if leg.pg && !havePG {
				b.Skipf("%s is not set", storetest.EnvPostgres)
			}
			var took time.Duration
			var rows int64
			for range b.N {
				b.StopTimer()
				to := leg.to(b)
				b.StartTimer()
				start := time.Now()
				rows = copyOnce(b, bin, leg.from, to)
				took += time.Since(start)
			}
			secs := took.Seconds() / float64(b.N)
			b.ReportMetric(copyBenchEntries/secs, "entries/s")
			b.ReportMetric(float64(rows)/secs, "rows/s")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

// copyOnce runs "claimline copy" and returns the rows it says it copied.
func copyOnce(b *testing.B, bin, from, to string) int64 {
	out, err := exec.Command(bin, "copy", "--from", from, "--to", to).CombinedOutput()
	if err != nil {
		b.Fatalf("copy %s to %s: %v\n%s", store.Describe(from), store.Describe(to), err, out)
	}
	m := regexp.MustCompile(`Copied (\d+) rows`).FindSubmatch(out)
	if m == nil {
		b.Fatalf("copy said:\n%s", out)
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return n
}

// copyBenchLibrary makes the 10,000-entry library at path: the demo, and
// its entries imported again into a second timeline until there are
// copyBenchEntries in all, in one import.
func copyBenchLibrary(b *testing.B, path string) string {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(ctx, app.New(st, app.Config{})); err != nil {
		b.Fatal(err)
	}
	tl, err := st.TimelineBySlug(ctx, demo.Slug)
	if err != nil {
		b.Fatal(err)
	}
	var bundles []claimline.Bundle
	var sources []claimline.Source
	if err := st.ExportBundles(ctx, tl.ID, func(bu claimline.Bundle) error { bundles = append(bundles, bu); return nil },
		func(s claimline.Source) error { sources = append(sources, s); return nil }); err != nil {
		b.Fatal(err)
	}
	more := make([]claimline.Bundle, 0, copyBenchEntries-len(bundles))
	for len(more) < cap(more) {
		bu := bundles[len(more)%len(bundles)]
		bu.Entry.ID = 0
		more = append(more, bu)
	}
	as := claimline.NewContextWithUser(ctx, &claimline.User{Username: "bench", Role: claimline.RoleAdmin})
	res, err := st.ImportBundles(as, claimline.ImportTarget{New: &claimline.TimelineInput{Slug: "bulk", Title: "Bulk"}}, sources, more)
	if err != nil {
		b.Fatal(err)
	}
	if res.Created+len(bundles) != copyBenchEntries {
		b.Fatalf("the library has %d entries", res.Created+len(bundles))
	}
	return path
}
