package main

import (
	"bytes"
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
	"claimline/internal/export"
	"claimline/internal/store"
)

// exportCmd is "claimline export --timeline SLUG --format F [-o FILE]".
// With -o, the file appears only when the export is complete.
func exportCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("export", "export [--db PATH] --timeline SLUG --format csv|claims-csv|json|timelinejs [-o FILE]", sys)
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
	if _, ok := export.Formats[*format]; !ok {
		return fmt.Errorf("--format %q: choose csv, claims-csv, json or timelinejs", *format)
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	tl, err := st.TimelineBySlug(ctx, *slug)
	if err != nil {
		return fmt.Errorf("--timeline %q: %s", *slug, claimline.ErrorMessage(err))
	}
	write := func(w io.Writer) error { return export.Write(ctx, st, *format, tl, claimline.EntryFilter{}, w) }
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
	fs := newFlags("import", "import [--db PATH] [--timeline SLUG] [--date-order dmy|mdy] [--fine-precision] [--overwrite-changed] FILE", sys)
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
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = claimline.NewContextWithUser(ctx, &claimline.User{Username: "cli"})
	var res claimline.ImportResult
	if exchange.Detect(b) == "json" {
		res, err = importJSON(ctx, st, b, *slugFlag)
	} else {
		res, err = importEntries(ctx, st, b, *slugFlag, pos[0], claimline.DateOrder(*order), !*fine, *force, sys)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(sys.out, "Imported %s into %s: %d new, %d updated.\n", pos[0], res.Slug, res.Created, res.Updated)
	if res.Kept > 0 {
		fmt.Fprintf(sys.out, "Skipped %d rows whose entries changed since the export; --overwrite-changed lets the file win.\n", res.Kept)
	}
	return nil
}

func importJSON(ctx context.Context, st *store.Store, b []byte, slug string) (claimline.ImportResult, error) {
	tin, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(b))
	if err != nil {
		return claimline.ImportResult{}, err
	}
	if slug != "" {
		tin.Slug = slug
	}
	return st.ImportBundles(ctx, claimline.ImportTarget{New: &tin}, sources, bundles)
}

func importEntries(ctx context.Context, st *store.Store, b []byte, slug, name string, order claimline.DateOrder, keep, force bool, sys stdio) (claimline.ImportResult, error) {
	if slug == "" {
		return claimline.ImportResult{}, errors.New("a CSV import needs --timeline SLUG")
	}
	target := claimline.ImportTarget{New: &claimline.TimelineInput{Slug: slug, Title: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))}}
	if tl, err := st.TimelineBySlug(ctx, slug); err == nil {
		target = claimline.ImportTarget{TimelineID: tl.ID}
	}
	a, opt := app.New(st, nil), app.ImportOptions{Order: order, FinePrecision: !keep}
	p, err := a.ReadEntries(ctx, b, target, opt)
	if err != nil {
		return claimline.ImportResult{}, err
	}
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
	if len(p.Problems) > 0 {
		for _, pr := range p.Problems {
			fmt.Fprintf(sys.err, "%s: %s\n", name, pr)
		}
		return claimline.ImportResult{}, fmt.Errorf("%s has %d problems; nothing was imported", name, len(p.Problems))
	}
	rows := p.ImportRows()
	for i := range rows {
		rows[i].Force = force
	}
	return a.ImportEntries(ctx, target, rows)
}
