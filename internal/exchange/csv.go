// Package exchange reads and writes claimline's exchange formats: the
// timeline CSV, the claims CSV, the full JSON export and TimelineJS JSON.
// Encoders write to an io.Writer and decoders read an io.Reader; nothing
// here knows of HTTP or SQL.
package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"claimline/internal/claimline"
)

// TimelineColumns is the header of the timeline CSV, in order. New columns
// are only ever appended, so that files and spreadsheets built on the
// older layout keep working. revision is the entry's revision at export:
// an import that finds the entry changed since says so before saving.
// date_precision and end_date_precision name each date's precision (see
// PrecisionWord), so that a date a spreadsheet rewrote as a day
// ("2012-02" as 2012/02/01) is read back at its own precision.
var TimelineColumns = []string{"id", "date", "end_date", "approximate", "kind", "title", "description", "actors", "tags", "sources", "claims", "revision",
	"date_precision", "end_date_precision"}

// ClaimColumns is the header of the claims CSV, in order.
var ClaimColumns = []string{"claim_id", "entry_id", "entry_date", "claim", "claimant", "status", "source_id", "source_title", "source_url", "stance", "quote", "note", "independent_sources"}

// listSep joins actors, tags and sources in a cell; claimSep joins claims.
const (
	listSep  = "; "
	claimSep = " | "
)

// risky are the first characters that make a spreadsheet read a cell as a
// formula, or that hide one (OWASP CSV injection).
const risky = "=+-@\t\r\n\x00"

// Escape makes a cell safe to open in a spreadsheet: a cell starting with a
// formula character, or with "'", gets one more leading "'".
func Escape(s string) string {
	if s != "" && (strings.IndexByte(risky, s[0]) >= 0 || s[0] == '\'') {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape: it removes exactly one leading "'" when the next
// character is one Escape would have protected, so Unescape(Escape(s)) == s.
func Unescape(s string) string {
	if len(s) >= 2 && s[0] == '\'' && (strings.IndexByte(risky, s[1]) >= 0 || s[1] == '\'') {
		return s[1:]
	}
	return s
}

// Writer writes CSV rows (RFC 4180: CRLF record ends, quoting as needed)
// with every cell escaped against formula injection. A line break inside a
// cell is written as a bare LF, as spreadsheets write it themselves: a CRLF
// inside a cell becomes two line breaks in some tools (Gnumeric's ODS).
type Writer struct {
	out *bufio.Writer
	row bytes.Buffer // one record, as encoding/csv writes it with LF ends
	w   *csv.Writer  // writes into row
	err error
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	cw := &Writer{out: bufio.NewWriter(w)}
	cw.w = csv.NewWriter(&cw.row)
	return cw
}

// Row writes one row of cells.
func (w *Writer) Row(cells ...string) error {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = Escape(c)
	}
	return w.record(out)
}

// record writes cells as one record ending in CRLF; line breaks inside the
// cells stay LF.
func (w *Writer) record(cells []string) error {
	if w.err != nil {
		return w.err
	}
	w.row.Reset()
	if err := w.w.Write(cells); err != nil {
		w.err = err
		return err
	}
	w.w.Flush()
	rec := bytes.TrimSuffix(w.row.Bytes(), []byte("\n"))
	if _, w.err = w.out.Write(rec); w.err == nil {
		_, w.err = w.out.WriteString("\r\n")
	}
	return w.err
}

// Flush writes any buffered data and returns the first write error.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	return w.out.Flush()
}

// Entry writes one row of the timeline CSV. The list cells (actors, tags,
// sources) are guarded item by item instead of as a whole: see JoinList.
func (w *Writer) Entry(e claimline.ExportedEntry) error {
	claims := make([]string, len(e.ClaimRefs))
	for i, c := range e.ClaimRefs {
		claims[i] = string(c.Status) + ": " + c.Text
	}
	return w.record([]string{strconv.FormatInt(e.ID, 10), e.Date.ISO(), e.EndDate.ISO(), strconv.FormatBool(e.Approximate), string(e.Kind),
		Escape(e.Title), Escape(e.Description), JoinList(e.ActorNames()), JoinList(e.Tags),
		JoinList(e.SourceRefs), Escape(strings.Join(claims, claimSep)), strconv.FormatInt(e.Revision, 10),
		PrecisionWord(e.Date.Precision), PrecisionWord(e.EndDate.Precision)})
}

// precisionWords are the words of the precision columns, from coarsest to
// finest: a date with a time of day is "time", to the minute or the second.
var precisionWords = []string{claimline.PrecisionYear: "year", claimline.PrecisionMonth: "month",
	claimline.PrecisionDay: "day", claimline.PrecisionMinute: "time", claimline.PrecisionSecond: "time"}

// PrecisionWord names a date's precision in the precision columns: year,
// month, day or time; "" for no date.
func PrecisionWord(p claimline.Precision) string { return precisionWords[p] }

// parsePrecision reads a precision cell: one of the words PrecisionWord
// writes, in any case, or "minute" and "second" for a time.
func parsePrecision(s string) (claimline.Precision, bool) {
	switch w := strings.ToLower(strings.TrimSpace(s)); w {
	case "minute", "second", "day and time":
		return claimline.PrecisionMinute, true
	default:
		for p, word := range precisionWords {
			if word != "" && w == word {
				return claimline.Precision(p), true
			}
		}
	}
	return claimline.PrecisionNone, false
}

// JoinList writes names into one cell, separated by "; ". A ";" inside a
// name is doubled, so that SplitList gives the same names back, and each
// name gets the formula guard of Escape: a spreadsheet that splits the cell
// into columns never meets a formula either.
func JoinList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = Escape(strings.ReplaceAll(n, ";", ";;"))
	}
	return strings.Join(out, listSep)
}

// SplitList reads a cell written by JoinList (or typed by hand, "a; b" or
// "a;b"): ";;" is a ";" inside a name, a single ";" separates names, and
// each name loses the guard Escape gave it. Empty names are dropped.
func SplitList(cell string) []string {
	var names []string
	var cur strings.Builder
	add := func() {
		if n := strings.TrimSpace(cur.String()); n != "" {
			names = append(names, Unescape(n))
		}
		cur.Reset()
	}
	for i := 0; i < len(cell); i++ {
		switch {
		case cell[i] == ';' && i+1 < len(cell) && cell[i+1] == ';':
			cur.WriteByte(';')
			i++
		case cell[i] == ';':
			add()
		default:
			cur.WriteByte(cell[i])
		}
	}
	add()
	return names
}

// Claim writes one row of the claims CSV.
func (w *Writer) Claim(r claimline.ClaimRow) error {
	source := ""
	if r.SourceID != 0 {
		source = strconv.FormatInt(r.SourceID, 10)
	}
	return w.Row(strconv.FormatInt(r.ClaimID, 10), strconv.FormatInt(r.EntryID, 10), r.EntryDate.ISO(), r.Claim, r.Claimant,
		string(r.Status), source, r.SourceTitle, r.SourceURL, string(r.Stance), r.Quote, r.Note, strconv.Itoa(r.Independent))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
