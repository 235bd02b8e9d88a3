package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/dates"
)

const sourceUsage = `Usage:
  claimline source add [--db DB] [--outlet NAME] [--author NAME] [--published DATE] FILE...
  claimline source recheck [--db DB] (--all | ID...)
  claimline source update [--db DB] ID FILE
`

// sourceCmd is "claimline source add FILE...": scripted bulk loading of the
// source library. Each file is added on its own; the command goes on after a
// file it cannot read and exits 1 at the end if there was one.
func sourceCmd(ctx context.Context, args []string, sys stdio) error {
	if len(args) > 0 && args[0] == "recheck" {
		return recheckCmd(ctx, args[1:], sys)
	}
	if len(args) > 0 && args[0] == "update" {
		return updateCmd(ctx, args[1:], sys)
	}
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(sys.err, sourceUsage)
		return errUsage
	}
	fs := newFlags("source add", "source add [flags] FILE...", sys)
	db := dbFlag(fs, sys)
	var meta claimline.SourceInput
	fs.StringVar(&meta.Outlet, "outlet", "", "the outlet that published the files")
	fs.StringVar(&meta.Author, "author", "", "their author")
	fs.StringVar(&meta.Published, "published", "", "their published date: 2024-09-12, 12 Sep 2024, Sep 2024…")
	files, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return errUsage
	}
	// Check the metadata once, before any file: a bad date would otherwise
	// fail every file the same way.
	if _, err := (claimline.SourceInput{Title: "-", Outlet: meta.Outlet, Author: meta.Author, Published: meta.Published}).Parse(false); err != nil {
		fmt.Fprintf(sys.err, "claimline source add: %s\n", claimline.FieldErrorText(err))
		return errUsage
	}
	a, ctx, err := createApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	failed := 0
	for _, f := range files {
		src, existed, err := addFile(ctx, a.Sources, f, meta)
		switch {
		case err != nil:
			failed++
			msg := claimline.ErrorMessage(err)
			if !strings.HasPrefix(msg, filepath.Base(f)) { // extract's messages name the file already
				msg = f + ": " + msg
			}
			fmt.Fprintf(sys.out, "failed   %s\n", msg)
		case existed:
			fmt.Fprintf(sys.out, "present  %s: source %d, %s\n", f, src.ID, src.Title)
		default:
			fmt.Fprintf(sys.out, "added    %s: source %d, %s\n", f, src.ID, src.Title)
			if src.Published.IsZero() {
				noteDateline(sys, src)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be added", failed, len(files))
	}
	return nil
}

func addFile(ctx context.Context, lib *app.Sources, path string, meta claimline.SourceInput) (*claimline.Source, bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, claimline.Errorf(claimline.EINVALID, "cannot read it: %v", errors.Unwrap(err))
	}
	src, existed, err := lib.AddDocument(ctx, claimline.Document{Name: filepath.Base(path), Data: b, Meta: meta})
	if claimline.FieldErrors(err) != nil {
		return nil, false, claimline.Errorf(claimline.EINVALID, "%s", claimline.FieldErrorText(err))
	}
	return src, existed, err
}

// noteDateline says, for a source added without a published date, the
// date its text begins with, which the reader offers as its published
// date: until it has one, "on Thursday" and the like stay unresolved.
func noteDateline(sys stdio, src *claimline.Source) {
	if m := claimline.OpeningDate(dates.Find(src.Text, claimline.Date{})); m != nil {
		fmt.Fprintf(sys.out, "         no published date, which \"on Thursday\" and the like need: the text begins with %s, "+
			"which the source's page offers as its published date in one click\n", m.Date.Display())
	}
}
