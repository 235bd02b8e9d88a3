package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// BenchmarkExportCSV100k measures "claimline export --format csv" of a
// 100,000-entry timeline (2 actors and 2 tags each) as a user runs it: the
// built binary, its wall time and peak memory (maximum resident set size),
// against the sqlite3 command-line shell writing a similar CSV from the same
// database. Building the database takes a while; it is not timed.
func BenchmarkExportCSV100k(b *testing.B) {
	dir := b.TempDir()
	bin := buildBinary(b, dir)
	db := filepath.Join(dir, "big.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "bench"})
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Big", Slug: "big"})
	if err != nil {
		b.Fatal(err)
	}
	const n = 100_000
	for chunk := 0; chunk < n; chunk += 10_000 {
		ins := make([]claimline.EntryInput, 10_000)
		for i := range ins {
			k := chunk + i
			ins[i] = claimline.EntryInput{Date: fmt.Sprintf("%d-%02d-%02d", 1990+k%35, 1+k%12, 1+k%28), Kind: string(claimline.Kinds[k%5]),
				Title: fmt.Sprintf("Entry %d: a statement on long-range strike restrictions", k), Description: "Putin warned that NATO countries would be at war with Russia.",
				Actors: []string{fmt.Sprintf("Actor %d", k%400), fmt.Sprintf("Actor %d", 400+k%97)}, Tags: []string{fmt.Sprintf("tag%d", k%50), fmt.Sprintf("tag%d", 50+k%17)}}
		}
		if err := st.CreateEntries(ctx, tl.ID, ins); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()

	run := func(name string, args ...string) (time.Duration, int64) {
		out, err := os.Create(filepath.Join(dir, name+".csv"))
		if err != nil {
			b.Fatal(err)
		}
		defer out.Close()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdout = out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		took := time.Since(start)
		return took, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	}
	// sqlite3 writes the same rows twice: once from the link tables, as one
	// would query them by hand, and once from the copies of the names kept
	// on each entry row, which is what claimline reads.
	queries := map[string]string{
		"sqlite3-joins": `SELECT e.id, e.date, e.end_date, e.approximate, e.kind, e.title, e.description,
		(SELECT group_concat(a.name, '; ') FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.entry_id = e.id),
		(SELECT group_concat(g.name, '; ') FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE et.entry_id = e.id)
		FROM entries e WHERE e.timeline_id = 1 ORDER BY e.date, e.id`,
		"sqlite3-lists": `SELECT e.id, e.date, e.end_date, e.approximate, e.kind, e.title, e.description, e.actor_list, e.tag_list
		FROM entries e WHERE e.timeline_id = 1 ORDER BY e.date, e.id`,
	}
	_, haveSQLite3 := exec.LookPath("sqlite3")
	var ours time.Duration
	theirs := map[string]time.Duration{}
	var rss int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, m := run("claimline", bin, "export", "--db", db, "--timeline", "big", "--format", "csv")
		ours, rss = ours+d, max(rss, m)
		b.StopTimer()
		for name, q := range queries {
			if haveSQLite3 == nil {
				d, _ := run(name, "sqlite3", "-csv", "-readonly", db, q)
				theirs[name] += d
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "ms/export")
	b.ReportMetric(float64(rss)/1024, "MB-peak-rss")
	for name, d := range theirs {
		b.ReportMetric(float64(d.Milliseconds())/float64(b.N), "ms/"+name)
		b.ReportMetric(float64(ours)/float64(d), "x-"+name)
	}
}
