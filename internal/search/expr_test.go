package search_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"claimline/internal/demo"
	"claimline/internal/search"
)

func TestTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{`warn`, `'warn'`},
		{`putin nato`, `( 'putin' ) & ( 'nato' )`},
		{`"long range" missiles`, `( ( 'long' <-> 'rang' ) ) & ( 'missil' )`},
		{`escalat*`, `'escal':*`},
		{`"long ran"*`, `( 'long' <-> 'ran':* )`},
		{`putin -kremlin`, `( 'putin' ) & !( 'kremlin' )`},
		{`putin -"state television" -nato`, `( 'putin' ) & !( ( 'state' <-> 'televis' ) ) & !( 'nato' )`},
		{`war putin OR zelensky`, `( 'war' ) & ( 'putin' | 'zelenski' )`},
		{`Zürich U.S.-made`, `( 'zurich' ) & ( ( 'u' <-> 's' <-> 'made' ) )`},
		{`it's`, `( 'it' <-> 's' )`},
		{"Путин \u0301", ``},                         // a phrase FTS5 finds no word in matches nothing
		{"putin OR \u0301", `'putin'`},               // as an alternative, it adds nothing
		{"putin -\u0301", `'putin'`},                 // as an exclusion, it excludes nothing
		{`-putin`, ``},                               // nothing to look for
		{`putin putin`, `( 'putin' ) & ( 'putin' )`}, // two phrases, as FTS5 counts them
	}
	for _, tt := range tests {
		if got := search.Compile(tt.in).TSQuery(); got != tt.want {
			t.Errorf("Compile(%q).TSQuery() = %s, want %s", tt.in, got, tt.want)
		}
	}
	if got, want := search.CompileAny(`putin warned "at war" -kremlin`).TSQuery(), `( 'putin' | 'warn' | ( 'at' <-> 'war' ) ) & !( 'kremlin' )`; got != want {
		t.Errorf("CompileAny: %s, want %s", got, want)
	}
	if got := search.CompileAny("\u0301 putin").TSQuery(); got != `'putin'` {
		t.Errorf("CompileAny with an empty phrase: %s", got)
	}
}

// agreementRows are the rows of the table TestExprAgreesWithFTS5 compares
// on: each passage of the seed articles under its article's first line,
// and rows made for the corners (columns without words, a phrase across
// two columns, repeated words, sentences, other scripts).
func agreementRows(t *testing.T) [][3]string {
	var rows [][3]string
	for _, name := range demo.ArticleFiles() {
		b, err := demo.Articles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		title, _, _ := strings.Cut(text, "\n")
		for i, p := range search.Passages(text) {
			extra := ""
			if i%3 == 0 {
				extra = "escalation; Storm Shadow"
			}
			rows = append(rows, [3]string{title, text[p.Start:p.End], extra})
		}
	}
	return append(rows,
		[3]string{"", "", ""},
		[3]string{"Putin warns", "NATO. Putin: war war war with Russia", "Russia"},
		[3]string{"war", "war war. Long range: long range long range", ""},
		[3]string{"Zürich ÉCOLE naïve", "Путин НАТО Ουκρανία 2024-09-12 U.S.-made F-16s", "it's"},
		[3]string{strings.Repeat("filler words here. ", 30), "at the end, the missiles", "escalating"},
	)
}

// agreementQueries are the queries compared: written ones for the
// grammar's corners, and ones drawn from the rows' own words (words,
// phrases of neighbouring words, prefixes, alternatives, exclusions).
func agreementQueries(rows [][3]string) []string {
	qs := []string{
		`warn`, `putin nato`, `"long range"`, `"long range" missiles`, `strike*`, `escalat*`, `warning*`,
		`putin -kremlin`, `putin -"state television"`, `putin OR zelensky`, `war putin OR zelensky nato`,
		`a OR b OR c`, `the`, `"at war"`, `"war at"`, `zurich`, `ZÜRICH`, `путин`, `U.S.-made`, `it's`,
		`war war`, `"war war"`, `"long range long"`, `russia OR war -putin`, "putin \u0301", "putin OR \u0301",
		`"range war"`, `2024*`, `f-16s`, `missiles end`, `filler`, `"filler words"`, `ukrain*`, `"long ran"*`,
		`said OR says -"long range"`, `storm shadow`, `"shadow storm"`,
	}
	r := rand.New(rand.NewPCG(7, 11))
	var words [][]string
	for _, row := range rows {
		for _, col := range row {
			if ws := strings.Fields(col); len(ws) > 3 {
				words = append(words, ws)
			}
		}
	}
	pick := func() []string { return words[r.IntN(len(words))] }
	clean := func(w string) string { return strings.Trim(w, `.,;:"“”'’()`) }
	for range 300 {
		ws := pick()
		i := r.IntN(len(ws))
		var q string
		switch r.IntN(6) {
		case 0: // a word
			q = clean(ws[i])
		case 1: // two words of one text
			q = clean(ws[i]) + " " + clean(ws[r.IntN(len(ws))])
		case 2: // a phrase of neighbouring words
			n := min(2+r.IntN(3), len(ws)-i)
			var parts []string
			for _, w := range ws[i : i+n] {
				parts = append(parts, clean(w))
			}
			q = `"` + strings.Join(parts, " ") + `"`
		case 3: // a prefix
			w := clean(ws[i])
			q = w[:min(len(w), 3+r.IntN(5))] + "*"
		case 4: // alternatives from two texts
			q = clean(ws[i]) + " OR " + clean(pick()[0])
		default: // words of two texts, one excluded
			o := pick()
			q = clean(ws[i]) + " " + clean(ws[(i+1)%len(ws)]) + " -" + clean(o[r.IntN(len(o))])
		}
		qs = append(qs, q)
	}
	return qs
}

// weights are bm25()'s column weights in the comparison, unequal as the
// store's are.
var weights = []float64{10, 2, 5}

// TestExprAgreesWithFTS5 runs the same queries through SQLite's FTS5 and
// through Expr (matching, bm25, highlight, snippet) on the same rows, and
// requires the same rows, bit-for-bit the same ranks and the same marked
// text: what the PostgreSQL engine computes with Expr is what SQLite
// shows.
func TestExprAgreesWithFTS5(t *testing.T) {
	if raceDetector {
		t.Skip("compares results, not concurrency: run without -race")
	}
	rows := agreementRows(t)
	db := ftsRows(t, rows)
	docs := make([]search.Doc, len(rows))
	words := make([][][]search.Word, len(rows))
	var stats search.IndexStats
	for i, r := range rows {
		docs[i], words[i] = search.TextDoc(r[:]...)
		stats.Rows++
		stats.Words += int64(docs[i].Words())
	}
	queries := agreementQueries(rows)
	compared, matched := 0, 0
	for _, q := range queries {
		e := search.Compile(q)
		if e.Empty() {
			continue
		}
		type row struct {
			rank                   float64
			h0, h1, h2, snip, body string
		}
		want := map[int]row{}
		res, err := db.Query(`SELECT rowid, bm25(t, 10.0, 2.0, 5.0), highlight(t, 0, char(2), char(3)), highlight(t, 1, char(2), char(3)),
			highlight(t, 2, char(2), char(3)), snippet(t, -1, char(2), char(3), '…', 24), snippet(t, 1, char(2), char(3), '…', 8)
			FROM t WHERE t MATCH ?`, e.FTS5())
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for res.Next() {
			var id int
			var r row
			if err := res.Scan(&id, &r.rank, &r.h0, &r.h1, &r.h2, &r.snip, &r.body); err != nil {
				t.Fatal(err)
			}
			want[id] = r
		}
		res.Close()

		hits := make([]int64, len(e.Phrases))
		inst := make([][]search.Instance, len(rows))
		for i := range rows {
			inst[i] = e.Instances(docs[i])
			seen := map[int]bool{}
			for _, in := range inst[i] {
				if !seen[in.Phrase] {
					seen[in.Phrase] = true
					hits[in.Phrase]++
				}
			}
		}
		ranker := search.NewRanker(stats, hits, weights...)
		for i, r := range rows {
			w, ok := want[i+1]
			if got := e.Match(words[i]); got != ok {
				t.Errorf("%q, row %d: Match %v, FTS5 %v", q, i+1, got, ok)
				continue
			}
			if !ok {
				continue
			}
			matched++
			got := row{ranker.Rank(inst[i], docs[i].Words()),
				e.Highlight(r[:], words[i], docs[i], 0), e.Highlight(r[:], words[i], docs[i], 1), e.Highlight(r[:], words[i], docs[i], 2),
				e.Snippet(r[:], words[i], docs[i], -1, "…", 24), e.Snippet(r[:], words[i], docs[i], 1, "…", 8)}
			if got != w {
				t.Errorf("%q, row %d:\n got %#v\nwant %#v", q, i+1, got, w)
			}
		}
		compared++
	}
	if compared < 300 || matched < 1000 {
		t.Errorf("only %d queries compared, %d matching rows", compared, matched)
	}
	t.Logf("%d queries over %d rows compared, %d matching rows", compared, len(rows), matched)
}

// ftsRows is an FTS5 table t(title, body, extra) of the rows, rowids from
// 1, with the index's tokenizer.
func ftsRows(t *testing.T, rows [][3]string) *sql.DB {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(fmt.Sprintf(`CREATE VIRTUAL TABLE t USING fts5(title, body, extra, tokenize = '%s')`, migrationTokenizer(t))); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if _, err := db.Exec(`INSERT INTO t (rowid, title, body, extra) VALUES (?, ?, ?, ?)`, i+1, r[0], r[1], r[2]); err != nil {
			t.Fatal(err)
		}
	}
	return db
}
