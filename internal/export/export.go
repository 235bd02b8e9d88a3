// Package export writes a timeline from the store in one of the exchange
// formats. The web handlers and the CLI both export through it.
package export

import (
	"context"
	"fmt"
	"io"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
	"claimline/internal/store"
)

// Format is one export format.
type Format struct {
	ContentType string
	Part        string // file name part: <slug>[-part]-<date><ext>
	Ext         string
	write       func(context.Context, *store.Store, *claimline.Timeline, claimline.EntryFilter, io.Writer) error
}

// Formats are the export formats by name, as the CLI's --format names them.
var Formats = map[string]Format{
	"csv":        {"text/csv; charset=utf-8", "", ".csv", timelineCSV},
	"claims-csv": {"text/csv; charset=utf-8", "claims", ".csv", claimsCSV},
	"json":       {"application/json; charset=utf-8", "", ".json", fullJSON},
	"timelinejs": {"application/json; charset=utf-8", "timelinejs", ".json", timelineJS},
}

// Write exports timeline t (its entries matching f, for the CSV formats) in
// the named format to w.
func Write(ctx context.Context, st *store.Store, format string, t *claimline.Timeline, f claimline.EntryFilter, w io.Writer) error {
	ft, ok := Formats[format]
	if !ok {
		return claimline.Errorf(claimline.EINVALID, "Unknown format %q: choose csv, claims-csv, json or timelinejs.", format)
	}
	return ft.write(ctx, st, t, f, w)
}

// FileName returns the download name of an export made on date (YYYY-MM-DD).
func (ft Format) FileName(slug, date string) string {
	if ft.Part != "" {
		return fmt.Sprintf("%s-%s-%s%s", slug, ft.Part, date, ft.Ext)
	}
	return fmt.Sprintf("%s-%s%s", slug, date, ft.Ext)
}

func timelineCSV(ctx context.Context, st *store.Store, t *claimline.Timeline, f claimline.EntryFilter, w io.Writer) error {
	cw := exchange.NewWriter(w)
	if err := cw.Row(exchange.TimelineColumns...); err != nil {
		return err
	}
	if err := st.ExportEntries(ctx, t.ID, f, cw.Entry); err != nil {
		return err
	}
	return cw.Flush()
}

func claimsCSV(ctx context.Context, st *store.Store, t *claimline.Timeline, f claimline.EntryFilter, w io.Writer) error {
	cw := exchange.NewWriter(w)
	if err := cw.Row(exchange.ClaimColumns...); err != nil {
		return err
	}
	if err := st.ExportClaims(ctx, t.ID, f, cw.Claim); err != nil {
		return err
	}
	return cw.Flush()
}

func fullJSON(ctx context.Context, st *store.Store, t *claimline.Timeline, _ claimline.EntryFilter, w io.Writer) error {
	jw, err := exchange.NewJSONWriter(w, *t)
	if err != nil {
		return err
	}
	if err := st.ExportBundles(ctx, t.ID, jw.Entry, jw.Source); err != nil {
		return err
	}
	return jw.Close()
}

func timelineJS(ctx context.Context, st *store.Store, t *claimline.Timeline, _ claimline.EntryFilter, w io.Writer) error {
	tj := exchange.NewTimelineJS(*t)
	add := func(e claimline.ExportedEntry) error { tj.Add(e); return nil }
	if err := st.ExportEntries(ctx, t.ID, claimline.EntryFilter{}, add); err != nil {
		return err
	}
	return tj.Write(w)
}
