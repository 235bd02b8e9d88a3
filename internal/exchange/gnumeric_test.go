package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/exchange"
)

// ssconvert returns the path of Gnumeric's converter. The test skips
// without it on a developer's machine; CI installs it and must run it.
func ssconvert(t *testing.T) string {
	t.Helper()
	skipUnderRace(t)
	p, err := exec.LookPath("ssconvert")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but Gnumeric's ssconvert is not installed")
		}
		t.Skip("Gnumeric's ssconvert is not installed")
	}
	return p
}

// throughSpreadsheet saves a CSV as a spreadsheet of the given format with
// Gnumeric, and that spreadsheet as a CSV again, as a person who opens an
// export, saves it as .xlsx or .ods and later exports it back does.
func throughSpreadsheet(t *testing.T, tool string, data []byte, format string) []byte {
	t.Helper()
	dir := t.TempDir()
	in, sheet, out := filepath.Join(dir, "in.csv"), filepath.Join(dir, "sheet."+format), filepath.Join(dir, "out.csv")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, step := range [][2]string{{in, sheet}, {sheet, out}} {
		cmd := exec.Command(tool, step[0], step[1])
		cmd.Env = append(os.Environ(), "HOME="+dir) // Gnumeric writes its settings there
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ssconvert %s: %v\n%s", filepath.Base(step[1]), err, msg)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// threeHundred is a timeline CSV of 300 entries with dates at every
// precision, end dates, and descriptions of several lines, blank lines
// among them, as people write them.
func threeHundred() []byte {
	var buf bytes.Buffer
	w := exchange.NewWriter(&buf)
	w.Row("date", "end_date", "approximate", "kind", "title", "description", "actors", "tags")
	kinds := []string{"statement", "policy_move", "action", "report", "other"}
	for i := range 300 {
		y, m, d := 1990+i%35, 1+i%12, 1+i%28
		var date string
		switch i % 5 {
		case 0:
			date = fmt.Sprint(y)
		case 1:
			date = fmt.Sprintf("%d-%02d", y, m)
		case 2:
			date = fmt.Sprintf("%d-%02d-%02d", y, m, d)
		case 3:
			date = fmt.Sprintf("%d-%02d-%02dT%02d:%02d", y, m, d, i%24, i%60)
		default:
			date = fmt.Sprintf("%d-%02d-%02dT%02d:%02d:%02d", y, m, d, i%24, i%60, 1+i%59)
		}
		end := ""
		if i%7 == 0 {
			end = fmt.Sprintf("%d-%02d", y+1, m) // a month, as spreadsheets rewrite it
		}
		var desc string
		switch i % 4 {
		case 0:
			desc = fmt.Sprintf("The ministry's statement of entry %d.\nA second line, with a comma and \"quotes\".", i)
		case 1:
			desc = fmt.Sprintf("First paragraph of entry %d.\n\nSecond paragraph, after a blank line.\n- a list item\n- another", i)
		case 2:
			desc = fmt.Sprintf("=A cell that starts like a formula, entry %d", i)
		default:
			desc = fmt.Sprintf("Zelenskyy said “we will not stop” — entry %d, 漢字 and ünïcode.", i)
		}
		w.Row(date, end, fmt.Sprint(i%3 == 0), kinds[i%5], fmt.Sprintf("Entry %d: officials respond, again", i), desc,
			exchange.JoinList([]string{"Ministry of Defence", fmt.Sprintf("Official %d", i%9)}), exchange.JoinList([]string{"sanctions", "talks"}))
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// A 300-entry export saved as xlsx or ods in Gnumeric and converted back to
// CSV imports with every date at its precision and every description as it
// was: into a new timeline, the same export again; into its own timeline,
// nothing changed. The preview names each date Gnumeric rewrote.
func TestGnumericRoundTrips(t *testing.T) {
	tool := ssconvert(t)
	st, _ := demoStore(t)
	a := app.New(st, app.Config{})
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ann"})
	if _, err := a.Exchange.Import(ctx, threeHundred(), claimline.ImportTarget{New: &claimline.TimelineInput{Title: "Three hundred", Slug: "three-hundred"}}, claimline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	tl, err := st.TimelineBySlug(ctx, "three-hundred")
	if err != nil {
		t.Fatal(err)
	}
	export := exportCSV(t, st, tl, claimline.EntryFilter{})
	recs, err := csv.NewReader(bytes.NewReader(export)).ReadAll()
	if err != nil || len(recs) != 301 {
		t.Fatalf("export: %d records, %v", len(recs), err)
	}
	months := 0 // the dates Gnumeric writes as a first day
	for _, r := range recs[1:] {
		for _, c := range []int{1, 2} {
			if len(r[c]) == len("2012-02") {
				months++
			}
		}
	}
	for _, format := range []string{"xlsx", "ods"} {
		t.Run(format, func(t *testing.T) {
			back := throughSpreadsheet(t, tool, export, format)
			if bytes.Equal(back, export) || !bytes.Contains(back, []byte("/01,")) {
				t.Fatalf("Gnumeric left the file as it was; the test proves nothing:\n%.300s", back)
			}

			p, err := a.Exchange.ReadEntries(ctx, back, claimline.ImportTarget{New: &claimline.TimelineInput{Title: "x"}}, claimline.ImportOptions{})
			if err != nil || len(p.Problems) > 0 {
				t.Fatalf("%v, problems:\n%s", err, problems(p))
			}
			noted := 0
			for _, r := range p.Rows {
				for _, n := range r.Notes {
					if strings.Contains(n, "read as") && strings.Contains(n, "_precision says") {
						noted++
					}
				}
			}
			if noted != months || len(p.Notices) != 1 || !strings.HasPrefix(p.Notices[0], fmt.Sprintf("%d dates were read at the precision", months)) {
				t.Errorf("%d of %d rewritten months noted on their rows; notices %q", noted, months, p.Notices)
			}

			slug := "back-" + format
			res, err := a.Exchange.Import(ctx, back, claimline.ImportTarget{New: &claimline.TimelineInput{Title: "Back through " + format, Slug: slug}}, claimline.ImportOptions{})
			if err != nil || res.Created != 300 {
				t.Fatalf("into a new timeline: %+v, %v", res, err)
			}
			copyTL, err := st.TimelineBySlug(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			// The new timeline's export is the first one, apart from the ids.
			if a, b := withoutIDs(t, export, []int{0}), withoutIDs(t, exportCSV(t, st, copyTL, claimline.EntryFilter{}), []int{0}); a != b {
				t.Errorf("the new timeline differs from the one exported:\n%s", firstDifference(a, b))
			}

			res, err = a.Exchange.Import(ctx, back, claimline.ImportTarget{TimelineID: tl.ID}, claimline.ImportOptions{})
			if err != nil || res.Unchanged != 300 || res.Created+res.Updated != 0 {
				t.Errorf("into its own timeline: %+v, %v", res, err)
			}
			if again := exportCSV(t, st, tl, claimline.EntryFilter{}); !bytes.Equal(again, export) {
				t.Errorf("the timeline changed:\n%s", firstDifference(string(export), string(again)))
			}
		})
	}
}

// An export written before line breaks in cells were LF (CRLF inside a
// cell) comes back from Gnumeric's ODS with every line break doubled. Into
// the timeline it came from, the stored descriptions are kept and each row
// says so; a date cell that disagrees with its precision cell is read as
// written, with a note, and a precision nobody writes is a problem.
func TestImportNotesWhatASpreadsheetChanged(t *testing.T) {
	st, tl := demoStore(t)
	a := app.New(st, app.Config{})
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "ann"})
	es, err := st.EntriesOf(ctx, tl.ID, []int64{2})
	if err != nil || len(es) != 1 {
		t.Fatal(len(es), err)
	}
	in := es[2].Input()
	in.Description = "Line one.\nLine two.\n\nLine four."
	if _, err := st.UpdateEntry(ctx, 2, es[2].Revision, in); err != nil {
		t.Fatal(err)
	}
	old := exportCSV(t, st, tl, claimline.EntryFilter{})
	doubled := strings.Replace(string(old), "Line one.\nLine two.\n\nLine four.", "Line one.\n\nLine two.\n\n\n\nLine four.", 1)
	if doubled == string(old) {
		t.Fatal("the description is not in the export")
	}
	p, err := a.Exchange.ReadEntries(ctx, []byte(doubled), claimline.ImportTarget{TimelineID: tl.ID}, claimline.ImportOptions{})
	if err != nil || len(p.Problems) > 0 {
		t.Fatalf("%v\n%s", err, problems(p))
	}
	row := p.Rows[slices.IndexFunc(p.Rows, func(r claimline.PreviewRow) bool { return r.ID == 2 })]
	if row.Entry.Description != "Line one.\nLine two.\n\nLine four." || !row.Unchanged || len(row.Notes) != 1 || !strings.Contains(row.Notes[0], "line break") {
		t.Errorf("doubled line breaks: %q unchanged=%v notes %q", row.Entry.Description, row.Unchanged, row.Notes)
	}

	csvIn := "date,kind,title,date_precision,end_date,end_date_precision\n" +
		"2012/03/15,other,Edited to a day,month,,\n" +
		"2012-03,other,Edited to a month,day,,\n" +
		"2024-09-13,other,Lost its time,time,,\n" +
		"1999/01/01 00:00:00,other,A year at midnight,year,2000/02/01,MONTH\n" +
		"2024/09/13 00:00:00,other,A day at midnight,Day,,\n" +
		"2012,other,Bad precision,decade,,\n"
	p, _ = exchange.ReadCSV(strings.NewReader(csvIn), "")
	if got := problems(p); got != "row 7, column “date_precision”: “decade” is not a precision; write year, month, day or time (or leave it empty)" {
		t.Errorf("problems: %q", got)
	}
	want := []struct{ date, end, note string }{
		{"2012-03-15", "", "date: date_precision says month, but 2012/03/15 is 15 Mar 2012: read as written"},
		{"2012-03", "", "date: date_precision says day, but 2012-03 is Mar 2012: read as written"},
		{"2024-09-13", "", "date: date_precision says time, but 2024-09-13 is 13 Sep 2024: read as written"},
		{"1999", "2000-02", "date: 1999/01/01 00:00:00 read as 1999, as date_precision says (a spreadsheet writes a year as its first day)"},
		{"2024-09-13", "", "date: 2024/09/13 00:00:00 read as 13 Sep 2024, as date_precision says (a spreadsheet gave the day a time of 00:00)"},
	}
	if len(p.Rows) != len(want) {
		t.Fatalf("%d rows", len(p.Rows))
	}
	for i, w := range want {
		r := p.Rows[i]
		if r.Entry.Date.ISO() != w.date || r.Entry.EndDate.ISO() != w.end || len(r.Notes) == 0 || r.Notes[0] != w.note {
			t.Errorf("row %d: %s–%s, notes %q; want %s–%s, %q", r.Line, r.Entry.Date.ISO(), r.Entry.EndDate.ISO(), r.Notes, w.date, w.end, w.note)
		}
	}
}

// firstDifference shows the first line where a and b differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %q\n  %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}
