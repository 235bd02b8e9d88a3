package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"claimline/internal/claimline"
)

// searchCmd is "claimline search [--db DB] [--timeline SLUG] [--kind K]
// [--limit N] QUERY": one result per line, tab-separated: kind, id, title
// and the snippet as plain text. It exits 0 with results, 1 with none (or
// an error), 2 on bad usage. Several arguments are one query.
func searchCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("search", "search [--db DB] [--timeline SLUG] [--kind K] [--limit N] QUERY", sys)
	db := dbFlag(fs, sys)
	timeline := fs.String("timeline", "", "limit entries, claims and notes to the timeline with this slug")
	kind := fs.String("kind", "", "only entries, claims, sources, actors or notes")
	limit := fs.Int("limit", 10, "results of each kind")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	k, kerr := claimline.ParseSearchKind(*kind)
	query := strings.Join(pos, " ")
	if strings.TrimSpace(query) == "" || kerr != nil || *limit <= 0 {
		if kerr != nil {
			fmt.Fprintln(sys.err, claimline.ErrorMessage(kerr))
		}
		fs.Usage()
		return errUsage
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Search.Run(ctx, claimline.SearchQuery{Text: query, Timeline: *timeline, Kind: k, Limit: *limit})
	if err != nil {
		return err
	}
	n := 0
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			snippet := h.Snippet.String()
			if len(h.Passages) > 0 {
				snippet = h.Passages[0].Snippet.String()
			}
			fmt.Fprintf(sys.out, "%s\t%d\t%s\t%s\n", g.Kind, h.ID, oneLine(h.Title), oneLine(snippet))
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("nothing matches %q", query)
	}
	return nil
}

// oneLine folds white space runs (line breaks, tabs) into single spaces, so
// that each result stays one tab-separated line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// reindexCmd is "claimline reindex [--db DB]": rebuild the search index
// from scratch and say how long it took.
func reindexCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("reindex", "reindex [--db DB]", sys)
	db := dbFlag(fs, sys)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		fs.Usage()
		return errUsage
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	took, err := a.Search.Reindex(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(sys.out, "Rebuilt the search index of %s in %s.\n", *db, took.Round(time.Millisecond))
	return nil
}
