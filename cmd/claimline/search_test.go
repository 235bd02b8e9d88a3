package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// onEngines runs a test of the search commands on a demo database of each
// engine: SQLite, and PostgreSQL when the environment names a server
// (storetest).
func onEngines(t *testing.T, test func(t *testing.T, db string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, demoDB(t)) })
	t.Run("postgres", func(t *testing.T) {
		db := storetest.PostgresAddr(t)
		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		_, err = demo.Load(context.Background(), app.New(st, app.Config{}))
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		test(t, db)
	})
}

var resultLine = regexp.MustCompile(`^(entries|claims|sources|actors|notes)\t\d+\t[^\t]+\t[^\t]*$`)

func TestSearchCommand(t *testing.T) { onEngines(t, testSearchCommand) }

func testSearchCommand(t *testing.T, db string) {
	code, out, errs := cli(t, "", nil, "search", "--db", db, "long-range", "missiles")
	if code != 0 {
		t.Fatalf("exit %d, %q", code, errs)
	}
	kinds := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !resultLine.MatchString(line) {
			t.Errorf("line %q is not kind, id, title, snippet", line)
		}
		kinds[strings.SplitN(line, "\t", 2)[0]]++
	}
	if kinds["entries"] == 0 || kinds["sources"] == 0 {
		t.Errorf("results by kind: %v", kinds)
	}
	if strings.ContainsAny(out, "\x02\x03") {
		t.Error("snippet markers leak into the output")
	}

	code, out, _ = cli(t, "", nil, "search", "--db", db, "--kind", "sources", "--limit", "2", "putin")
	if code != 0 || strings.Count(out, "\n") != 2 || strings.Count(out, "sources\t") != 2 {
		t.Errorf("--kind sources --limit 2: exit %d\n%s", code, out)
	}
	code, out, _ = cli(t, "", nil, "search", "--db", db, "--timeline", demo.Slug, "--kind", "claims", "Starmer")
	if code != 0 || !strings.HasPrefix(out, "claims\t") {
		t.Errorf("--timeline: exit %d\n%s", code, out)
	}

	code, out, errs = cli(t, "", nil, "search", "--db", db, "flamingo")
	if code != 1 || out != "" || !strings.Contains(errs, "nothing matches") {
		t.Errorf("no results: exit %d, out %q, err %q", code, out, errs)
	}
	for _, args := range [][]string{{}, {"--kind", "bogus", "putin"}, {"--limit", "0", "putin"}, {"--nope", "putin"}} {
		if code, _, _ := cli(t, "", nil, append([]string{"search", "--db", db}, args...)...); code != 2 {
			t.Errorf("search %v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := cli(t, "", nil, "search", "--db", db, "--timeline", "no-such", "putin"); code != 1 || !strings.Contains(errs, "not found") {
		t.Errorf("unknown timeline: exit %d, %q", code, errs)
	}
}

// Notes are found alike on both engines (the store's tests); how the
// command prints them is the engine's no more than the rest, so this runs
// on SQLite only.
func TestSearchCommandFindsNotes(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, "ann", claimline.RoleViewer, "hash")
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Search(ctx, claimline.SearchQuery{Text: "putin", Kind: claimline.SearchEntries, Limit: 1})
	if err != nil || len(res.Groups) != 1 || len(res.Groups[0].Hits) != 1 {
		t.Fatalf("a demo entry: %+v, %v", res, err)
	}
	n, err := st.AddNote(claimline.NewContextWithUser(ctx, u), res.Groups[0].Hits[0].ID, 0,
		claimline.NoteInput{Text: "Ask the desk:\tcheck the\ntranscript"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	want := fmt.Sprintf("notes\t%d\tAsk the desk: check the transcript\t\n", n.ID)
	for _, args := range [][]string{{"--kind", "notes"}, {"--kind", "notes", "--timeline", demo.Slug}} {
		code, out, errs := cli(t, "", nil, append(append([]string{"search", "--db", db}, args...), "transcripts")...)
		if code != 0 || out != want {
			t.Errorf("search %v: exit %d, %q (%s); want %q", args, code, out, errs, want)
		}
	}
	code, out, _ := cli(t, "", nil, "search", "--db", db, "transcripts")
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("every kind: exit %d\n%s", code, out)
	}
}

func TestReindexCommand(t *testing.T) { onEngines(t, testReindexCommand) }

func testReindexCommand(t *testing.T, db string) {
	code, out, errs := cli(t, "", nil, "reindex", "--db", db)
	if code != 0 || !regexp.MustCompile(`^Rebuilt the search index of .* in [0-9.]+m?s\.\n$`).MatchString(out) {
		t.Fatalf("exit %d, %q %q", code, out, errs)
	}
	if code, _, _ := cli(t, "", nil, "search", "--db", db, "putin"); code != 0 {
		t.Errorf("after reindex, search exits %d", code)
	}
	if code, _, _ := cli(t, "", nil, "reindex", "--db", db, "extra"); code != 2 {
		t.Errorf("reindex with an argument: exit %d", code)
	}
}
