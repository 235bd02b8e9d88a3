package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"claimline/internal/app"
	"claimline/internal/claimline"
)

// recheckWorkers is how many addresses are fetched at once: fetches wait on
// the network, so a few overlap; each new version is saved by the one writer.
const recheckWorkers = 8

// recheckCmd is "claimline source recheck (--all | ID...)", for a scheduled
// job: it fetches each source's address again and prints one line per
// source, unchanged, changed (with the new version) or failed (with why).
// It exits 1 when any failed.
func recheckCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("source recheck", "source recheck [flags] (--all | ID...)", sys)
	db := dbFlag(fs, sys)
	all := fs.Bool("all", false, "recheck every source that has a web address")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	ids, err := parseIDs(rest)
	if err != nil || (*all == (len(ids) > 0)) {
		fs.Usage()
		return errUsage
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	if *all {
		return recheckEverySource(ctx, a, sys)
	}
	return recheckAndReport(ctx, a.Sources, ids, sys)
}

// recheckJob names the recheck of every source among the jobs that run on
// one node at a time.
const recheckJob = "source recheck --all"

// recheckEverySource rechecks every source that has a web address, unless
// another process does so on the same database now: several nodes on one
// PostgreSQL database may each have it scheduled, and the sources' sites
// need not be fetched once per node.
func recheckEverySource(ctx context.Context, a *app.App, sys stdio) error {
	ran, err := a.RunJob(ctx, recheckJob, func(ctx context.Context) error {
		ids, err := a.Sources.RecheckTargets(ctx)
		if err != nil {
			return err
		}
		return recheckAndReport(ctx, a.Sources, ids, sys)
	})
	if err == nil && !ran {
		fmt.Fprintln(sys.out, "Another claimline is rechecking every source of this database now; nothing done here.")
	}
	return err
}

// recheckAndReport rechecks the sources ids and prints one line for each.
func recheckAndReport(ctx context.Context, lib *app.Sources, ids []int64, sys stdio) error {
	results, err := recheckAll(ctx, lib, ids)
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		switch r.Outcome {
		case "failed":
			failed++
			fmt.Fprintf(sys.out, "failed    %d %s: %s\n", r.SourceID, r.Title, r.Reason)
		case "changed":
			fmt.Fprintf(sys.out, "changed   %d %s: version %d, %s\n", r.SourceID, r.Title, r.Version.Number, r.Version.KindLabel())
		default:
			fmt.Fprintf(sys.out, "unchanged %d %s\n", r.SourceID, r.Title)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sources could not be checked", failed, len(results))
	}
	return nil
}

// recheckAll rechecks the sources with a few fetches at a time and returns
// the results in the order of ids. A source that does not exist is a
// failed result; only a database failure is an error.
func recheckAll(ctx context.Context, lib *app.Sources, ids []int64) ([]claimline.RecheckResult, error) {
	results := make([]claimline.RecheckResult, len(ids))
	errs := make([]error, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < recheckWorkers && w < len(ids); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r, err := lib.Recheck(ctx, ids[i])
				if claimline.ErrorCode(err) == claimline.ENOTFOUND {
					r, err = claimline.RecheckResult{SourceID: ids[i], Outcome: "failed", Reason: "no such source"}, nil
				}
				results[i], errs[i] = r, err
			}
		}()
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

func parseIDs(args []string) ([]int64, error) {
	var ids []int64
	for _, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("not a source id: %q", a)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// updateCmd is "claimline source update ID FILE": the file's text becomes
// the source's next version.
func updateCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("source update", "source update [flags] ID FILE", sys)
	db := dbFlag(fs, sys)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		fs.Usage()
		return errUsage
	}
	ids, err := parseIDs(rest[:1])
	if err != nil {
		fs.Usage()
		return errUsage
	}
	b, err := os.ReadFile(rest[1])
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", rest[1], err)
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	v, changed, err := a.Sources.UpdateDocument(ctx, ids[0], claimline.Document{Name: filepath.Base(rest[1]), Data: b})
	var de *claimline.Error
	if errors.As(err, &de) {
		return fmt.Errorf("source %d: %s", ids[0], de.Message)
	} else if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(sys.out, "unchanged %d: the file has the text of version %d\n", ids[0], v.Number)
		return nil
	}
	fmt.Fprintf(sys.out, "changed   %d: version %d, %s\n", ids[0], v.Number, v.KindLabel())
	return nil
}
