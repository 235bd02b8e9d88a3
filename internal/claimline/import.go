package claimline

import (
	"fmt"
	"strings"
)

// ImportTarget is the timeline an import goes into: an existing one by id,
// or a new one. A claimline JSON export brings its own timeline: with
// neither, it goes into a new timeline as the file describes it, and a
// New with only a Slug changes the file's slug.
type ImportTarget struct {
	TimelineID int64
	New        *TimelineInput
}

// ImportResult says what an import did.
type ImportResult struct {
	Slug             string
	Created, Updated int
	// Unchanged counts rows that say what their entry says already: they
	// change nothing, not even its revision, and leave no history.
	Unchanged int
	// Kept counts rows not applied because their entry changed since the
	// export and the user did not let the row win.
	Kept int
	// Preview is what was read of a file of entries (nil for a JSON
	// export): its notices, and its problems when it was refused.
	Preview *ImportPreview
}

// ImportProblem is one thing wrong with an imported file: at a row (as a
// spreadsheet numbers them, the header being row 1; 0 for the whole file)
// and a column named by its header (empty for the whole row).
type ImportProblem struct {
	Row     int
	Column  string
	Message string
}

func (p ImportProblem) String() string {
	switch {
	case p.Row == 0:
		return p.Message
	case p.Column == "":
		return fmt.Sprintf("row %d: %s", p.Row, p.Message)
	}
	return fmt.Sprintf("row %d, column “%s”: %s", p.Row, p.Column, p.Message)
}

// ColumnMapping says where one column of an imported file goes, for the
// preview: From is the file's header, To what it becomes ("title",
// "tags", "description as “name: value”", "not imported").
type ColumnMapping struct {
	From, To string
}

// PreviewRow is one entry read from a file, as it will be saved.
type PreviewRow struct {
	ImportRow
	Entry Entry    // the parsed entry
	Notes []string // what was changed on the way in (a time zone, a kept precision)
	// Unchanged: the row updates an entry that says all it says already.
	Unchanged bool
}

// Counts returns how many rows make new entries, change entries, and
// leave their entries as they are.
func (p *ImportPreview) Counts() (created, updated, unchanged int) {
	for _, r := range p.Rows {
		switch {
		case r.Unchanged:
			unchanged++
		case r.ID > 0:
			updated++
		default:
			created++
		}
	}
	return created, updated, unchanged
}

// KeepIDsOf keeps the ids of rows that name an entry of stored (the
// target timeline's; nil for a new timeline) and drops the others: such a
// row makes a new entry, and the preview counts it so.
func (p *ImportPreview) KeepIDsOf(stored map[int64]Entry) {
	for i := range p.Rows {
		if _, ok := stored[p.Rows[i].ID]; !ok {
			p.Rows[i].ID = 0
		}
	}
}

// MarkUnchanged marks the rows that say what their stored entry says.
func (p *ImportPreview) MarkUnchanged(stored map[int64]Entry) {
	for i := range p.Rows {
		r := &p.Rows[i]
		if old, ok := stored[r.ID]; ok && r.ID > 0 {
			r.Unchanged = old.SameContent(r.Entry)
		}
	}
}

// ImportPreview is a file read in full for import: its rows, its problems,
// and what was found out about it. A preview with problems must not be
// imported.
type ImportPreview struct {
	Format    string // "CSV", "Timesketch CSV", "Timesketch JSONL"
	Rows      []PreviewRow
	Problems  []ImportProblem
	Delimiter rune
	Mapping   []ColumnMapping // every column and where it goes
	Ignored   []string        // the headers of the columns not imported
	Notices   []string        // file-wide remarks (time zones converted, precision kept)
	// Ambiguous says that numeric day/month dates were found and no order
	// was chosen.
	Ambiguous bool
}

// ImportRows returns the rows to hand to the store.
func (p *ImportPreview) ImportRows() []ImportRow {
	rows := make([]ImportRow, len(p.Rows))
	for i, r := range p.Rows {
		rows[i] = r.ImportRow
	}
	return rows
}

// Ready reports whether the preview can be imported as it is.
func (p *ImportPreview) Ready() bool { return len(p.Problems) == 0 && len(p.Rows) > 0 }

// KeepPrecision compares rows that update an entry with the entry's stored
// dates. A spreadsheet often writes a month ("2023-10") back as its first
// day ("2023-10-01"), or a year as its first of January: where a row's date
// is the first instant of the stored, coarser date, the row is noted and,
// when keep is true, the stored date is kept. A description whose every line
// break the file doubles (Gnumeric writes an older export's CRLF line breaks
// back so, through ODS) keeps its stored text, with a note on the row.
func (p *ImportPreview) KeepPrecision(stored map[int64]Entry, keep bool) {
	n := 0
	for i := range p.Rows {
		r := &p.Rows[i]
		old, ok := stored[r.ID]
		if r.ID == 0 || !ok {
			continue
		}
		for _, f := range []struct {
			file  *Date
			input *string
			was   Date
		}{{&r.Entry.Date, &r.Input.Date, old.Date}, {&r.Entry.EndDate, &r.Input.EndDate, old.EndDate}} {
			if !gainedPrecision(*f.file, f.was) {
				continue
			}
			n++
			if keep {
				r.Notes = append(r.Notes, fmt.Sprintf("the file says %s, the stored date is %s: kept %s", f.file.Display(), f.was.Display(), f.was.Display()))
				*f.file, *f.input = f.was, f.was.ISO()
			} else {
				r.Notes = append(r.Notes, fmt.Sprintf("the file says %s, the stored date is %s: saved as %s", f.file.Display(), f.was.Display(), f.file.Display()))
			}
		}
		if doubledBreaks(r.Entry.Description, old.Description) {
			r.Notes = append(r.Notes, "every line break of the description is doubled in the file, as a spreadsheet writes the line breaks of an older export (Gnumeric through ODS): kept the stored description")
			r.Entry.Description, r.Input.Description = old.Description, old.Description
		}
	}
	if n > 0 {
		what := "The stored precision is kept (the default)."
		if !keep {
			what = "The file's dates will replace them."
		}
		p.Notices = append(p.Notices, fmt.Sprintf("%d dates in the file are finer than the stored dates they replace, but only by a first day or month, as spreadsheets write a month back (Oct 2023 as 2023-10-01). %s", n, what))
	}
}

// doubledBreaks reports whether description is stored with each of its line
// breaks doubled, and nothing else changed.
func doubledBreaks(description, stored string) bool {
	return strings.Contains(stored, "\n") && description == strings.ReplaceAll(stored, "\n", "\n\n")
}

// gainedPrecision reports whether d is the first instant of the coarser
// stored date was, written at a finer precision.
func gainedPrecision(d, was Date) bool {
	return !d.IsZero() && !was.IsZero() && d.Precision > was.Precision && d.Start().Equal(was.Start())
}

// ImportOptions are the choices a person makes about an import file.
type ImportOptions struct {
	Order DateOrder // how to read numeric day/month dates
	// FinePrecision saves a row's date even where it only adds a first day
	// or month to the date of the entry it updates (kept by default).
	FinePrecision bool
	// Overwrite lets rows win over entries changed since the file was
	// exported (by its revision column); such rows are skipped otherwise.
	Overwrite bool
}
