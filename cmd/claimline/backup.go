package main

import (
	"context"
	"fmt"
)

// backupCmd is "claimline backup [--db DB] FILE": a consistent, checked
// copy of the database, safe to take while the server runs.
func backupCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("backup", "backup [--db DB] FILE", sys)
	db := dbFlag(fs, sys)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(sys.out, "Backed up %s to %s (integrity checked).\n", *db, pos[0])
	return nil
}
