package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/exchange"
)

// exportCmd is "claimline export --timeline SLUG --format F [-o FILE]".
// With -o, the file appears only when the export is complete.
func exportCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("export", "export [--db DB] --timeline SLUG --format csv|claims-csv|json|timelinejs [-o FILE]", sys)
	db := dbFlag(fs, sys)
	slug := fs.String("timeline", "", "the timeline's slug (required)")
	format := fs.String("format", "csv", "csv, claims-csv, json or timelinejs")
	out := fs.String("o", "", "write to this file instead of standard output")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *slug == "" {
		fs.Usage()
		return errUsage
	}
	if _, ok := exchange.ExportFormats[*format]; !ok {
		return fmt.Errorf("--format %q: choose csv, claims-csv, json or timelinejs", *format)
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	tl, err := a.Timelines.BySlug(ctx, *slug)
	if err != nil {
		return fmt.Errorf("--timeline %q: %s", *slug, claimline.ErrorMessage(err))
	}
	write := func(w io.Writer) error { return a.Exchange.Export(ctx, *format, tl, claimline.EntryFilter{}, w) }
	if *out == "" {
		return write(sys.out)
	}
	// Write beside the target and rename: a failed export leaves nothing.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".claimline-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := errors.Join(write(tmp), tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), *out)
}

// importCmd is "claimline import [--timeline SLUG] FILE": a CSV or
// Timesketch file (into the timeline, created if the slug is new) or a
// claimline JSON export (into a new timeline, under its own slug unless
// --timeline says otherwise). All or nothing: on any problem nothing is
// written. Ignored columns and notices go to standard error.
func importCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("import", "import [--db DB] [--timeline SLUG] [--date-order dmy|mdy] [--fine-precision] [--overwrite-changed] FILE", sys)
	db := dbFlag(fs, sys)
	slugFlag := fs.String("timeline", "", "the timeline to import into; created when no timeline has this slug")
	order := fs.String("date-order", "", "read numeric dates such as 03/04/2024 as dmy or mdy (refused otherwise)")
	fine := fs.Bool("fine-precision", false, "save a row's date even where it only adds a first day or month to the stored entry's date (kept by default)")
	force := fs.Bool("overwrite-changed", false, "let CSV rows overwrite entries changed since the file was exported (skipped otherwise)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (*order != "" && *order != "dmy" && *order != "mdy") {
		fs.Usage()
		return errUsage
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", pos[0], errors.Unwrap(err))
	}
	a, ctx, err := createApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	target, err := importTarget(ctx, a.Timelines, b, *slugFlag, pos[0])
	if err != nil {
		return err
	}
	opt := claimline.ImportOptions{Order: claimline.DateOrder(*order), FinePrecision: *fine, Overwrite: *force}
	res, err := a.Exchange.Import(ctx, b, target, opt)
	if target.TimelineID == 0 && claimline.FieldErrors(err)["slug"] != "" {
		// A file imported again, say: name how to bring it into the
		// timeline at that address rather than make a new one.
		return fmt.Errorf("%w\nTo import %s into the timeline at that address, give the address with --timeline", err, pos[0])
	}
	if res.Preview != nil {
		reportPreview(sys, pos[0], res.Preview)
	}
	if res.Preview != nil && len(res.Preview.Problems) > 0 {
		return fmt.Errorf("%s has %d problems; nothing was imported", pos[0], len(res.Preview.Problems))
	} else if err != nil {
		return err
	}
	fmt.Fprintf(sys.out, "Imported %s into %s: %d new, %d updated, %d unchanged.\n", pos[0], res.Slug, res.Created, res.Updated, res.Unchanged)
	if res.Kept > 0 {
		fmt.Fprintf(sys.out, "Skipped %d rows whose entries changed since the export; --overwrite-changed lets the file win.\n", res.Kept)
	}
	return nil
}

// importTarget is where "claimline import" puts a file: into the timeline
// --timeline names, created when no timeline has that address (a JSON
// export's titled as in the file, a file of entries' after the file); a
// JSON export without --timeline into a new timeline at the address the
// file gives.
func importTarget(ctx context.Context, tls *app.Timelines, b []byte, slug, name string) (claimline.ImportTarget, error) {
	json := exchange.Detect(b) == "json"
	switch {
	case slug == "" && json: // under the address the file gives
		return claimline.ImportTarget{}, nil
	case slug == "":
		return claimline.ImportTarget{}, errors.New("a CSV import needs --timeline SLUG")
	}
	tl, err := tls.BySlug(ctx, slug)
	if err == nil {
		return claimline.ImportTarget{TimelineID: tl.ID}, nil
	} else if claimline.ErrorCode(err) != claimline.ENOTFOUND {
		return claimline.ImportTarget{}, err
	}
	if json { // titled as in the file
		return claimline.ImportTarget{New: &claimline.TimelineInput{Slug: slug}}, nil
	}
	return claimline.ImportTarget{New: &claimline.TimelineInput{Slug: slug, Title: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))}}, nil
}

// reportPreview writes to standard error what the import read of a file
// of entries: how its columns were mapped, which were ignored, its notices
// and its problems.
func reportPreview(sys stdio, name string, p *claimline.ImportPreview) {
	if p.Format != "CSV" {
		for _, m := range p.Mapping {
			fmt.Fprintf(sys.err, "%s: %s: %s → %s\n", name, p.Format, m.From, m.To)
		}
	}
	if len(p.Ignored) > 0 {
		fmt.Fprintf(sys.err, "%s: columns not imported: %s\n", name, strings.Join(p.Ignored, ", "))
	}
	for _, n := range p.Notices {
		fmt.Fprintf(sys.err, "%s: %s\n", name, n)
	}
	for _, r := range p.Rows {
		for _, n := range r.Notes {
			fmt.Fprintf(sys.err, "%s: row %d: %s\n", name, r.Line, n)
		}
	}
	for _, pr := range p.Problems {
		fmt.Fprintf(sys.err, "%s: %s\n", name, pr)
	}
	if p.Ambiguous { // the problems ask for the order the web form offers
		fmt.Fprintf(sys.err, "%s: give the order of its numeric dates with --date-order dmy (day first) or --date-order mdy (month first)\n", name)
	}
}
