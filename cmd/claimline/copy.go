package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"claimline/internal/store"
)

// copyCmd is "claimline copy --from SRC --to DST": the whole library of one
// database copied into a new, empty one, of either engine, with a line per
// table as it goes.
func copyCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("copy", "copy --from SRC --to DST", sys)
	from := fs.String("from", "", "the database to copy: a SQLite file or a postgres:// URL")
	to := fs.String("to", "", "the new, empty database to copy it into: a SQLite file (created if missing) or a postgres:// URL")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *from == "" || *to == "" {
		fs.Usage()
		return errUsage
	}
	if *from == *to {
		return fmt.Errorf("--from and --to both name %s: copy into another database", store.Describe(*to))
	}
	if !store.IsPostgres(*from) {
		// Opening a SQLite path creates the file: a mistyped source would
		// be copied as an empty library.
		if _, err := os.Stat(*from); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("there is no database at %s (--from)", *from)
		}
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return fmt.Errorf("open %s (--from): %w", store.Describe(*from), err)
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return fmt.Errorf("open %s (--to): %w", store.Describe(*to), err)
	}
	defer dst.Close()

	fmt.Fprintf(sys.out, "Copying %s to %s:\n", store.Describe(*from), store.Describe(*to))
	start := time.Now()
	counts, err := store.Copy(ctx, src, dst, func(c store.CopyCount) {
		fmt.Fprintf(sys.out, "  %-22s %10d\n", c.Table, c.Rows)
	})
	if err != nil {
		return fmt.Errorf("%w (nothing was written to %s)", err, store.Describe(*to))
	}
	var rows int64
	for _, c := range counts {
		rows += c.Rows
	}
	fmt.Fprintf(sys.out, "Copied %d rows of %d tables in %s; every table's count in %s matches the source's.\n",
		rows, len(counts), time.Since(start).Round(time.Millisecond), store.Describe(*to))
	return nil
}
