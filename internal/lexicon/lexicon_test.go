package lexicon_test

import (
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"claimline/db"
	"claimline/internal/lexicon"
	"claimline/internal/search"
)

// TestAliasTable checks the embedded table: it parses (a name in two lines
// would not), every country has a capital and a people's adjective, and
// the names news reports use lead to the entity they stand for.
func TestAliasTable(t *testing.T) {
	for n, line := range strings.Split(lexicon.AliasesTSV, "\n") {
		cols := strings.Split(line, "\t")
		if cols[0] == "country" && (len(cols) < 5 || cols[2] == "" || cols[4] == "") {
			t.Errorf("line %d: a country without its capital or its people: %q", n+1, line)
		}
	}
	l := lexicon.Default()
	for name, want := range map[string]string{
		"the United States": "United States", "the US": "United States", "U.S.": "United States", "Washington": "United States",
		"American": "United States", "Americans": "United States", "the White House": "United States",
		"NATO": "North Atlantic Treaty Organization", "Nato": "North Atlantic Treaty Organization", "the alliance": "North Atlantic Treaty Organization",
		"the North Atlantic Treaty Organization": "North Atlantic Treaty Organization", "the military alliance": "North Atlantic Treaty Organization",
		"Moscow": "Russia", "the Kremlin": "Russia", "Russian": "Russia", "Kyiv": "Ukraine", "Kiev": "Ukraine",
		"Beijing": "China", "Chinese": "China", "People's Republic of China": "China", "Republic of China": "Taiwan", "Taipei": "Taiwan",
		"Chinese military": "People's Liberation Army", "PLA": "People's Liberation Army",
		"Tehran": "Iran", "Islamic Republic": "Iran", "Iranian": "Iran", "Downing Street": "United Kingdom", "Britain": "United Kingdom",
		"Stockholm": "Sweden", "Swedes": "Sweden", "Budapest": "Hungary", "Iraqi": "Iraq", "Yemeni": "Yemen",
		"the Fed": "Federal Reserve", "the American central bank": "Federal Reserve", "BoE": "Bank of England", "Threadneedle Street": "Bank of England",
		"MPC": "Monetary Policy Committee", "IDF": "Israel Defense Forces", "the Israel Defence Forces": "Israel Defense Forces",
		"WHO": "World Health Organization", "the top US diplomat": "Secretary of State", "the UN nuclear watchdog": "International Atomic Energy Agency",
	} {
		got, ok := entityOf(l, name)
		if !ok || got != want {
			t.Errorf("%q stands for %q (%v), want %q", name, got, ok, want)
		}
	}
	// Abbreviations count only as written: these are words.
	for _, word := range []string{"us", "who", "fed", "plan", "un"} {
		if got, ok := entityOf(l, word); ok {
			t.Errorf("%q read as a name of %q", word, got)
		}
	}
}

// entityOf returns the entity of the one name term of text.
func entityOf(l *lexicon.Lexicon, text string) (string, bool) {
	for _, tm := range l.Terms(text) {
		if tm.Kind == lexicon.Name {
			return strings.TrimPrefix(tm.ID, "n:"), true
		}
	}
	return "", false
}

func TestParseAliasesRefusesBadLines(t *testing.T) {
	for _, tc := range []struct{ tsv, want string }{
		{"country\tRussia\tMoscow\t\tRussian\nnation\tFrance\tParis", "line 2: kind \"nation\""},
		{"country\tRussia\tMoscow\nregion\tEurope\tMoscow", "line 2: \"Moscow\" is also a name of Russia"},
		{"institution\t\t\t\t\tUN", "line 1: no name"},
		{"country\tA\tB\tC\tD\tE\tF\tG", "line 1: 8 columns, at most 7"},
	} {
		if _, err := lexicon.ParseAliases(tc.tsv); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseAliases(%q) = %v, want %q", tc.tsv, err, tc.want)
		}
	}
}

// found reports whether some form of a term of a occurs in b: whether a
// passage saying b would be found for a claim saying a.
func found(l *lexicon.Lexicon, a, b string, kind lexicon.Kind) bool {
	words := search.Words(b)
	for _, tm := range l.Terms(a) {
		if tm.Kind != kind {
			continue
		}
		for _, f := range tm.Forms {
			if len(f.Match(b, words)) > 0 {
				return true
			}
		}
	}
	return false
}

// TestSameQuantity checks that a quantity is found however a report
// writes it: in words or digits, as a percentage, in other units.
func TestSameQuantity(t *testing.T) {
	l := lexicon.Default()
	for _, tc := range []struct {
		claim, report string
		same          bool
	}{
		{"three hundred drones", "more than 300 drones", true},
		{"a hundred and twenty ballistic missiles", "120 ballistic missiles", true},
		{"ninety-nine percent", "99% of them", true},
		{"ninety-nine percent", "99 per cent of them", true},
		{"99%", "ninety-nine per cent", true},
		{"lowered by 25 basis points", "by a quarter of a percentage point", true},
		{"lowered by 25 basis points", "by 0.25 percentage points", true},
		{"lowered by 25 basis points", "a quarter-point cut", true},
		{"a quarter of a percentage point", "cut by 25 basis points", true},
		{"two hundred years of neutrality", "two centuries of neutrality", true},
		{"200 years", "a 200-year-old policy", true},
		{"a border of 830 miles", "a 1,340-kilometer border", true},
		{"a border of 1,300 kilometres", "an 810-mile border", true},
		{"100 degrees Fahrenheit", "37.8 degrees Celsius", true},
		{"seven hundred thousand borrowers", "around 700,000 mortgage borrowers", true},
		{"1.4 billion people", "its 1.4bn people", true},
		{"the thirty-second member", "the 32nd member", true},
		{"2 days of drills", "two-day drills", true},
		{"a girl aged 7", "a seven-year-old girl", true},
		{"to 5.0 per cent", "to 5%", true},
		{"one and a quarter per cent", "grow by 1.25% this year", true},
		{"sixty-two aircraft", "detected 62 Chinese military aircraft", true},
		// A decimal however it is written; a date written with dots.
		{"raised to 4.50 percent", "Norges Bank raised the policy rate to 4.5 percent", true},
		{"raised to 4.5 percent", "raised its key policy rate by 25 basis points to 4.50 percent", true},
		{"raised to 4.50 percent", "hevet styringsrenten med 25 basispunkter til 4,50 prosent", true},
		{"til 4,50 prosent", "to 4.50 percent", true},
		{"to 5%", "to 5.0 per cent", true},
		{"to 4 percent", "to 4.00 percent", true},
		{"on 4 May 2023", "Publisert 4.5.2023", true},
		{"in 2023", "04.05.2023", true},
		// Not the same quantity, or no quantity at all.
		{"lowered by 25 basis points", "from 5.25% to 5%", false},
		{"ninety-nine percent", "90 percent", false},
		{"the second day", "2 days", false},
		{"half the members", "0.5", false},
		{"in 2022", "2,022 people", false},
		// Part of a number is no number: the "4" of "4.50", the "340"
		// of "1,340", the "50" of "4,50".
		{"on 4 May 2023", "raised its key policy rate by 25 basis points to 4.50 percent", false},
		{"on 4 May 2023", "til 4,50 prosent", false},
		{"340 kilometres", "a 1,340-kilometer border", false},
		{"50 percent", "til 4,50 prosent", false},
		{"4bn", "its 1.4bn people", false},
		{"4.5 percent", "from 4.25 to 4.75 percent", false},
	} {
		if got := found(l, tc.claim, tc.report, lexicon.Quantity); got != tc.same {
			t.Errorf("%q found in %q: %v, want %v", tc.claim, tc.report, got, tc.same)
		}
	}
}

func TestSpellings(t *testing.T) {
	l := lexicon.Default()
	for _, tc := range [][2]string{
		{"defence", "defense"}, {"defense", "defence"}, {"Labour", "labor"}, {"centre", "center"}, {"center", "centre"},
		{"cancelled", "canceled"}, {"canceled", "cancelled"}, {"organisation", "organization"}, {"criticised", "criticized"},
		{"catalogue", "catalog"}, {"kilometres", "kilometers"},
	} {
		if !found(l, tc[0], tc[1], lexicon.Word) {
			t.Errorf("%q does not find %q", tc[0], tc[1])
		}
	}
	if found(l, "four", "for", lexicon.Word) || found(l, "hour", "hor", lexicon.Word) {
		t.Error("a short word spelt otherwise")
	}
}

func TestTerms(t *testing.T) {
	l := lexicon.Default()
	for _, tc := range []struct{ text, want string }{
		{"The US and the WHO said that they would act", "US|WHO|said|act"},
		{"Putin said NATO countries would be at war with Russia", "Putin|said|NATO|countries|war|Russia"},
		{"Washington and the US", "Washington"}, // one term, named twice
		{"The Bank of England cut rates by 25 basis points", "Bank of England|cut|rates|25 basis points|25 basis points"},
		{"Sweden's flag, 2024A and F-16s", "Sweden|flag|2024A|16s"},
	} {
		var got []string
		for _, tm := range l.Terms(tc.text) {
			got = append(got, tm.Text)
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("Terms(%q) = %q, want %q", tc.text, strings.Join(got, "|"), tc.want)
		}
	}
}

// TestQueriesAgreeWithIndex checks that a term's Query finds in the
// search index the same texts as its forms find in memory, with the
// index's own tokenizer: a name under another name, a number in other
// words, and nothing for a text without them.
func TestQueriesAgreeWithIndex(t *testing.T) {
	b, err := db.Migrations.ReadFile("migrations/0005_search.sql")
	if err != nil {
		t.Fatal(err)
	}
	tok := regexp.MustCompile(`tokenize = '([^']+)'`).FindStringSubmatch(string(b))
	d, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.SetMaxOpenConns(1)
	if _, err := d.Exec(fmt.Sprintf(`CREATE VIRTUAL TABLE p USING fts5(body, tokenize = '%s')`, tok[1])); err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"The U.S. State Department urged restraint.",
		"Tehran fired more than 300 drones; 99 per cent were intercepted.",
		"The Bank lowered its rate by a quarter of a percentage point.",
		"Sweden became the 32nd member of the North Atlantic Treaty Organization.",
		"Let us wait and see who comes.",
		"The defense ministry's centre said so.",
		"Norges Bank raised the policy rate to 4.50 percent.",
	}
	for i, text := range texts {
		if _, err := d.Exec(`INSERT INTO p (rowid, body) VALUES (?, ?)`, i, text); err != nil {
			t.Fatal(err)
		}
	}
	l := lexicon.Default()
	for _, claim := range []string{
		"Washington urged restraint", "Iran launched three hundred drones", "ninety-nine percent", "a cut of 25 basis points",
		"the thirty-second member of the alliance", "the American defence centre", "the Islamic Republic", "WHO",
		"raised on 4 May", "raised to 4.5 percent",
	} {
		for _, tm := range l.Terms(claim) {
			var inIndex []int
			rows, err := d.Query(`SELECT rowid FROM p WHERE p MATCH ? ORDER BY rowid`, tm.Query())
			if err != nil {
				t.Fatalf("%q: term %q: query %q: %v", claim, tm.Text, tm.Query(), err)
			}
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				inIndex = append(inIndex, id)
			}
			rows.Close()
			var inMemory, caseBlind []int
			for i, text := range texts {
				words := search.Words(text)
				if slices.ContainsFunc(tm.Forms, func(f lexicon.Form) bool { return len(f.Match(text, words)) > 0 }) {
					inMemory = append(inMemory, i)
				}
				if slices.ContainsFunc(tm.Forms, func(f lexicon.Form) bool { f.Exact = nil; return len(f.Match(text, words)) > 0 }) {
					caseBlind = append(caseBlind, i)
				}
			}
			// The index cannot tell "US" from "us", nor the "4" of "4 May"
			// from that of "4.50": it finds what the forms find in any
			// case, and more only in texts of JoinedNumbers, where the
			// store checks its matches; the marks then keep the case.
			more := slices.DeleteFunc(slices.Clone(inIndex), func(i int) bool { return slices.Contains(caseBlind, i) })
			if slices.ContainsFunc(caseBlind, func(i int) bool { return !slices.Contains(inIndex, i) }) ||
				slices.ContainsFunc(more, func(i int) bool { return !lexicon.JoinedNumbers(texts[i]) }) {
				t.Errorf("%q: term %q: the index finds %v, the forms in any case %v", claim, tm.Text, inIndex, caseBlind)
			}
			if len(inMemory) > len(caseBlind) {
				t.Errorf("%q: term %q: found in memory %v, more than in any case %v", claim, tm.Text, inMemory, caseBlind)
			}
		}
	}
	if got := foundRows(t, d, l, "Washington"); !slices.Contains(got, 0) {
		t.Errorf("Washington found in %v, not in the U.S. State Department's", got)
	}
	if got := foundRows(t, d, l, "three hundred drones"); !slices.Contains(got, 1) {
		t.Errorf("three hundred drones found in %v", got)
	}
	if got := foundRows(t, d, l, "4.50 percent"); !slices.Contains(got, 6) {
		t.Errorf("4.50 percent found in %v", got)
	}
}

// foundRows returns the rows the index finds for the first term of text.
func foundRows(t *testing.T, d *sql.DB, l *lexicon.Lexicon, text string) []int {
	t.Helper()
	var out []int
	rows, err := d.Query(`SELECT rowid FROM p WHERE p MATCH ? ORDER BY rowid`, l.Terms(text)[0].Query())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// TestInAgreesWithMatch checks that Term.In, which looks for a form of
// digits in the text itself, finds a term where its forms' Match does, and
// only there.
func TestInAgreesWithMatch(t *testing.T) {
	l := lexicon.Default()
	texts := []string{
		"Norges Bank raised the policy rate to 4.50 percent on 14 December 2023.",
		"OSLO, May 4 (Reuters) - Norway's central bank raised its rate to 3.25%.",
		"hevet styringsrenten til 4,50 prosent, publisert 4.5.2023",
		"a 1,340-kilometer border, 04.05.2023, 2023A, 14th, x4, 4",
		"Zürich 4 – 2023. four hundred and fifty; 450 drones",
	}
	for _, claim := range []string{"on 4 May 2023", "4.50 percent", "1,340 km", "450 drones", "the 14th", "2023", "4"} {
		for _, tm := range l.Terms(claim) {
			for _, text := range texts {
				words := search.Words(text)
				want := slices.ContainsFunc(tm.Forms, func(f lexicon.Form) bool { return len(f.Match(text, words)) > 0 })
				if got := tm.In(text, func() []search.Word { return words }); got != want {
					t.Errorf("%q: term %q in %q: %v, its forms match: %v", claim, tm.Text, text, got, want)
				}
			}
		}
	}
}

// TestDateTerms checks which terms are a date's: months' and weekdays'
// names in the languages the reader knows, years, and a number only where
// it stands next to a month's name as its day.
func TestDateTerms(t *testing.T) {
	l := lexicon.Default()
	for _, tc := range []struct{ text, want string }{
		{"The door plug blew out on Friday, 9 January 2024", "Friday:weekday 9:day January:month 2024:year"},
		{"Alaska Airlines grounded its 65 Boeing 737 MAX 9 jets on Jan. 6", "Jan:month 6:day"},
		{"January 9, 2024: the MAX 9 was grounded", "January:month 2024:year"}, // "9" is also a quantity
		{"le vendredi 5 janvier, un hublot s'est détaché", "vendredi:weekday 5:day janvier:month"},
		{"am 5. Januar 2024 in Portland", "5:day Januar:month 2024:year"},
		{"fredag 5. januar", "fredag:weekday 5:day januar:month"},
		{"the 9th of January", "9th:day January:month"},
		{"sept passagers, des sièges, 2,024 feet and 3000 miles", ""}, // lower-case abbreviations are words; no years
	} {
		var got []string
		for _, tm := range l.Terms(tc.text) {
			if tm.Date != lexicon.NoDate {
				got = append(got, tm.Text+":"+[]string{"", "month", "weekday", "year", "day"}[tm.Date])
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("Terms(%q): date terms %q, want %q", tc.text, strings.Join(got, " "), tc.want)
		}
	}
}
