package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/exchange"
	"claimline/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixedNow is the clock of the demo data, so that exports are stable.
func fixedNow() time.Time { return time.Date(2024, 9, 20, 12, 0, 0, 0, time.UTC) }

// demoStore is the demo data at a fixed time.
// skipUnderRace skips, in the -race pass of CI, a test that loads a library:
// the conversions here run on one goroutine, and under -race the server's
// and the API's tests run the same imports and exports concurrently. Each
// such test runs once, in the plain pass.
func skipUnderRace(t testing.TB) {
	t.Helper()
	if raceDetector {
		t.Skip("runs once, in the plain pass")
	}
}

func demoStore(t testing.TB) (*store.Store, *claimline.Timeline) {
	t.Helper()
	skipUnderRace(t)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"), store.WithClock(fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	tl, err := st.TimelineBySlug(context.Background(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return st, tl
}

// exportAs runs an export as the web app and the CLI do.
func exportAs(t testing.TB, st *store.Store, tl *claimline.Timeline, format string, f claimline.EntryFilter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := app.New(st, app.Config{}).Exchange.Export(context.Background(), format, tl, f, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func exportCSV(t testing.TB, st *store.Store, tl *claimline.Timeline, f claimline.EntryFilter) []byte {
	return exportAs(t, st, tl, "csv", f)
}

func exportJSON(t testing.TB, st *store.Store, tl *claimline.Timeline) []byte {
	return exportAs(t, st, tl, "json", claimline.EntryFilter{})
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/exchange -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended):\n%s", name, got)
	}
}

func TestGoldenExports(t *testing.T) {
	st, tl := demoStore(t)
	golden(t, "timeline.csv", exportCSV(t, st, tl, claimline.EntryFilter{}))
	golden(t, "claims.csv", exportAs(t, st, tl, "claims-csv", claimline.EntryFilter{}))
	golden(t, "timeline.json", exportJSON(t, st, tl))
	golden(t, "timelinejs.json", exportAs(t, st, tl, "timelinejs", claimline.EntryFilter{}))
}

func TestCSVShape(t *testing.T) {
	st, tl := demoStore(t)
	out := exportCSV(t, st, tl, claimline.EntryFilter{})
	if !bytes.HasPrefix(out, []byte("id,date,end_date,approximate,kind,title,description,actors,tags,sources,claims,revision,date_precision,end_date_precision\r\n")) {
		t.Errorf("header: %q", out[:80])
	}
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string][]string{}
	for _, r := range recs[1:] {
		byTitle[r[5]] = r
	}
	inv := byTitle["Russia's full-scale invasion of Ukraine begins"]
	if inv[1] != "2022-02" || inv[3] != "false" || inv[4] != "action" {
		t.Errorf("month-precision row: %q", inv)
	}
	caucus := byTitle["Congressional Ukraine caucus urges Biden to allow strikes inside Russia"]
	if caucus[1] != "2024-09-10" || caucus[3] != "true" || caucus[7] != "Congressional Ukraine Caucus; Joe Biden" {
		t.Errorf("approximate row: %q", caucus)
	}
	putin := byTitle["Putin: Western long-range strikes would mean NATO is at war with Russia"]
	// Claims are listed by their text, not by id: two databases agree.
	if !strings.HasPrefix(putin[10], "disputed: Putin made the remarks to reporters") || !strings.Contains(putin[10], " | supported: Putin said NATO countries") {
		t.Errorf("claims cell: %q", putin[10])
	}
	// Filters apply to the export.
	filtered := exportCSV(t, st, tl, claimline.EntryFilter{Kind: claimline.KindPolicyMove})
	if n := bytes.Count(filtered, []byte("\r\n")); n != 3 { // header and two policy moves
		t.Errorf("filtered export has %d lines", n)
	}
}

func TestFormulaCellsAreEscaped(t *testing.T) {
	for _, s := range []string{"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\nx", "'quoted", "''", "\x00"} {
		if e := exchange.Escape(s); e != "'"+s || exchange.Unescape(e) != s {
			t.Errorf("Escape(%q) = %q, Unescape back %q", s, e, exchange.Unescape(e))
		}
	}
	for _, s := range []string{"", "plain", "Putin's", "2024-09", "'a"} {
		if s == "'a" {
			if exchange.Escape(s) != "''a" {
				t.Errorf("Escape(%q) = %q", s, exchange.Escape(s))
			}
			continue
		}
		if exchange.Escape(s) != s || exchange.Unescape(s) != s {
			t.Errorf("%q changed", s)
		}
	}
}

// Export, re-import into the same timeline (ids update their entries), and
// export again: the bytes are identical, also for cells that look like
// formulas, but for the trailing revision column: each import wrote its
// entry once, so each revision is one more.
func TestExportImportExportIsIdentical(t *testing.T) {
	st, tl := demoStore(t)
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ann"})
	if _, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024-09-14", Kind: "other", Title: "=1+1 and '@ odd cells",
		Description: "-starts with a dash\nand has \"quotes\", commas; and semicolons", Actors: []string{"+Actor"}, Tags: []string{"@tag", "'quoted"}}); err != nil {
		t.Fatal(err)
	}
	first := exportCSV(t, st, tl, claimline.EntryFilter{})
	p, err := exchange.ReadCSV(bytes.NewReader(first), "")
	if err != nil || len(p.Problems) > 0 {
		t.Fatalf("%v %v", err, p.Problems)
	}
	rows := p.ImportRows()
	res, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, rows)
	// Every row says what its entry says: nothing changes, not even a
	// revision, so the next export is the first, byte for byte.
	if err != nil || res.Unchanged != len(rows) || res.Updated != 0 || res.Created != 0 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if second := exportCSV(t, st, tl, claimline.EntryFilter{}); !bytes.Equal(first, second) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first, second)
	}
}

func TestReadCSVSpreadsheetForms(t *testing.T) {
	in := "\ufeffdate;kind;title;actors;notes\r\n" +
		"03/04/2024;policy move;Semicolons, a BOM and CRLF;\"Putin; Biden\";x\r\n" +
		"\"c. Oct 2023\";statement;\"Quoted \r\nacross lines\";;y\r\n"
	p, _ := exchange.ReadCSV(strings.NewReader(in), "")
	if p.Delimiter != ';' || !p.Ambiguous || len(p.Problems) != 1 || p.Problems[0].Row != 2 || p.Problems[0].Column != "date" {
		t.Fatalf("without a day/month order: %+v", p)
	}
	p, _ = exchange.ReadCSV(strings.NewReader(in), "dmy")
	if len(p.Problems) > 0 || len(p.Rows) != 2 {
		t.Fatalf("problems %v", p.Problems)
	}
	if r := p.Rows[0]; r.Input.Date != "2024-04-03" || r.Input.Kind != "policy_move" || strings.Join(r.Entry.ActorNames(), "|") != "Putin|Biden" {
		t.Errorf("row 1: %+v", r.Input)
	}
	if r := p.Rows[1]; r.Entry.Title != "Quoted \nacross lines" && r.Entry.Title != "Quoted  across lines" || !r.Entry.Approximate || r.Line != 3 {
		t.Errorf("row 2: %+v", r.Entry)
	}
	if strings.Join(p.Ignored, ",") != "notes" {
		t.Errorf("ignored columns %v", p.Ignored)
	}
}

// TestReadCSVAmbiguousByKind: only a numeric day/month date makes the
// preview ask for the order, not a refused date whose text happens to say
// "ambiguous".
func TestReadCSVAmbiguousByKind(t *testing.T) {
	for in, want := range map[string]bool{
		"date,kind,title\n03/04/24,report,Two-digit year\n":      true,
		"date,kind,title\n3/4/2024,report,Slashes\n":             true,
		"date,kind,title\nambiguous,report,A word\n":             false,
		"date,kind,title\nambiguous 2024,report,Words\n":         false,
		"date,kind,title\n2024-02-30,report,An impossible day\n": false,
	} {
		p, _ := exchange.ReadCSV(strings.NewReader(in), "")
		if p.Ambiguous != want || len(p.Problems) != 1 {
			t.Errorf("%q: Ambiguous %v with problems %v; want %v", in, p.Ambiguous, p.Problems, want)
		}
	}
}

func TestReadCSVProblems(t *testing.T) {
	in := "id,date,kind,title\n" +
		"x,2024-02-30,speech,\n" + // bad id, impossible date, unknown kind, no title
		"1,2024,other\n" + // ragged
		",2024-09,report,Fine\n" +
		"7,2024-09,report,Seven\n" +
		"7,2024-10,report,Seven again\n" // one entry twice
	p, _ := exchange.ReadCSV(strings.NewReader(in), "")
	var got []string
	for _, pr := range p.Problems {
		got = append(got, pr.String())
	}
	want := []string{
		"row 2, column “id”: an id is a whole number",
		"row 2, column “date”: “2024-02-30”: February 2024 has only 29 days.",
		"row 2, column “kind”: “speech” is not a kind",
		"row 3: has 3 cells, but the header has 4",
		"row 6, column “id”: entry 7 is on row 5 already",
	}
	for i, w := range want {
		if i >= len(got) || !strings.HasPrefix(got[i], w) {
			t.Errorf("problem %d = %q, want %q…", i, at(got, i), w)
		}
	}
	if len(p.Rows) != 2 || p.Rows[0].Entry.Title != "Fine" {
		t.Errorf("rows %+v", p.Rows)
	}
	for _, bad := range []string{"", "title,kind\nx,other\n", "date,kind,title\n", "date,kind,title\n\"unclosed,x,y\n"} {
		p, err := exchange.ReadCSV(strings.NewReader(bad), "")
		if err != nil || len(p.Problems) == 0 {
			t.Errorf("%q: no problem reported", bad)
		}
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

func TestJSONRoundTrip(t *testing.T) {
	st, tl := demoStore(t)
	first := exportJSON(t, st, tl)
	tin, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	// Into a fresh instance: sources come along with their texts.
	other, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "other.db"), store.WithClock(fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "demo"})
	if _, err := other.ImportBundles(ctx, claimline.ImportTarget{New: &tin}, sources, bundles); err != nil {
		t.Fatal(err)
	}
	tl2, _ := other.TimelineBySlug(context.Background(), tin.Slug)
	if second := exportJSON(t, other, tl2); !bytes.Equal(first, second) {
		t.Errorf("JSON export → import → export differs")
	}
	// A tampered source text is refused, and nothing is saved.
	sources[0].Text += " (edited)"
	tin.Slug = "copy"
	if _, err := other.ImportBundles(ctx, claimline.ImportTarget{New: &tin}, sources, bundles); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("tampered source: %v", err)
	}
	if _, err := other.TimelineBySlug(context.Background(), "copy"); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Error("a refused import left a timeline behind")
	}
}

// FuzzCSVCell: any cell (without CR, which CSV line ends absorb) survives
// escape, write, read and unescape unchanged.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"=1+1", "'x", "plain", "a,b\n\"c\"", "@", "\t", "", "\x00z"} {
		f.Add(s, "second")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		a, b = strings.ReplaceAll(a, "\r", ""), strings.ReplaceAll(b, "\r", "")
		var buf bytes.Buffer
		w := exchange.NewWriter(&buf)
		w.Row(a, b)
		if err := w.Flush(); err != nil {
			return // encoding/csv refuses some cells (invalid UTF-8 delimiters); nothing to read back
		}
		rec, err := csv.NewReader(&buf).Read()
		if err != nil {
			t.Fatalf("written row %q does not read back: %v", buf.String(), err)
		}
		if len(rec) != 2 || exchange.Unescape(rec[0]) != a || exchange.Unescape(rec[1]) != b {
			t.Fatalf("cells %q %q came back as %q", a, b, rec)
		}
		if rec[0] != "" && strings.ContainsRune("=+-@\t\n\x00", rune(rec[0][0])) {
			t.Fatalf("cell %q can run as a formula", rec[0])
		}
	})
}

// FuzzImportCSV: no input makes the importer panic; a file it accepts saves
// every row or, on error, nothing.
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("id,date,end_date,approximate,kind,title,description,actors,tags\n,2024-09,,false,statement,T,D,A; B,t\n"))
	f.Add([]byte("date;kind;title\n03/04/2024;report;x\n"))
	f.Add([]byte("\ufeffdate,kind,title\r\n\"c. Oct 2023\",other,\"a\r\nb\"\r\n"))
	f.Add([]byte("date,kind,title\n2024,other,'=x\n2024-13,other,y\n"))
	// One store for every input, in the test's own temporary folder, which
	// the testing package removes when the target ends.
	st, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	var seq int
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := exchange.ReadCSV(bytes.NewReader(data), "dmy")
		if err != nil || len(p.Problems) > 0 {
			return
		}
		ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "fuzz"})
		rows := p.ImportRows()
		seq++
		slug := fmt.Sprintf("f%d", seq) // inputs may repeat; each import gets its own timeline
		res, err := st.ImportEntries(ctx, claimline.ImportTarget{New: &claimline.TimelineInput{Title: "Fuzz", Slug: slug}}, rows)
		tl, terr := st.TimelineBySlug(context.Background(), slug)
		switch {
		case err != nil && terr == nil:
			t.Fatalf("a failed import left timeline %s with %d entries: %v", slug, tl.EntryCount, err)
		case err == nil && (terr != nil || tl.EntryCount != len(rows) || res.Created != len(rows)):
			t.Fatalf("imported %d rows, timeline has %v (%v)", len(rows), tl, terr)
		}
	})
}

// A re-import of an export leaves alone the entries changed since the
// export (their revision column is older), unless the user lets the rows
// win; the store reports them before anything is saved.
func TestImportKeepsEntriesChangedSinceExport(t *testing.T) {
	st, tl := demoStore(t)
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ann"})
	file := exportCSV(t, st, tl, claimline.EntryFilter{})
	p, err := exchange.ReadCSV(bytes.NewReader(file), "")
	if err != nil || len(p.Problems) > 0 {
		t.Fatalf("%v %v", err, p.Problems)
	}
	row := p.Rows[0]
	if row.Revision == 0 {
		t.Fatal("the revision column was not read")
	}
	in := row.Input
	in.Title = "Changed after the export"
	if _, err := st.UpdateEntry(ctx, row.ID, row.Revision, in); err != nil {
		t.Fatal(err)
	}
	revs := map[int64]int64{}
	for _, r := range p.Rows {
		revs[r.ID] = r.Revision
	}
	changed, err := st.ChangedSince(ctx, tl.ID, revs)
	if err != nil || len(changed) != 1 || changed[0].ID != row.ID {
		t.Fatalf("changed since the export: %v, %v; want entry %d", changed, err, row.ID)
	}
	res, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, p.ImportRows())
	if err != nil || res.Kept != 1 || res.Unchanged != len(p.Rows)-1 {
		t.Fatalf("import: %+v, %v; want 1 kept", res, err)
	}
	if e, _ := st.Entry(ctx, row.ID); e.Title != "Changed after the export" {
		t.Errorf("the later change was overwritten: %q", e.Title)
	}
	rows := p.ImportRows()
	for i := range rows {
		rows[i].Force = true
	}
	if res, err = st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, rows); err != nil || res.Kept != 0 {
		t.Fatalf("forced import: %+v, %v", res, err)
	}
	if e, _ := st.Entry(ctx, row.ID); e.Title != row.Input.Title {
		t.Errorf("the row chosen to win did not: %q", e.Title)
	}
}

// Notes travel in the JSON export: on the entry and on its claims, with
// their authors and times; an export of the import is the same document.
func TestJSONCarriesNotes(t *testing.T) {
	st, tl := demoStore(t)
	ctx := context.Background()
	ann, err := st.CreateUser(ctx, "ann", claimline.RoleViewer, "x")
	if err != nil {
		t.Fatal(err)
	}
	as := claimline.NewContextWithUser(ctx, ann)
	page, err := st.Entries(ctx, tl.ID, claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var e claimline.Entry
	for _, x := range page.Entries {
		if len(x.Claims) > 0 {
			e = x
		}
	}
	if _, err := st.AddNote(as, e.ID, 0, claimline.NoteInput{Text: "On the entry <b>"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddNote(as, e.ID, e.Claims[0].ID, claimline.NoteInput{Text: "On its first claim"}); err != nil {
		t.Fatal(err)
	}
	first := exportJSON(t, st, tl)
	if !bytes.Contains(first, []byte(`"author":"ann","text":"On the entry \u003cb\u003e"`)) || !bytes.Contains(first, []byte(`"text":"On its first claim"`)) {
		t.Fatalf("the export lacks the notes:\n%s", first)
	}
	tin, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	other, err := store.Open(ctx, filepath.Join(t.TempDir(), "other.db"), store.WithClock(fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.CreateUser(ctx, "ann", claimline.RoleViewer, "x"); err != nil {
		t.Fatal(err)
	}
	admin, err := other.CreateUser(ctx, "root", claimline.RoleAdmin, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ImportBundles(claimline.NewContextWithUser(ctx, admin), claimline.ImportTarget{New: &tin}, sources, bundles); err != nil {
		t.Fatal(err)
	}
	tl2, _ := other.TimelineBySlug(ctx, tin.Slug)
	if second := exportJSON(t, other, tl2); !bytes.Equal(first, second) {
		t.Errorf("JSON export → import → export differs:\n%s\n---\n%s", first, second)
	}
}
