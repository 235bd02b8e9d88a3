package views

import (
	"claimline/internal/claimline"
	"claimline/internal/exchange"
)

// ImportForm is the state of the import pages: the target, the day/month
// order, and, once a file is read, its content and what it holds.
type ImportForm struct {
	Timelines []claimline.Timeline // existing targets
	Target    string               // a timeline's slug, or "" for a new one
	NewTitle  string
	Order     string // "", "dmy", "mdy"
	Data      string // the file's content, carried from preview to import
	Name      string
	Error     string
	// CSV preview
	Parsed *exchange.Parsed
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
	return f.Error == "" && (f.JSON != nil || f.Parsed != nil && len(f.Parsed.Problems) == 0 && len(f.Parsed.Rows) > 0)
}
