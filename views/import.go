package views

import (
	"claimline/internal/claimline"
)

// ImportForm is the state of the import pages: the target, the day/month
// order, and, once a file is uploaded, the token of the copy the server
// keeps and what the file holds.
type ImportForm struct {
	Timelines []claimline.Timeline // existing targets
	Target    string               // a timeline's slug, or "" for a new one
	NewTitle  string
	Order     string // "", "dmy", "mdy"
	// FinePrecision asks to save a file's dates even where they only add a
	// first day or month to a stored entry's date (kept by default).
	FinePrecision bool
	Token         string // names the uploaded file kept on the server
	Name          string
	Error         string
	// CSV or Timesketch preview
	Preview *claimline.ImportPreview
	// Changed are the target's entries that rows of the file update but
	// that changed since the file was exported; Force lets those rows win.
	Changed []claimline.Entry
	Force   bool
	// JSON preview
	JSON *JSONSummary
}

// JSONSummary describes a JSON export about to be imported.
type JSONSummary struct {
	Title                    string
	Entries, Claims, Sources int
}

// Ready reports whether the file can be imported as it is.
func (f ImportForm) Ready() bool {
	return f.Error == "" && (f.JSON != nil || f.Preview != nil && f.Preview.Ready())
}

// HasNotes reports whether any previewed row has notes, for the table's column.
func (f ImportForm) HasNotes() bool {
	for _, r := range f.Preview.Rows {
		if len(r.Notes) > 0 {
			return true
		}
	}
	return false
}
