package app

import (
	"bytes"
	"context"

	"claimline/internal/claimline"
	"claimline/internal/exchange"
)

// ImportOptions are the choices a person makes about an import file.
type ImportOptions struct {
	Order claimline.DateOrder // how to read numeric day/month dates
	// FinePrecision saves a row's date even where it only adds a first day
	// or month to the date of the entry it updates (kept by default).
	FinePrecision bool
	// Overwrite lets rows win over entries changed since the file was
	// exported (by its revision column); such rows are skipped otherwise.
	Overwrite bool
}

// ReadEntries reads a file of entries (a timeline or Timesketch CSV, or
// Timesketch JSON lines) for a preview or an import. When the target is an
// existing timeline, rows that update its entries are compared with the
// stored dates (see ImportPreview.KeepPrecision). The error is for I/O and
// the database; what is wrong with the file is in the preview's Problems.
func (a *App) ReadEntries(ctx context.Context, data []byte, target claimline.ImportTarget, opt ImportOptions) (*claimline.ImportPreview, error) {
	p, err := exchange.ReadEntries(data, opt.Order)
	if err != nil || target.New != nil || target.TimelineID == 0 {
		return p, err
	}
	var ids []int64
	for _, r := range p.Rows {
		if r.ID > 0 {
			ids = append(ids, r.ID)
		}
	}
	stored, err := a.EntriesOf(ctx, target.TimelineID, ids)
	if err != nil {
		return nil, err
	}
	p.KeepPrecision(stored, !opt.FinePrecision)
	return p, nil
}

// Import saves a file into the target timeline in one transaction: a
// claimline JSON export with its sources and evidence, or a file of entries
// as ReadEntries reads it. A file with problems is an EINVALID error and
// nothing is saved.
func (a *App) Import(ctx context.Context, data []byte, target claimline.ImportTarget, opt ImportOptions) (claimline.ImportResult, error) {
	if exchange.Detect(data) == "json" {
		_, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return claimline.ImportResult{}, err
		}
		return a.ImportBundles(ctx, target, sources, bundles)
	}
	p, err := a.ReadEntries(ctx, data, target, opt)
	if err != nil {
		return claimline.ImportResult{}, err
	}
	if len(p.Problems) > 0 {
		return claimline.ImportResult{}, claimline.Errorf(claimline.EINVALID, "the file has %d problems.", len(p.Problems))
	}
	rows := p.ImportRows()
	for i := range rows {
		rows[i].Force = opt.Overwrite
	}
	return a.ImportEntries(ctx, target, rows)
}
