package app

import (
	"bytes"
	"context"
	"io"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
)

// Exchange is the use cases of moving timelines in and out: import from a
// CSV, Timesketch or claimline JSON file, in one transaction, and export
// in the formats of exchange.Formats. The web pages, the command line and
// the API all import and export through it.
type Exchange struct{ st exchangeStore }

// ReadEntries reads a file of entries (a timeline or Timesketch CSV, or
// Timesketch JSON lines) for a preview or an import. When the target is an
// existing timeline, rows that update its entries are compared with the
// stored dates (see ImportPreview.KeepPrecision). The error is for I/O and
// the database; what is wrong with the file is in the preview's Problems.
func (x *Exchange) ReadEntries(ctx context.Context, data []byte, target claimline.ImportTarget, opt claimline.ImportOptions) (*claimline.ImportPreview, error) {
	p, err := exchange.ReadEntries(data, opt.Order)
	if err != nil || target.TimelineID == 0 && target.New == nil {
		return p, err
	}
	if target.New != nil {
		p.KeepIDsOf(nil) // every row is a new entry of the new timeline
		return p, nil
	}
	var ids []int64
	for _, r := range p.Rows {
		if r.ID > 0 {
			ids = append(ids, r.ID)
		}
	}
	stored, err := x.st.EntriesOf(ctx, target.TimelineID, ids)
	if err != nil {
		return nil, err
	}
	p.KeepIDsOf(stored)
	p.KeepPrecision(stored, !opt.FinePrecision)
	p.MarkUnchanged(stored)
	return p, nil
}

// Import saves a file into the target timeline in one transaction: a
// claimline JSON export with its sources and evidence, or a file of entries
// as ReadEntries reads it (the result's Preview holds what was read). A
// file with problems is an EINVALID error and nothing is saved.
func (x *Exchange) Import(ctx context.Context, data []byte, target claimline.ImportTarget, opt claimline.ImportOptions) (claimline.ImportResult, error) {
	if exchange.Detect(data) == "json" {
		return x.importJSON(ctx, data, target)
	}
	if target.TimelineID == 0 && target.New == nil {
		return claimline.ImportResult{}, claimline.Errorf(claimline.EINVALID, "A file of entries needs a timeline to go into.")
	}
	p, err := x.ReadEntries(ctx, data, target, opt)
	if err != nil {
		return claimline.ImportResult{}, err
	}
	if len(p.Problems) > 0 {
		return claimline.ImportResult{Preview: p}, claimline.Errorf(claimline.EINVALID, "the file has %s.", claimline.Plural(len(p.Problems), "problem", "problems"))
	}
	rows := p.ImportRows()
	for i := range rows {
		rows[i].Force = opt.Overwrite
	}
	res, err := x.st.ImportEntries(ctx, target, rows)
	res.Preview = p
	return res, err
}

func (x *Exchange) importJSON(ctx context.Context, data []byte, target claimline.ImportTarget) (claimline.ImportResult, error) {
	tin, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(data))
	if err != nil {
		return claimline.ImportResult{}, err
	}
	switch {
	case target.TimelineID != 0:
	case target.New == nil:
		target.New = &tin
	case target.New.Title == "":
		tin.Slug = target.New.Slug
		target.New = &tin
	}
	return x.st.ImportBundles(ctx, target, sources, bundles)
}

// ChangedSince returns the entries of a timeline, among those revs names,
// whose revision moved past the one given: rows of an import file that
// would overwrite someone's later change.
func (x *Exchange) ChangedSince(ctx context.Context, timelineID int64, revs map[int64]int64) ([]claimline.Entry, error) {
	return x.st.ChangedSince(ctx, timelineID, revs)
}

// Export writes timeline t in the named format (see exchange.ExportFormats) to
// w: for the CSV formats, its entries matching f. An unknown format is
// EINVALID.
func (x *Exchange) Export(ctx context.Context, format string, t *claimline.Timeline, f claimline.EntryFilter, w io.Writer) error {
	f, err := withActorNamed(ctx, x.st, f)
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		return writeCSV(w, exchange.TimelineColumns, func(cw *exchange.Writer) error {
			return x.st.ExportEntries(ctx, t.ID, f, cw.Entry)
		})
	case "claims-csv":
		return writeCSV(w, exchange.ClaimColumns, func(cw *exchange.Writer) error {
			return x.st.ExportClaims(ctx, t.ID, f, cw.Claim)
		})
	case "json":
		jw, err := exchange.NewJSONWriter(w, *t)
		if err != nil {
			return err
		}
		if err := x.st.ExportBundles(ctx, t.ID, jw.Entry, jw.Source); err != nil {
			return err
		}
		return jw.Close()
	case "timelinejs":
		tj := exchange.NewTimelineJS(*t)
		add := func(e claimline.ExportedEntry) error { tj.Add(e); return nil }
		if err := x.st.ExportEntries(ctx, t.ID, claimline.EntryFilter{}, add); err != nil {
			return err
		}
		return tj.Write(w)
	}
	return claimline.Errorf(claimline.EINVALID, "Unknown format %q: choose csv, claims-csv, json or timelinejs.", format)
}

// writeCSV writes a CSV file of these columns whose rows come from rows.
func writeCSV(w io.Writer, columns []string, rows func(*exchange.Writer) error) error {
	cw := exchange.NewWriter(w)
	if err := cw.Row(columns...); err != nil {
		return err
	}
	if err := rows(cw); err != nil {
		return err
	}
	return cw.Flush()
}

// KeepUpload keeps an uploaded file for its import (an hour) and returns a
// token naming it, for the user's next request.
func (x *Exchange) KeepUpload(ctx context.Context, userID int64, name string, data []byte) (string, error) {
	return x.st.SavePendingImport(ctx, userID, name, data)
}

// Upload returns the name and content of a file the user uploaded for
// import; an unknown or expired token, or another user's, is ENOTFOUND.
func (x *Exchange) Upload(ctx context.Context, userID int64, token string) (string, []byte, error) {
	return x.st.PendingImport(ctx, userID, token)
}

// DropUpload removes a kept file once it is imported.
func (x *Exchange) DropUpload(ctx context.Context, userID int64, token string) error {
	return x.st.DeletePendingImport(ctx, userID, token)
}
