package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// The search benchmark's library: 10,000 sources of about 5 KB, 100,000
// entries and 20,000 claims, written with words drawn from a vocabulary of
// 30,000 made-up words by a Zipf law, as natural text is: a few words are
// everywhere, most are rare.
const (
	benchSources = 10000
	benchEntries = 100000
	benchClaims  = 20000
	benchVocab   = 30000
)

// benchWords makes the vocabulary: pronounceable words, the most frequent
// first.
func benchWords() []string {
	r := rand.New(rand.NewPCG(1, 2))
	cons, vows := "bcdfghjklmnprstvwz", "aeiou"
	seen := map[string]bool{}
	var words []string
	for len(words) < benchVocab {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteByte(cons[r.IntN(len(cons))])
			b.WriteByte(vows[r.IntN(len(vows))])
		}
		b.WriteByte(cons[r.IntN(len(cons))])
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

type textGen struct {
	words []string
	zipf  *rand.Zipf
	r     *rand.Rand
}

func newTextGen(words []string) *textGen {
	r := rand.New(rand.NewPCG(3, 4))
	return &textGen{words: words, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(words)-1)), r: r}
}

// sentence writes n words with a capital and a full stop.
func (g *textGen) sentence(n int) string {
	var b strings.Builder
	for i := range n {
		w := g.words[g.zipf.Uint64()]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

// article writes about size bytes in paragraphs of a few sentences.
func (g *textGen) article(size int) string {
	var b strings.Builder
	for b.Len() < size {
		for range 3 + g.r.IntN(4) {
			b.WriteString(g.sentence(8 + g.r.IntN(14)))
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// buildLibrary writes the library into a new database of the engine
// under test through the schema's triggers (one transaction, raw inserts:
// the store's write paths are not what is measured), rebuilds the index,
// and returns its address and the vocabulary.
// With CLAIMLINE_BENCH_LIBRARY=FILE, the library is built there once and
// reused by later runs; on PostgreSQL, in the database benchLibraryDB.
func buildLibrary(b *testing.B) (string, []string) {
	if storetest.Postgres() {
		return buildPostgresLibrary(b)
	}
	path := filepath.Join(b.TempDir(), "library.db")
	if p := os.Getenv("CLAIMLINE_BENCH_LIBRARY"); p != "" {
		path = p
		if _, err := os.Stat(p); err == nil {
			return path, benchWords()
		}
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	fillLibrary(b, db, func(q string) string { return q })
	// Rebuild the index as `claimline reindex` does: one merged segment
	// per table, where the triggers left many.
	reindexLibrary(b, path)
	return path, benchWords()
}

// benchLibraryDB is the PostgreSQL database CLAIMLINE_BENCH_LIBRARY keeps
// the library in between runs.
const benchLibraryDB = "claimline_bench_library"

// buildPostgresLibrary is buildLibrary on PostgreSQL.
func buildPostgresLibrary(b *testing.B) (string, []string) {
	addr := storetest.PostgresAddr(b)
	if os.Getenv("CLAIMLINE_BENCH_LIBRARY") != "" {
		raw := storetest.ServerURL(b)
		admin, err := sql.Open("pgx", raw)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		u, err := url.Parse(raw)
		if err != nil {
			b.Fatal(err)
		}
		u.Path = "/" + benchLibraryDB
		addr = u.String()
		var exists bool
		if err := admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, benchLibraryDB).Scan(&exists); err != nil {
			b.Fatal(err)
		}
		if exists {
			return addr, benchWords()
		}
		if _, err := admin.Exec(`CREATE DATABASE ` + benchLibraryDB); err != nil {
			b.Fatal(err)
		}
	}
	st, err := store.Open(context.Background(), addr)
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("pgx", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	fillLibrary(b, db, func(q string) string {
		for n := 1; strings.Contains(q, "?"); n++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(n), 1)
		}
		return q
	})
	reindexLibrary(b, addr)
	if _, err := db.Exec(`VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return addr, benchWords()
}

// reindexLibrary rebuilds the index of the library at addr.
func reindexLibrary(b *testing.B, addr string) {
	st, err := store.Open(context.Background(), addr)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Reindex(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// fillLibrary inserts the library's rows in one transaction, each
// statement's text made the engine's by sql.
func fillLibrary(b *testing.B, db *sql.DB, sql func(string) string) {
	words := benchWords()
	g := newTextGen(words)
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := tx.Exec(sql(q), args...); err != nil {
			b.Fatal(err)
		}
	}
	now := "2026-01-01T00:00:00Z"
	for i := range 10 {
		exec(`INSERT INTO timelines (slug, title, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, 'b', ?, 'b')`,
			fmt.Sprintf("t%d", i), fmt.Sprintf("Timeline %d", i), now, now)
	}
	for i := range 500 {
		exec(`INSERT INTO actors (name) VALUES (?)`, fmt.Sprintf("%s %s", g.sentence(1), words[i]))
	}
	for i := range benchSources {
		text := g.article(5000)
		exec(`INSERT INTO sources (title, outlet, author, retrieved_at, text, sha256, created_at, created_by, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'b', ?, 'b')`, g.sentence(8), fmt.Sprintf("Outlet %d", i%50), g.sentence(2), now, text, store.SHA256(text), now, now)
	}
	for i := range benchEntries {
		exec(`INSERT INTO entries (timeline_id, date, kind, title, description, created_at, created_by, updated_at, updated_by)
			VALUES (?, ?, 'statement', ?, ?, ?, 'b', ?, 'b')`, 1+i%10, fmt.Sprintf("%d-%02d-%02d", 2000+i%25, 1+i%12, 1+i%28),
			g.sentence(6+g.r.IntN(6)), g.sentence(15+g.r.IntN(25)), now, now)
	}
	for i := range benchClaims {
		exec(`INSERT INTO claims (entry_id, text, claimant_id, created_at, created_by, updated_at, updated_by)
			VALUES (?, ?, ?, ?, 'b', ?, 'b')`, 1+i*5, g.sentence(10+g.r.IntN(8)), 1+i%500, now, now)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// benchQueries are the mixed queries: common and rare words, two and three
// words, a phrase, prefixes.
func benchQueries(words []string) []string {
	common := func(i int) string { return words[2+i] }      // among the most frequent
	middle := func(i int) string { return words[300+i*37] } // in a few hundred texts
	rare := func(i int) string { return words[5000+i*611] } // in a handful
	var qs []string
	for i := range 5 {
		qs = append(qs,
			common(i),
			middle(i),
			rare(i),
			common(i)+" "+middle(i+5),
			middle(i)+" "+rare(i+5),
			common(i)+" "+common(i+5)+" "+middle(i+7),
			`"`+common(i)+" "+common(i+1)+`"`,
			middle(i)[:4]+"*",
			rare(i)[:4]+"* "+common(i+3),
			common(i)+" -"+common(i+1),
		)
	}
	return qs
}

// BenchmarkSearch times the search page's query: the first page of every
// kind with snippets and, for sources, their best passages. It reports
// p50, p90 and max over the mixed queries of wall time and of CPU time
// (on a shared machine, wall time includes waiting for a core; CPU time is
// what the query cost), and the index's share of the file; -v lists each
// query's median CPU time. Not run by default (it builds a 150 MB library first, about a
// minute; CLAIMLINE_BENCH_LIBRARY keeps it for later runs):
//
//	go test ./internal/store/ -run XXX -bench Search -benchtime 3x -cpu 1 -timeout 30m
func BenchmarkSearch(b *testing.B) {
	path, words := buildLibrary(b)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	data, index := indexSize(b, path)

	queries := benchQueries(words)
	defer lockThread()()
	var times, cpus []time.Duration
	perQuery := make([][]time.Duration, len(queries))
	var results int
	b.ResetTimer()
	for b.Loop() {
		for i, q := range queries {
			start, cpu := time.Now(), threadCPU()
			res, err := st.Search(ctx, claimline.SearchQuery{Text: q})
			if err != nil {
				b.Fatalf("%q: %v", q, err)
			}
			cpu = threadCPU() - cpu
			times, cpus = append(times, time.Since(start)), append(cpus, cpu)
			perQuery[i] = append(perQuery[i], cpu)
			results += res.Total()
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	slices.Sort(times)
	b.ReportMetric(ms(times[len(times)/2]), "ms/p50")
	b.ReportMetric(ms(times[len(times)*9/10]), "ms/p90")
	b.ReportMetric(ms(times[len(times)-1]), "ms/max")
	if slices.Sort(cpus); cpus[len(cpus)-1] > 0 {
		b.ReportMetric(ms(cpus[len(cpus)/2]), "ms-cpu/p50")
		b.ReportMetric(ms(cpus[len(cpus)*9/10]), "ms-cpu/p90")
		b.ReportMetric(ms(cpus[len(cpus)-1]), "ms-cpu/max")
		var sum time.Duration
		for _, c := range cpus {
			sum += c
		}
		b.ReportMetric(ms(sum/time.Duration(len(cpus))), "ms-cpu/mean")
	}
	if testing.Verbose() { // each query's median CPU time
		for i, q := range queries {
			slices.Sort(perQuery[i])
			b.Logf("%8.2f ms  %s", ms(perQuery[i][len(perQuery[i])/2]), q)
		}
	}
	if results == 0 {
		b.Fatal("the queries found nothing")
	}
	b.ReportMetric(float64(data)/1e6, "MB/data")
	b.ReportMetric(float64(index)/1e6, "MB/index")
}

// BenchmarkReindex times rebuilding the whole index of the search
// benchmark's library from scratch (store.Reindex), in wall and CPU time.
//
//	go test ./internal/store/ -run XXX -bench Reindex -benchtime 1x -cpu 1 -timeout 30m
func BenchmarkReindex(b *testing.B) {
	path, _ := buildLibrary(b)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		if _, err := st.Reindex(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	cpu = processCPU() - cpu
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/reindex")
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "s-cpu/reindex")
	}
}

// indexSize returns the bytes of the database without the search index,
// and of the index.
func indexSize(b *testing.B, path string) (data, index int64) {
	if storetest.Postgres() {
		db, err := sql.Open("pgx", path)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRow(`SELECT coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname NOT LIKE 'search\_%'), 0),
				coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname LIKE 'search\_%'), 0)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`).Scan(&data, &index); err != nil {
			b.Fatal(err)
		}
		return data, index
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var total int64
	if err := db.QueryRow(`SELECT sum(pgsize), sum(iif(name LIKE 'search\_%' ESCAPE '\', pgsize, 0)) FROM dbstat`).Scan(&total, &index); err != nil {
		b.Fatal(err)
	}
	return total - index, index
}
