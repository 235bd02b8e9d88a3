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

	"claimline/internal/claimline"
	"claimline/internal/exchange"
	"claimline/internal/export"
	"claimline/internal/store"
)

// exportCmd is "claimline export --timeline SLUG --format F [-o FILE]".
// With -o, the file appears only when the export is complete.
func exportCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("export", "export [--db PATH] --timeline SLUG --format csv|claims-csv|json|timelinejs [-o FILE]", sys)
	db := fs.String("db", envOr(sys, "CLAIMLINE_DB", "claimline.db"), "SQLite database file [CLAIMLINE_DB]")
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

// importCmd is "claimline import [--timeline SLUG] FILE": a CSV (into the
// timeline, created if the slug is new) or a claimline JSON export (into a
// new timeline, under its own slug unless --timeline says otherwise). All
// or nothing: on any problem nothing is written.
func importCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("import", "import [--db PATH] [--timeline SLUG] [--date-order dmy|mdy] FILE", sys)
	db := fs.String("db", envOr(sys, "CLAIMLINE_DB", "claimline.db"), "SQLite database file [CLAIMLINE_DB]")
	slugFlag := fs.String("timeline", "", "the timeline to import into; created when no timeline has this slug")
	order := fs.String("date-order", "", "read numeric dates such as 03/04/2024 as dmy or mdy (refused otherwise)")
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
	var res store.ImportResult
	if exchange.IsJSON(b) {
		res, err = importJSON(ctx, st, b, *slugFlag)
	} else {
		res, err = importCSV(ctx, st, b, *slugFlag, pos[0], claimline.DateOrder(*order), sys)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(sys.out, "Imported %s into %s: %d new, %d updated.\n", pos[0], res.Slug, res.Created, res.Updated)
	return nil
}

func importJSON(ctx context.Context, st *store.Store, b []byte, slug string) (store.ImportResult, error) {
	tin, sources, bundles, err := exchange.ReadJSON(bytes.NewReader(b))
	if err != nil {
		return store.ImportResult{}, err
	}
	if slug != "" {
		tin.Slug = slug
	}
	return st.ImportBundles(ctx, store.ImportTarget{New: &tin}, sources, bundles)
}

func importCSV(ctx context.Context, st *store.Store, b []byte, slug, name string, order claimline.DateOrder, sys stdio) (store.ImportResult, error) {
	if slug == "" {
		return store.ImportResult{}, errors.New("a CSV import needs --timeline SLUG")
	}
	p, err := exchange.ReadCSV(bytes.NewReader(b), order)
	if err != nil {
		return store.ImportResult{}, err
	}
	if len(p.Problems) > 0 {
		for _, pr := range p.Problems {
			fmt.Fprintf(sys.err, "%s: %s\n", name, pr)
		}
		return store.ImportResult{}, fmt.Errorf("%s has %d problems; nothing was imported", name, len(p.Problems))
	}
	target := store.ImportTarget{New: &claimline.TimelineInput{Slug: slug, Title: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))}}
	if tl, err := st.TimelineBySlug(ctx, slug); err == nil {
		target = store.ImportTarget{TimelineID: tl.ID}
	}
	return st.ImportEntries(ctx, target, p.ImportRows())
}
