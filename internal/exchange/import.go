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

// Problem is one thing wrong with an imported file, at a line and column
// (both 1-based; column 0 means the whole line).
type Problem struct {
	Line, Column int
	Field        string
	Message      string
}

func (p Problem) String() string {
	switch {
	case p.Line == 0:
		return p.Message
	case p.Column == 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d, column %d (%s): %s", p.Line, p.Column, p.Field, p.Message)
}

// Row is one entry read from a timeline CSV, as it will be saved.
type Row struct {
	claimline.ImportRow
	Entry claimline.Entry // the parsed entry, for previews
}

// Parsed is a timeline CSV read in full: its rows, its problems, and what
// was detected about it.
type Parsed struct {
	Rows      []Row
	Problems  []Problem
	Delimiter rune
	Ignored   []string // columns that are not imported
	// Ambiguous says that numeric day/month dates were found and no order
	// was chosen.
	Ambiguous bool
}

// ImportRows returns the rows to hand to the store.
func (p *Parsed) ImportRows() []claimline.ImportRow {
	rows := make([]claimline.ImportRow, len(p.Rows))
	for i, r := range p.Rows {
		rows[i] = r.ImportRow
	}
	return rows
}

// MaxImportSize is the largest CSV accepted, in bytes.
const MaxImportSize = 20 << 20

// ReadCSV reads a timeline CSV as spreadsheets write it: UTF-8 with or
// without a byte-order mark, CRLF or LF line ends, "," or ";" (or tab) as the
// delimiter, the header naming columns in any order. Required columns are
// date, kind and title; sources and claims are exported for reading but not
// imported. Numeric day/month dates are read in the given order, or
// reported. Every problem is collected with its line and column; a file with
// problems must not be imported.
func ReadCSV(r io.Reader, order claimline.DateOrder) (*Parsed, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, err
	}
	p := &Parsed{}
	if len(b) > MaxImportSize {
		p.Problems = append(p.Problems, Problem{Message: fmt.Sprintf("the file is larger than %d MiB", MaxImportSize>>20)})
		return p, nil
	}
	if !utf8.Valid(b) {
		p.Problems = append(p.Problems, Problem{Message: "the file is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8”"})
		return p, nil
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	p.Delimiter = sniff(b)
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = p.Delimiter, -1, false
	header, err := cr.Read()
	if err == io.EOF {
		p.Problems = append(p.Problems, Problem{Message: "the file is empty"})
		return p, nil
	} else if err != nil {
		p.Problems = append(p.Problems, csvProblem(err))
		return p, nil
	}
	cols := p.columns(header)
	if len(p.Problems) > 0 {
		return p, nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			p.Problems = append(p.Problems, csvProblem(err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			p.Problems = append(p.Problems, Problem{Line: line, Message: fmt.Sprintf("has %d fields, but the header has %d", len(rec), len(header))})
			continue
		}
		p.row(line, rec, cols, cr, order)
	}
	if len(p.Rows) == 0 && len(p.Problems) == 0 {
		p.Problems = append(p.Problems, Problem{Message: "the file has a header but no rows"})
	}
	return p, nil
}

func csvProblem(err error) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problem{Line: pe.Line, Column: pe.Column, Message: pe.Err.Error()}
	}
	return Problem{Message: err.Error()}
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

// columns maps known column names to their index.
func (p *Parsed) columns(header []string) map[string]int {
	cols := map[string]int{}
	known := map[string]bool{}
	for _, c := range TimelineColumns {
		known[c] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(Unescape(h)))
		switch {
		case name == "sources" || name == "claims":
			p.Ignored = append(p.Ignored, name)
		case known[name]:
			if _, dup := cols[name]; dup {
				p.Problems = append(p.Problems, Problem{Line: 1, Column: i + 1, Field: name, Message: "this column appears twice"})
			}
			cols[name] = i
		default:
			p.Ignored = append(p.Ignored, h)
		}
	}
	for _, req := range []string{"date", "kind", "title"} {
		if _, ok := cols[req]; !ok {
			p.Problems = append(p.Problems, Problem{Line: 1, Message: fmt.Sprintf("the header has no %q column (columns: %s)", req, strings.Join(TimelineColumns, ", "))})
		}
	}
	return cols
}

// row reads one record into a Row, or into problems.
func (p *Parsed) row(line int, rec []string, cols map[string]int, cr *csv.Reader, order claimline.DateOrder) {
	cell := func(name string) string {
		if i, ok := cols[name]; ok {
			return Unescape(rec[i])
		}
		return ""
	}
	problem := func(field, msg string) {
		i := cols[field]
		l, c := cr.FieldPos(i)
		p.Problems = append(p.Problems, Problem{Line: l, Column: c, Field: field, Message: msg})
	}
	r := Row{ImportRow: claimline.ImportRow{Line: line}}
	if id := strings.TrimSpace(cell("id")); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			problem("id", "an id is a whole number; leave it empty for a new entry")
		}
		r.ID = n
	}
	date, approx, dateOK := p.date(cell("date"), order, func(m string) { problem("date", m) })
	end, _, endOK := "", false, true
	if strings.TrimSpace(cell("end_date")) != "" {
		end, _, endOK = p.date(cell("end_date"), order, func(m string) { problem("end_date", m) })
	}
	approxCell, ok := parseBool(cell("approximate"))
	if !ok {
		problem("approximate", "write true or false (or leave it empty)")
	}
	kind, ok := parseKind(cell("kind"))
	if !ok {
		problem("kind", fmt.Sprintf("“%s” is not a kind; use statement, policy_move, action, report or other", cell("kind")))
	}
	r.Input = claimline.EntryInput{Date: date, EndDate: end, Approximate: approx || approxCell, Kind: kind,
		Title: cell("title"), Description: cell("description"), Actors: split(cell("actors")), Tags: split(cell("tags"))}
	if !dateOK || !endOK {
		return
	}
	e, err := r.Input.Parse()
	for field, msg := range claimline.FieldErrors(err) {
		if _, ok := cols[field]; ok && field != "kind" {
			problem(field, msg)
		} else if field != "kind" {
			p.Problems = append(p.Problems, Problem{Line: line, Message: msg})
		}
	}
	if err == nil {
		r.Entry = e
		p.Rows = append(p.Rows, r)
	}
}

// date reads a date cell; it returns the date in ISO form for the entry.
func (p *Parsed) date(s string, order claimline.DateOrder, problem func(string)) (string, bool, bool) {
	d, approx, err := claimline.ParseDateIn(s, order)
	if err != nil {
		if order == "" && strings.Contains(err.Error(), "ambiguous") {
			p.Ambiguous = true
			problem(claimline.ErrorMessage(err) + " Or choose the day/month order of the file's numeric dates.")
		} else {
			problem(claimline.ErrorMessage(err))
		}
		return "", false, false
	}
	return d.ISO(), approx, true
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

// parseKind accepts a kind's name or its label, in any case.
func parseKind(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range claimline.Kinds {
		if s == string(k) || s == k.Label() {
			return string(k), true
		}
	}
	return s, false
}

func split(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, strings.TrimSpace(listSep))
}
