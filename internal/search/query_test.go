package search

import (
	"database/sql"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func TestTranslate(t *testing.T) {
	tests := []struct{ in, want string }{
		{`warn`, `"warn"`},
		{`putin nato`, `"putin" AND "nato"`},
		{`"long range" missiles`, `"long range" AND "missiles"`},
		{`strike*`, `"strik"*`}, // prefixes are cut to match porter's stems
		{`escalat*`, `"escal"*`},
		{`warning*`, `"warn"*`},
		{`putin*`, `"putin"*`}, // not below four letters
		{`nato*`, `"nato"*`},
		{`Zürich*`, `"Zürich"*`}, // English only
		{`"long ran"*`, `"long ran"*`},
		{`putin -kremlin`, `("putin") NOT "kremlin"`},
		{`putin -"state television"`, `("putin") NOT "state television"`},
		{`putin OR zelensky`, `("putin" OR "zelensky")`},
		{`war putin OR zelensky nato`, `"war" AND ("putin" OR "zelensky") AND "nato"`},
		{`a OR b OR c`, `("a" OR "b" OR "c")`},
		{`putin or nato`, `"putin" AND "or" AND "nato"`}, // lower-case "or" is a word
		{`OR putin OR`, `"putin"`},
		{`AND NOT NEAR`, `"AND" AND "NOT" AND "NEAR"`},
		// Hostile or broken input is read as plain words.
		{`"unbalanced quote`, `"unbalanced" AND "quote"`},
		{`say "hi`, `"say" AND "hi"`},
		{`-`, ``},
		{`- putin`, `"putin"`},
		{`-putin`, ``}, // only an exclusion: nothing to look for
		{`NEAR(putin nato)`, `"NEAR" AND "putin" AND "nato"`},
		{`^putin`, `"putin"`},
		{`title:putin`, `"title" AND "putin"`},
		{`{title body}:putin + nato`, `"title" AND "body" AND "putin" AND "nato"`},
		{`*`, ``},
		{`* putin`, `"putin"`},
		{`^ : ( ) { } + ~`, ``},
		{`"he said ""no"""`, `"he said " AND "no"`},
		{`it's U.S.-made`, `"it's" AND "U.S.-made"`},
		{"tab\tand\x00nul", `"tab" AND "and" AND "nul"`},
		{`Путин НАТО`, `"Путин" AND "НАТО"`},
		{`""`, ``},
		{`"" putin`, `"putin"`},
	}
	for _, tt := range tests {
		if got := Translate(tt.in); got != tt.want {
			t.Errorf("Translate(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTranslateAny(t *testing.T) {
	tests := []struct{ in, want string }{
		{`putin warned nato`, `"putin" OR "warned" OR "nato"`},
		{`putin OR zelensky nato`, `"putin" OR "zelensky" OR "nato"`},
		{`putin -kremlin`, `("putin") NOT "kremlin"`},
	}
	for _, tt := range tests {
		if got := TranslateAny(tt.in); got != tt.want {
			t.Errorf("TranslateAny(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTranslateLimits(t *testing.T) {
	long := strings.Repeat("word ", 400) // 2,000 characters
	got := Translate(long)
	if n := strings.Count(got, `"word"`); n != MaxTerms {
		t.Errorf("a 2,000-character query kept %d words, want %d", n, MaxTerms)
	}
	got = Translate(strings.Repeat("é", MaxQueryBytes)) // a cut inside a character
	if !strings.HasPrefix(got, `"é`) || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("cut query = %.40q…", got)
	}
}

// ftsTable is a real FTS5 table with the index's tokenizer, for checking
// that translated queries always run.
func ftsTable(t testing.TB) *sql.DB {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')`,
		`INSERT INTO t VALUES ('Putin warns NATO', 'Putin warned that NATO countries would be "at war" with Russia.')`,
		`INSERT INTO t VALUES ('Долгосрочные удары', 'Путин: НАТО будет воевать с Россией')`,
		`INSERT INTO t VALUES ('Zürich', 'long-range strikes; U.S.-made ATACMS')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestTranslatedQueriesFind(t *testing.T) {
	db := ftsTable(t)
	tests := []struct {
		in   string
		want int
	}{
		{`warn`, 1},                 // porter: warns, warned
		{`warning`, 1},              // and the other way
		{`"at war"`, 1},             // a phrase
		{`"war at"`, 0},             // words out of order
		{`zurich`, 1},               // accents do not matter
		{`ZÜRICH`, 1},               // nor case
		{`путин`, 1},                // Cyrillic
		{`strike*`, 1},              // prefix
		{`escalat*`, 0},             // not in the table, but:
		{`warni*`, 1},               // a prefix reaching past the stem "warn"
		{`putin -russia`, 0},        // exclusion
		{`putin OR ATACMS`, 2},      // either
		{`U.S.-made`, 1},            // punctuation inside a word
		{`"putin nato`, 1},          // an unbalanced quote is dropped
		{`NEAR(putin nato)`, 0},     // NEAR is a plain word, not in the table
		{`title:putin`, 0},          // no column filters: "title" is a word
		{`^putin`, 1},               // no initial-token operator
		{`"long range" -zurich`, 0}, // phrase and exclusion
	}
	for _, tt := range tests {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM t WHERE t MATCH ?`, Translate(tt.in)).Scan(&n); err != nil {
			t.Errorf("%q → %s: %v", tt.in, Translate(tt.in), err)
			continue
		}
		if n != tt.want {
			t.Errorf("%q → %s: %d rows, want %d", tt.in, Translate(tt.in), n, tt.want)
		}
	}
}

// FuzzTranslate checks that any input translates without a panic into a
// query that FTS5 accepts.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{`putin "long range" strike* -kremlin OR nato`, `"`, `-`, `NEAR(`, `^`, `:`, `*`,
		`a OR`, `-"x`, `""*`, `col:word`, `{a b}:c`, `a + b`, "\x00", `"a""b"`, strings.Repeat("ab ", 700)} {
		f.Add(s)
	}
	db := ftsTable(f)
	stmt, err := db.Prepare(`SELECT count(*) FROM t WHERE t MATCH ?`)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, m := range []string{Translate(q), TranslateAny(q)} {
			if m == "" {
				continue
			}
			var n int
			if err := stmt.QueryRow(m).Scan(&n); err != nil {
				t.Fatalf("%q → %s: %v", q, m, err)
			}
		}
	})
}
