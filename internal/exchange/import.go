package exchange

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"claimline/internal/claimline"
)

// MaxImportSize is the largest file accepted, in bytes.
const MaxImportSize = 20 << 20

// columnAliases maps a header, folded by headerKey, to the column it names.
// Besides the exported names, a few names people type are accepted; the
// guide lists them (web/help/import-export.md).
var columnAliases = map[string]string{
	"id": "id", "date": "date", "enddate": "end_date", "dateend": "end_date",
	"approximate": "approximate", "approx": "approximate", "kind": "kind",
	"title": "title", "description": "description",
	"actors": "actors", "actor": "actors", "tags": "tags", "tag": "tags",
	"sources": "sources", "claims": "claims", "revision": "revision",
	"dateprecision": "date_precision", "precision": "date_precision", "enddateprecision": "end_date_precision",
}

// headerKey folds a header for matching: case, spaces, underscores and
// hyphens do not count ("End date", "End_Date" and "end-date" are one).
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(Unescape(h))) {
		if r != ' ' && r != '_' && r != '-' && r != '\u00a0' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ReadCSV reads a timeline CSV as spreadsheets write it: UTF-8 with or
// without a byte-order mark, CRLF or LF line ends, "," or ";" (or tab) as the
// delimiter, the header naming columns in any order and spelling. Required
// columns are date, kind and title; sources and claims are exported for
// reading but not imported. A Timesketch CSV (message, datetime,
// timestamp_desc, …) is recognised by its header and read as ReadTimesketch
// does. Empty rows are skipped. Numeric day/month dates are read in the given
// order, or reported. Every problem is collected with its row and column; a
// file with problems must not be imported. The error is for I/O only.
func ReadCSV(r io.Reader, order claimline.DateOrder) (*claimline.ImportPreview, error) {
	p := &claimline.ImportPreview{Format: "CSV"}
	b, ok, err := readText(r, p)
	if err != nil || !ok {
		return p, err
	}
	p.Delimiter = sniff(b)
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = p.Delimiter, -1, false
	header, err := cr.Read()
	if err == io.EOF {
		p.Problems = append(p.Problems, claimline.ImportProblem{Message: "the file is empty"})
		return p, nil
	} else if err != nil {
		p.Problems = append(p.Problems, csvProblem(err, 1))
		return p, nil
	}
	var rd reader
	if isTimesketch(header) {
		p.Format = "Timesketch CSV"
		rd = newTimesketch(p, header)
	} else {
		rd = newTimelineReader(p, header)
	}
	if len(p.Problems) > 0 {
		return p, nil
	}
	// Rows are numbered as a spreadsheet shows them: a record spanning
	// several text lines is one row, and a blank line (which encoding/csv
	// skips) is one.
	row, off, lines := 1, cr.InputOffset(), bytes.Count(b[:cr.InputOffset()], []byte("\n"))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			p.Problems = append(p.Problems, csvProblem(err, row+1))
			break
		}
		start, _ := cr.FieldPos(0)
		row += max(start-lines, 1)
		next := cr.InputOffset()
		lines += bytes.Count(b[off:next], []byte("\n"))
		off = next
		if blank(rec) {
			continue // an empty row, such as the ",,,," spreadsheets leave
		}
		if len(rec) > len(header) && blank(rec[len(header):]) {
			rec = rec[:len(header)]
		}
		if len(rec) != len(header) {
			p.Problems = append(p.Problems, claimline.ImportProblem{Row: row, Message: fmt.Sprintf("has %d cells, but the header has %d", len(rec), len(header))})
			continue
		}
		rd.row(row, rec, order)
	}
	if t, ok := rd.(*timelineReader); ok && t.restored > 0 {
		p.Notices = append(p.Notices, fmt.Sprintf("%s read at the precision the file's precision columns state, as a spreadsheet had written them as their first day or instant (Feb 2012 as 2012-02-01); the notes on each row say which.", Count(t.restored, "date was", "dates were")))
	}
	finish(p)
	return p, nil
}

// reader turns one record into a row of p, or into problems.
type reader interface {
	row(row int, rec []string, order claimline.DateOrder)
}

// readText reads all of r and checks that it is UTF-8 text of an accepted
// size; ok is false when it is not (the problem is recorded).
func readText(r io.Reader, p *claimline.ImportPreview) ([]byte, bool, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, false, err
	}
	if len(b) > MaxImportSize {
		p.Problems = append(p.Problems, claimline.ImportProblem{Message: fmt.Sprintf("the file is larger than %d MiB", MaxImportSize>>20)})
		return nil, false, nil
	}
	if !utf8.Valid(b) {
		p.Problems = append(p.Problems, claimline.ImportProblem{Message: "the file is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8”"})
		return nil, false, nil
	}
	return bytes.TrimPrefix(b, []byte("\ufeff")), true, nil
}

// finish adds the file-wide remarks once every row is read.
func finish(p *claimline.ImportPreview) {
	if len(p.Rows) == 0 && len(p.Problems) == 0 {
		p.Problems = append(p.Problems, claimline.ImportProblem{Message: "the file has a header but no rows"})
	}
	zones := 0
	for _, r := range p.Rows {
		for _, n := range r.Notes {
			if strings.HasSuffix(n, "(UTC)") {
				zones++
			}
		}
	}
	if zones > 0 {
		p.Notices = append(p.Notices, fmt.Sprintf("%s a time zone offset; they are stored in UTC (the notes on each row say how).", Count(zones, "time has", "times have")))
	}
}

// Count returns "1 row", "2 rows".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func csvProblem(err error, row int) claimline.ImportProblem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return claimline.ImportProblem{Row: row, Message: fmt.Sprintf("the CSV is malformed here (text line %d): %s", pe.Line, pe.Err)}
	}
	return claimline.ImportProblem{Row: row, Message: err.Error()}
}

// sniff picks the delimiter that occurs most in the first line outside quotes.
func sniff(b []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(b) {
		if c == '"' {
			quoted = !quoted
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted && (c == ',' || c == ';' || c == '\t') {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// timelineReader reads rows of claimline's own timeline CSV.
type timelineReader struct {
	p        *claimline.ImportPreview
	cols     map[string]int // column name → index
	header   []string
	restored int           // dates read at their precision column's precision
	ids      map[int64]int // entry id → the row that names it
}

func newTimelineReader(p *claimline.ImportPreview, header []string) *timelineReader {
	t := &timelineReader{p: p, cols: map[string]int{}, header: header, ids: map[int64]int{}}
	for i, h := range header {
		name, known := columnAliases[headerKey(h)]
		label := strings.TrimSpace(Unescape(h))
		switch {
		case name == "sources" || name == "claims":
			p.Ignored = append(p.Ignored, label)
			p.Mapping = append(p.Mapping, claimline.ColumnMapping{From: label, To: "not imported (written by the export for reading)"})
		case known:
			if j, dup := t.cols[name]; dup {
				p.Problems = append(p.Problems, claimline.ImportProblem{Row: 1, Column: label, Message: fmt.Sprintf("names the same column as “%s”", strings.TrimSpace(header[j]))})
			}
			t.cols[name] = i
			p.Mapping = append(p.Mapping, claimline.ColumnMapping{From: label, To: name})
		default:
			p.Ignored = append(p.Ignored, label)
			p.Mapping = append(p.Mapping, claimline.ColumnMapping{From: label, To: "not imported (unknown column)"})
		}
	}
	for _, req := range []string{"date", "kind", "title"} {
		if _, ok := t.cols[req]; !ok {
			p.Problems = append(p.Problems, claimline.ImportProblem{Row: 1, Message: fmt.Sprintf("the header has no “%s” column (columns: %s)", req, strings.Join(TimelineColumns, ", "))})
		}
	}
	return t
}

func (t *timelineReader) row(row int, rec []string, order claimline.DateOrder) {
	cell := func(name string) string {
		if i, ok := t.cols[name]; ok {
			return Unescape(rec[i])
		}
		return ""
	}
	list := func(name string) []string {
		if i, ok := t.cols[name]; ok {
			return SplitList(rec[i])
		}
		return nil
	}
	rb := rowBuilder{p: t.p, row: row, column: func(field string) string { return strings.TrimSpace(t.header[t.cols[field]]) }, restored: &t.restored}
	if id := strings.TrimSpace(cell("id")); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			rb.problem("id", "an id is a whole number; leave it empty for a new entry")
		} else if first, dup := t.ids[n]; dup {
			// Two rows for one entry: which should win is the user's call.
			rb.problem("id", fmt.Sprintf("entry %d is on row %d already; keep one of the two rows", n, first))
		} else {
			t.ids[n] = row
		}
		rb.r.ID = n
	}
	if rev := strings.TrimSpace(cell("revision")); rev != "" {
		n, err := strconv.ParseInt(rev, 10, 64)
		if err != nil || n <= 0 {
			rb.problem("revision", "a revision is a whole number, as exported; leave it empty if unknown")
		}
		rb.r.Revision = n
	}
	rb.r.Input = claimline.EntryInput{Title: cell("title"), Description: cell("description"), Actors: list("actors"), Tags: list("tags")}
	rb.dates(cell("date"), cell("end_date"), cell("date_precision"), cell("end_date_precision"), order)
	approxCell, ok := parseBool(cell("approximate"))
	if !ok {
		rb.problem("approximate", "write true or false (or leave it empty)")
	}
	rb.r.Input.Approximate = rb.r.Input.Approximate || approxCell
	kind, ok := claimline.ParseKind(cell("kind"))
	if !ok {
		rb.problem("kind", fmt.Sprintf("“%s” is not a kind; use statement, policy_move, action, report or other", cell("kind")))
	}
	rb.r.Input.Kind = string(kind)
	rb.finish(func(field string) bool { _, ok := t.cols[field]; return ok })
}

// rowBuilder collects one row's entry and problems.
type rowBuilder struct {
	p      *claimline.ImportPreview
	row    int
	column func(field string) string // the header naming an entry field
	r      claimline.PreviewRow
	bad    bool
	// restored counts the dates read at a coarser precision than written,
	// as their precision cell states; nil where a format has no such cell.
	restored *int
}

func (b *rowBuilder) problem(field, msg string) {
	b.bad = true
	b.p.Problems = append(b.p.Problems, claimline.ImportProblem{Row: b.row, Column: b.column(field), Message: msg})
}

// dates reads the date cells into the row's input. datePrec and endPrec are
// the cells that state each date's precision, "" where there are none.
func (b *rowBuilder) dates(date, end, datePrec, endPrec string, order claimline.DateOrder) {
	d, approx, _ := b.date("date", date, datePrec, order)
	b.r.Input.Date, b.r.Input.Approximate = d, b.r.Input.Approximate || approx
	if strings.TrimSpace(end) != "" {
		b.r.Input.EndDate, _, _ = b.date("end_date", end, endPrec, order)
	}
}

// date reads a date cell, at the precision prec states if it is not empty;
// it returns the date in ISO form for the entry.
func (b *rowBuilder) date(field, s, prec string, order claimline.DateOrder) (string, bool, bool) {
	d, approx, err := claimline.ParseDateIn(s, order)
	if err != nil {
		if order == "" && errors.Is(err, claimline.ErrAmbiguousDate) {
			b.p.Ambiguous = true
			b.problem(field, claimline.ErrorMessage(err)+" Or choose the day/month order of the file's numeric dates.")
		} else {
			b.problem(field, claimline.ErrorMessage(err))
		}
		return "", false, false
	}
	if note := claimline.TimeZoneNote(s); note != "" {
		b.r.Notes = append(b.r.Notes, note)
	}
	if strings.TrimSpace(prec) != "" {
		d = b.atPrecision(field, strings.TrimSpace(s), d, prec)
	}
	return d.ISO(), approx, true
}

// atPrecision reads d, written as s, at the precision its precision cell
// states. Spreadsheets turn a month or a year into its first day (Gnumeric
// writes "2012-02" back as 2012/02/01): such a date is read at the stated
// precision. A date that disagrees with its cell in any other way was
// edited, or lost its time of day in a spreadsheet: it is read as written,
// and the row says so.
func (b *rowBuilder) atPrecision(field, s string, d claimline.Date, cell string) claimline.Date {
	col := field + "_precision"
	want, ok := parsePrecision(cell)
	switch {
	case !ok:
		b.problem(col, fmt.Sprintf("“%s” is not a precision; write year, month, day or time (or leave it empty)", strings.TrimSpace(cell)))
	case want == d.Precision || want >= claimline.PrecisionMinute && d.Precision >= claimline.PrecisionMinute:
	case want < d.Precision && atStart(d, want):
		c := truncate(d, want)
		how := fmt.Sprintf("a spreadsheet writes a %s as its first day", want)
		if want == claimline.PrecisionDay {
			how = "a spreadsheet gave the day a time of 00:00"
		}
		b.r.Notes = append(b.r.Notes, fmt.Sprintf("%s: %s read as %s, as %s says (%s)", b.column(field), s, c.Display(), b.column(col), how))
		if b.restored != nil {
			*b.restored++
		}
		return c
	default:
		b.r.Notes = append(b.r.Notes, fmt.Sprintf("%s: %s says %s, but %s is %s: read as written", b.column(field), b.column(col), PrecisionWord(want), s, d.Display()))
	}
	return d
}

// truncate returns d at the coarser precision p.
func truncate(d claimline.Date, p claimline.Precision) claimline.Date {
	c := claimline.Date{Year: d.Year, Precision: p}
	if p >= claimline.PrecisionMonth {
		c.Month = d.Month
	}
	if p >= claimline.PrecisionDay {
		c.Day = d.Day
	}
	return c
}

// atStart reports whether d is the first instant of its year, month or day,
// as p says.
func atStart(d claimline.Date, p claimline.Precision) bool {
	return p <= claimline.PrecisionDay && truncate(d, p).Start().Equal(d.Start())
}

// finish validates the entry and adds the row, or its problems.
func (b *rowBuilder) finish(hasColumn func(field string) bool) {
	b.r.Line = b.row
	if b.bad {
		return
	}
	e, err := b.r.Input.Parse()
	for field, msg := range claimline.FieldErrors(err) {
		if hasColumn(field) {
			b.problem(field, msg)
		} else {
			b.p.Problems = append(b.p.Problems, claimline.ImportProblem{Row: b.row, Message: msg})
		}
	}
	if err == nil {
		b.r.Entry = e
		b.p.Rows = append(b.p.Rows, b.r)
	}
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "no", "0", "n":
		return false, true
	case "true", "yes", "1", "y", "c.", "approximate":
		return true, true
	}
	return false, false
}
