package search_test

import (
	"database/sql"
	"fmt"
	"io/fs"
	"testing"
	"unicode/utf8"

	_ "modernc.org/sqlite"

	"claimline/internal/demo"
	"claimline/internal/search"
	"claimline/web"
)

// porterWords are words chosen for the rules of Porter's algorithm (each
// step's suffixes, the y rules, doubled letters, words too short to stem)
// and for folding (case, accents, other scripts).
const porterWords = `caresses ponies ties caress cats feed agreed plastered bled motoring sing
conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky
relational conditional rational valenci hesitanci digitizer conformabli radicalli
differentli vileli analogousli vietnamization predication operator feudalism decisiveness
hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize
electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic
adjustable defensible irritant replacement adjustment dependent adoption homologou communism
activate angulariti homologous effective bowdlerize probate rate cease controll roll
generalization oscillators archaeology toy toys playing played says eed aed ies yes by
Zürich Déjà ÉCOLE naïve Straße Путин НАТО Ουκρανία Свой Ёлка 2024-09-12 ATACMS F-16s U.S.-made`

// TestWordsAgreeWithIndex checks Words against the index's own tokenizer:
// for the seed articles, the guide's pages and porterWords, SQLite must
// give the same keys in the same order as Words.
func TestWordsAgreeWithIndex(t *testing.T) {
	texts := map[string]string{"porterWords": porterWords}
	for _, name := range demo.ArticleFiles() {
		b, err := demo.Articles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		texts[name] = string(b)
	}
	pages, err := fs.Glob(web.Help, "*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("the guide's pages: %v %v", pages, err)
	}
	for _, name := range pages {
		b, err := fs.ReadFile(web.Help, name)
		if err != nil {
			t.Fatal(err)
		}
		texts["help/"+name] = string(b)
	}

	d, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.SetMaxOpenConns(1)
	stmts := []string{
		fmt.Sprintf(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '%s')`, migrationTokenizer(t)),
		`CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')`,
	}
	for _, s := range stmts {
		if _, err := d.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	compared := 0
	for name, text := range texts {
		if _, err := d.Exec(`DELETE FROM t`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`INSERT INTO t (rowid, body) VALUES (1, ?)`, text); err != nil {
			t.Fatal(err)
		}
		rows, err := d.Query(`SELECT term FROM v ORDER BY offset`)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for rows.Next() {
			var term string
			if err := rows.Scan(&term); err != nil {
				t.Fatal(err)
			}
			want = append(want, term)
		}
		rows.Close()
		words := search.Words(text)
		for i := range max(len(want), len(words)) {
			w, g := "(none)", "(none)"
			if i < len(want) {
				w = want[i]
			}
			if i < len(words) {
				g = words[i].Key + " from " + text[words[i].Start:words[i].End]
			}
			if i >= len(words) || i >= len(want) || words[i].Key != want[i] {
				t.Errorf("%s, word %d: Words gives %q, the index %q", name, i, g, w)
				break
			}
		}
		compared += len(want)
	}
	t.Logf("%d words of %d texts compared", compared, len(texts))
}

func TestParseMatch(t *testing.T) {
	text := `Putin warned that NATO countries would be "at war with Russia"; the escalation worried Zürich.`
	words := search.Words(text)
	found := func(q string) bool {
		pq := search.Parse(q)
		if pq.Empty() {
			return false
		}
		for _, p := range pq.Excluded {
			if len(p.Match(words)) > 0 {
				return false
			}
		}
		for _, g := range pq.Groups {
			any := false
			for _, p := range g {
				any = any || len(p.Match(words)) > 0
			}
			if !any {
				return false
			}
		}
		return true
	}
	tests := []struct {
		q    string
		want bool
	}{
		{"warn", true},         // stemmed: "warned"
		{"WARNING nato", true}, // case and stems
		{"zurich", true},       // diacritics
		{`"at war"`, true},
		{`"war at"`, false},
		{"escalat*", true}, // the prefix is cut as for the index
		{"esc*", true},
		{"putin -russia", false},
		{"putin -kremlin", true},
		{"kremlin OR nato", true},
		{"kremlin OR moscow", false},
		{"-putin", false}, // only an exclusion looks for nothing
		{"", false},
		{`"it's" putin`, false},
	}
	for _, tt := range tests {
		if got := found(tt.q); got != tt.want {
			t.Errorf("%q in the text: %v, want %v", tt.q, got, tt.want)
		}
	}
}

// FuzzWords checks that Words cuts any text into words in order, each
// keyed and, in valid UTF-8, on character boundaries, and that Parse takes any query.
func FuzzWords(f *testing.F) {
	for _, s := range []string{porterWords, "“NATO countries – the U.S.”…", "a\xffb\u0301c", `"at war"* -x OR y`, "Ёлка sses ies eed"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		end, valid := 0, utf8.ValidString(text)
		for _, w := range search.Words(text) {
			if w.Start < end || w.End <= w.Start || w.End > len(text) || w.Key == "" ||
				valid && (!utf8.RuneStart(text[w.Start]) || w.End < len(text) && !utf8.RuneStart(text[w.End])) {
				t.Fatalf("word %+v of %q", w, text)
			}
			end = w.End
		}
		q := search.Parse(text)
		for _, g := range q.Groups {
			for _, p := range g {
				p.Match(search.Words(text))
			}
		}
	})
}
