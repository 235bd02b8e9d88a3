package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "spreadsheets", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func problems(p *claimline.ImportPreview) string {
	var s []string
	for _, pr := range p.Problems {
		s = append(s, pr.String())
	}
	return strings.Join(s, "\n")
}

func TestTimesWithSecondsAndZones(t *testing.T) {
	for _, c := range []struct{ in, iso, note string }{
		{"2024-09-12T14:30:00", "2024-09-12T14:30", ""},
		{"2024-09-12T14:30:05", "2024-09-12T14:30:05", ""},
		{"2024-09-12 14:30:05.750", "2024-09-12T14:30:05", ""},
		{"2024-09-12T14:30:00Z", "2024-09-12T14:30", ""},
		{"2024-09-12T16:30:00+02:00", "2024-09-12T14:30", "2024-09-12T16:30:00+02:00 is stored as 2024-09-12T14:30 (UTC)"},
		{"2024-09-12T23:30-0100", "2024-09-13T00:30", "2024-09-12T23:30-0100 is stored as 2024-09-13T00:30 (UTC)"},
		{"2024/09/13 15:00:00", "2024-09-13T15:00", ""},
	} {
		d, _, err := claimline.ParseDate(c.in)
		if err != nil || d.ISO() != c.iso {
			t.Errorf("%s: %s, %v; want %s", c.in, d.ISO(), err, c.iso)
		}
		if n := claimline.TimeZoneNote(c.in); n != c.note {
			t.Errorf("%s: note %q, want %q", c.in, n, c.note)
		}
		back, err := claimline.ParseISODate(d.ISO())
		if err != nil || back != d {
			t.Errorf("%s: stored form %s does not read back: %v", c.in, d.ISO(), err)
		}
	}
	for _, bad := range []string{"2024-09-12T24:00:00", "2024-09-12T14:30:61", "2024-02-30T10:00:00Z"} {
		if _, _, err := claimline.ParseDate(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	p, _ := exchange.ReadCSV(strings.NewReader("date,kind,title\n2024-09-12T16:30:00+02:00,other,Zoned\n"), "")
	if len(p.Rows) != 1 || len(p.Rows[0].Notes) != 1 || len(p.Notices) != 1 || !strings.Contains(p.Notices[0], "UTC") {
		t.Errorf("the preview does not say that a zone was converted: %+v", p)
	}
}

func TestHeaderNamesAndAliases(t *testing.T) {
	in := "ID,Date,End date,Approximate,Kind,Title,Actor,Tag,Notes,Colour\n" +
		"  ,2024-09,2024-10,false,Policy move,Spelled differently,Putin,escalation,x,y\n" +
		",,,,,,,,,\n" + // the empty rows a spreadsheet leaves
		"\n" +
		"x,2024,,,other,Bad id,,,,\n"
	p, _ := exchange.ReadCSV(strings.NewReader(in), "")
	// The blank line counts as a row, as in a spreadsheet.
	if len(p.Rows) != 1 || len(p.Problems) != 1 || !strings.HasPrefix(p.Problems[0].String(), "row 5, column “ID”:") {
		t.Fatalf("rows %d, problems:\n%s", len(p.Rows), problems(p))
	}
	e := p.Rows[0].Entry
	if e.EndDate.ISO() != "2024-10" || e.Kind != claimline.KindPolicyMove || strings.Join(e.ActorNames(), ",") != "Putin" || strings.Join(e.Tags, ",") != "escalation" {
		t.Errorf("entry %+v", e)
	}
	if strings.Join(p.Ignored, "|") != "Notes|Colour" {
		t.Errorf("ignored %q", p.Ignored)
	}
	for _, h := range []string{"end_date", "End_Date", "end date", "END-DATE", "date_end"} {
		p, _ := exchange.ReadCSV(strings.NewReader("date,kind,title,"+h+"\n2024,other,x,2025\n"), "")
		if len(p.Rows) != 1 || p.Rows[0].Entry.EndDate.ISO() != "2025" {
			t.Errorf("header %q does not name the end date: %s", h, problems(p))
		}
	}
	p, _ = exchange.ReadCSV(strings.NewReader("date,kind,title,tags,Tag\n2024,other,x,a,b\n"), "")
	if len(p.Problems) != 1 || !strings.Contains(p.Problems[0].String(), "column “Tag”: names the same column as “tags”") {
		t.Errorf("duplicate column: %s", problems(p))
	}
}

func TestProblemsNameRowAndHeader(t *testing.T) {
	// Row 3 spans two text lines; the problem still names spreadsheet row 4.
	in := "Title,Kind,Date\nfirst,other,2024\n\"two\nlines\",other,2024\nthird,other,someday\n"
	p, _ := exchange.ReadCSV(strings.NewReader(in), "")
	if got := problems(p); !strings.HasPrefix(got, "row 4, column “Date”: “someday” is not a date") {
		t.Errorf("problem %q", got)
	}
}

// The spreadsheet fixtures are the demo export as LibreOffice Calc 7.4 and
// Gnumeric 1.12 save it: TRUE/FALSE, a time with ":00" seconds, empty rows
// at the end, and (Gnumeric) every date as a day with slashes.
func TestSpreadsheetRoundTrips(t *testing.T) {
	for _, name := range []string{"demo-libreoffice.csv", "demo-gnumeric.csv"} {
		t.Run(name, func(t *testing.T) {
			st, tl := demoStore(t)
			ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ann"})
			before := exportCSV(t, st, tl, claimline.EntryFilter{})
			p, err := exchange.ReadCSV(bytes.NewReader(fixture(t, name)), "")
			if err != nil || len(p.Problems) > 0 || len(p.Rows) != 8 {
				t.Fatalf("%d rows, %v, problems:\n%s", len(p.Rows), err, problems(p))
			}
			if strings.Join(p.Ignored, ",") != "sources,claims" {
				t.Errorf("ignored %v", p.Ignored)
			}
			var ids []int64
			for _, r := range p.Rows {
				ids = append(ids, r.ID)
			}
			stored, err := st.EntriesOf(ctx, tl.ID, ids)
			if err != nil || len(stored) != 8 {
				t.Fatal(len(stored), err)
			}
			p.KeepPrecision(stored, true)
			if _, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, p.ImportRows()); err != nil {
				t.Fatal(err)
			}
			after := exportCSV(t, st, tl, claimline.EntryFilter{})
			// Only entry 8, the last row, changed: it gained a time.
			want := strings.Replace(string(before), "\r\n8,2024-09-13,", "\r\n8,2024-09-13T15:00,", 1)
			if !strings.HasSuffix(want, ",day,\r\n") {
				t.Fatalf("the last row does not end with its precisions: %q", want[len(want)-40:])
			}
			want = strings.TrimSuffix(want, "day,\r\n") + "time,\r\n"
			// Its revision is one more; the rest is as it was.
			if got, want := withoutRevisions(t, after), withoutRevisions(t, []byte(want)); got != want {
				t.Errorf("after the round trip:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestKeepPrecisionCanBeDeclined(t *testing.T) {
	st, tl := demoStore(t)
	ctx := context.Background()
	p, _ := exchange.ReadCSV(bytes.NewReader(fixture(t, "demo-gnumeric.csv")), "")
	stored, _ := st.EntriesOf(ctx, tl.ID, []int64{2, 3})
	p.KeepPrecision(stored, false)
	if p.Rows[0].Entry.Date.ISO() != "2022-02-01" || len(p.Rows[0].Notes) != 1 || len(p.Notices) != 1 ||
		!strings.Contains(p.Notices[0], "2 dates") || !strings.Contains(p.Notices[0], "will replace") {
		t.Errorf("declined: %+v %q", p.Rows[0], p.Notices)
	}
	p, _ = exchange.ReadCSV(bytes.NewReader(fixture(t, "demo-gnumeric.csv")), "")
	p.KeepPrecision(stored, true)
	if p.Rows[0].Entry.Date.ISO() != "2022-02" || p.Rows[0].Input.Date != "2022-02" || !strings.Contains(p.Rows[0].Notes[0], "kept Feb 2022") {
		t.Errorf("kept: %+v", p.Rows[0])
	}
}

func TestTimesketch(t *testing.T) {
	for _, name := range []string{"timesketch.csv", "timesketch.jsonl"} {
		t.Run(name, func(t *testing.T) {
			p, err := exchange.ReadEntries(fixture(t, name), "")
			if err != nil || len(p.Problems) > 0 || len(p.Rows) != 3 {
				t.Fatalf("%v, %d rows:\n%s", err, len(p.Rows), problems(p))
			}
			if !strings.HasPrefix(p.Format, "Timesketch") {
				t.Errorf("format %q", p.Format)
			}
			r := p.Rows[0].Entry
			if r.Title != "Putin tells reporters NATO would be at war with Russia" || r.Date.ISO() != "2024-09-12T14:30:05" ||
				strings.Join(r.Tags, "|") != "Statement reported|escalation|long-range missiles" || r.Kind != claimline.KindOther ||
				!strings.Contains(r.Description, "data_type: news:article") || strings.Contains(r.Description, "timestamp") {
				t.Errorf("first event: %+v", r)
			}
			if d := p.Rows[1].Entry.Date.ISO(); d != "2024-09-12T21:00" || len(p.Rows[1].Notes) != 1 {
				t.Errorf("an offset is stored as UTC: %s %q", d, p.Rows[1].Notes)
			}
			if d := p.Rows[2].Entry.Date.ISO(); d != "2024-09-13T00:00" {
				t.Errorf("midnight UTC: %s", d)
			}
			mapped := map[string]string{}
			for _, m := range p.Mapping {
				mapped[m.From] = m.To
			}
			if mapped["message"] != "title" || mapped["datetime"] != "date" || mapped["timestamp_desc"] != "tags" ||
				!strings.HasPrefix(mapped["data_type"], "description") || !strings.HasPrefix(mapped["timestamp"], "not imported") {
				t.Errorf("mapping %v", mapped)
			}
			if !slices.Contains(p.Ignored, "timestamp") {
				t.Errorf("ignored %v", p.Ignored)
			}
		})
	}
	if exchange.Detect(fixture(t, "timesketch.jsonl")) != "jsonl" || exchange.Detect([]byte(`{"format": "claimline"}`)) != "json" {
		t.Error("JSON lines and a JSON export are told apart wrongly")
	}
	p, _ := exchange.ReadEntries([]byte("{\"message\": \"x\", \"datetime\": \"2024\"}\n{oops\n"), "")
	if got := problems(p); !strings.HasPrefix(got, "row 2: not a JSON object") {
		t.Errorf("bad line: %q", got)
	}
}

// Names holding ";" come back whole, and every item of a list cell is
// guarded against formulas, not only the cell's first.
func TestListCells(t *testing.T) {
	var buf bytes.Buffer
	w := exchange.NewWriter(&buf)
	e := claimline.ExportedEntry{Entry: claimline.Entry{ID: 1, Date: claimline.MustParseDate("2024"), Kind: claimline.KindOther, Title: "t",
		Actors: []claimline.Actor{{Name: "x;=1+1"}, {Name: "=HYPERLINK(1)"}, {Name: "Plain"}}, Tags: []string{"a;;b", "-1", "'q"}}}
	if err := w.Entry(e); err != nil || w.Flush() != nil {
		t.Fatal(err)
	}
	rec, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	if rec[7] != "x;;=1+1; '=HYPERLINK(1); Plain" || rec[8] != "a;;;;b; '-1; ''q" {
		t.Errorf("cells %q %q", rec[7], rec[8])
	}
	if got := exchange.SplitList(rec[7]); !slices.Equal(got, []string{"x;=1+1", "=HYPERLINK(1)", "Plain"}) {
		t.Errorf("actors back: %q", got)
	}
	if got := exchange.SplitList(rec[8]); !slices.Equal(got, []string{"a;;b", "-1", "'q"}) {
		t.Errorf("tags back: %q", got)
	}
	// A cell guarded as a whole by an older export still reads the same.
	if got := exchange.SplitList("'=x; y"); !slices.Equal(got, []string{"=x", "y"}) {
		t.Errorf("old cell: %q", got)
	}
}

// The same timeline in two databases, built in opposite orders, exports the
// same files apart from the id columns.
func TestExportOrderIsStable(t *testing.T) {
	st, tl := demoStore(t)
	doc := exportJSON(t, st, tl)
	tin, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := demoStore(t) // ids already taken, so every id differs
	slices.Reverse(sources)
	slices.Reverse(bundles)
	tin.Slug = "copy"
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ann"})
	if _, err := other.ImportBundles(ctx, claimline.ImportTarget{New: &tin}, sources, bundles); err != nil {
		t.Fatal(err)
	}
	copyTL, err := other.TimelineBySlug(ctx, "copy")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format string
		ids    []int
	}{{"csv", []int{0}}, {"claims-csv", []int{0, 1, 6}}} {
		a := withoutIDs(t, exportAs(t, st, tl, c.format, claimline.EntryFilter{}), c.ids)
		b := withoutIDs(t, exportAs(t, other, copyTL, c.format, claimline.EntryFilter{}), c.ids)
		if a != b {
			t.Errorf("%s differs between the databases:\n%s\n---\n%s", c.format, a, b)
		}
	}
}

func withoutIDs(t *testing.T, b []byte, cols []int) string {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, r := range recs {
		for _, c := range cols {
			r[c] = ""
		}
		out.WriteString(strings.Join(r, "\x1f") + "\n")
	}
	return out.String()
}

// BenchmarkReadCSV10k reads a 10,000-row timeline CSV as the import
// preview does.
func BenchmarkReadCSV10k(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("id,date,end_date,approximate,kind,title,description,actors,tags\n")
	for i := range 10000 {
		fmt.Fprintf(&buf, ",2024-09-%02dT14:30:05+02:00,,false,statement,Entry %d,\"A description, with a comma\",Putin; Biden,escalation\n", i%28+1, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		p, err := exchange.ReadCSV(bytes.NewReader(data), "")
		if err != nil || len(p.Rows) != 10000 {
			b.Fatal(err, len(p.Rows))
		}
	}
}

// withoutRevisions returns a timeline CSV without its revision column.
func withoutRevisions(t *testing.T, b []byte) string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "revision")
	if col < 0 {
		t.Fatalf("no revision column in %q", recs[0])
	}
	var out strings.Builder
	w := csv.NewWriter(&out)
	for i, r := range recs {
		if _, err := strconv.Atoi(r[col]); i > 0 && err != nil {
			t.Fatalf("row %d: %q is not a revision", i+1, r[col])
		}
		w.Write(slices.Delete(r, col, col+1))
	}
	w.Flush()
	return out.String()
}
