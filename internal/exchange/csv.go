// Package exchange reads and writes claimline's exchange formats: the
// timeline CSV, the claims CSV, the full JSON export and TimelineJS JSON.
// Encoders write to an io.Writer and decoders read an io.Reader; nothing
// here knows of HTTP or SQL.
package exchange

import (
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
var TimelineColumns = []string{"id", "date", "end_date", "approximate", "kind", "title", "description", "actors", "tags", "sources", "claims", "revision"}

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

// Writer writes CSV rows (RFC 4180: CRLF line ends, quoting as needed) with
// every cell escaped against formula injection.
type Writer struct {
	w *csv.Writer
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{w: cw}
}

// Row writes one row of cells.
func (w *Writer) Row(cells ...string) error {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = Escape(c)
	}
	return w.w.Write(out)
}

// Flush writes any buffered data and returns the first write error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Entry writes one row of the timeline CSV. The list cells (actors, tags,
// sources) are guarded item by item instead of as a whole: see JoinList.
func (w *Writer) Entry(e claimline.ExportedEntry) error {
	claims := make([]string, len(e.ClaimRefs))
	for i, c := range e.ClaimRefs {
		claims[i] = string(c.Status) + ": " + c.Text
	}
	return w.w.Write([]string{strconv.FormatInt(e.ID, 10), e.Date.ISO(), e.EndDate.ISO(), strconv.FormatBool(e.Approximate), string(e.Kind),
		Escape(e.Title), Escape(e.Description), JoinList(e.ActorNames()), JoinList(e.Tags),
		JoinList(e.SourceRefs), Escape(strings.Join(claims, claimSep)), strconv.FormatInt(e.Revision, 10)})
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
