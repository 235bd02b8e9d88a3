package exchange

import "fmt"

// ExportFormat is one export format.
type ExportFormat struct {
	ContentType string
	Part        string // file name part: <slug>[-part]-<date><ext>
	Ext         string
}

// ExportFormats are the export formats by name, as the CLI's --format and the
// web's export links name them.
var ExportFormats = map[string]ExportFormat{
	"csv":        {"text/csv; charset=utf-8", "", ".csv"},
	"claims-csv": {"text/csv; charset=utf-8", "claims", ".csv"},
	"json":       {"application/json; charset=utf-8", "", ".json"},
	"timelinejs": {"application/json; charset=utf-8", "timelinejs", ".json"},
}

// FileName returns the download name of an export made on date (YYYY-MM-DD).
func (ft ExportFormat) FileName(slug, date string) string {
	if ft.Part != "" {
		return fmt.Sprintf("%s-%s-%s%s", slug, ft.Part, date, ft.Ext)
	}
	return fmt.Sprintf("%s-%s%s", slug, date, ft.Ext)
}
