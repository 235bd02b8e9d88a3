package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// found returns the ids of every result of one kind for a query.
func found(t *testing.T, st *store.Store, kind claimline.SearchKind, q string) []int64 {
	t.Helper()
	res, err := st.Search(context.Background(), claimline.SearchQuery{Text: q, Kind: kind, Limit: 200})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []int64
	for _, g := range res.Groups {
		if g.Kind != kind {
			t.Fatalf("asked for %s, got a %s group", kind, g.Kind)
		}
		for _, h := range g.Hits {
			ids = append(ids, h.ID)
		}
		if g.Total != len(ids) {
			t.Errorf("%s %q: total %d, %d hits", kind, q, g.Total, len(ids))
		}
	}
	return ids
}

// wantFound checks that a query finds exactly the given ids.
func wantFound(t *testing.T, st *store.Store, kind claimline.SearchKind, q string, want ...int64) {
	t.Helper()
	got := found(t, st, kind, q)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s %q found %v, want %v", kind, q, got, want)
	}
}

func TestSearchFollowsEntryWrites(t *testing.T) {
	st, ctx := open(t), as("ann")
	tl := newTimeline(t, st, "tl")
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "12 Sep 2024", Kind: "statement",
		Title: "Putin warns NATO", Description: "Remarks to reporters in Saint Petersburg",
		Actors: []string{"Vladimir Putin"}, Tags: []string{"escalation"}})
	if err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchEntries, "warning", e.ID) // porter: warns
	wantFound(t, st, claimline.SearchEntries, "petersburg reporters", e.ID)
	wantFound(t, st, claimline.SearchEntries, "vladimir", e.ID) // actor names
	wantFound(t, st, claimline.SearchEntries, "escalation", e.ID)
	putin := found(t, st, claimline.SearchActors, "putin")
	if len(putin) != 1 {
		t.Fatalf("actor Vladimir Putin found %v", putin)
	}

	if _, err := st.UpdateEntry(ctx, e.ID, 0, claimline.EntryInput{Date: "12 Sep 2024", Kind: "statement",
		Title: "Kremlin threatens", Description: "On state television", Actors: []string{"Dmitry Peskov"}, Tags: []string{"rhetoric"}}); err != nil {
		t.Fatal(err)
	}
	for _, old := range []string{"warns", "petersburg", "vladimir", "escalation"} {
		wantFound(t, st, claimline.SearchEntries, old)
	}
	for _, now := range []string{"kremlin", "television", "peskov", "rhetoric"} {
		wantFound(t, st, claimline.SearchEntries, now, e.ID)
	}

	if err := st.DeleteEntry(ctx, e.ID, 0); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchEntries, "kremlin")
	checkIndex(t, st)
}

// checkIndex fails the test when FTS5 finds the index out of step with
// the text it indexes.
func checkIndex(t *testing.T, st *store.Store) {
	t.Helper()
	if err := st.CheckSearch(context.Background()); err != nil {
		t.Errorf("index check: %v", err)
	}
}

func TestSearchFollowsClaimWrites(t *testing.T) {
	st, ctx := open(t), as("ann")
	tl := newTimeline(t, st, "tl")
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "report", Title: "An entry"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "Restrictions remain in effect", Claimant: "Pentagon"})
	if err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchClaims, "restriction", c.ID)
	wantFound(t, st, claimline.SearchClaims, "pentagon", c.ID) // the claimant
	if _, err := st.UpdateClaim(ctx, c.ID, 0, claimline.ClaimInput{Text: "Kyiv may strike deep", Claimant: "UK government"}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchClaims, "restrictions")
	wantFound(t, st, claimline.SearchClaims, "pentagon")
	wantFound(t, st, claimline.SearchClaims, "kyiv strikes", c.ID)
	wantFound(t, st, claimline.SearchClaims, "government", c.ID)
	if err := st.DeleteClaim(ctx, c.ID, 0); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchClaims, "kyiv")

	// Deleting a timeline deletes its entries and their claims: all leave
	// the index with them.
	c2, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "Storm Shadow missiles"})
	if err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchClaims, "storm", c2.ID)
	if err := st.DeleteTimeline(ctx, tl.ID, 0); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchClaims, "storm")
	wantFound(t, st, claimline.SearchEntries, "entry")
	checkIndex(t, st)
}

func TestSearchFollowsSourceWrites(t *testing.T) {
	st, ctx := open(t), as("ann")
	text := "Headline about something\n\nPutin said on Thursday that NATO would be at war with Russia.\n\nThe Pentagon said restrictions remain."
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{
		Title: "Putin's warning", Outlet: "Reuters", Author: "Guy Faulconbridge", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchSources, "reuters", src.ID)
	wantFound(t, st, claimline.SearchSources, "faulconbridge", src.ID)
	wantFound(t, st, claimline.SearchSources, `"at war"`, src.ID)
	// Words from two passages find the source; each passage shown holds a
	// word and points at itself in the stored text.
	res, err := st.Search(context.Background(), claimline.SearchQuery{Text: "thursday pentagon", Kind: claimline.SearchSources})
	if err != nil || len(res.Groups) != 1 || len(res.Groups[0].Hits) != 1 {
		t.Fatalf("search: %+v %v", res, err)
	}
	ps := res.Groups[0].Hits[0].Passages
	if len(ps) != 2 {
		t.Fatalf("passages %+v", ps)
	}
	for _, p := range ps {
		passage := text[p.Start:p.End]
		if !strings.HasPrefix(passage, "Putin said") && !strings.HasPrefix(passage, "The Pentagon") {
			t.Errorf("passage [%d,%d) is %q", p.Start, p.End, passage)
		}
		if !strings.Contains(passage, strings.TrimSuffix(p.Snippet.String(), "…")) {
			t.Errorf("snippet %q is not from passage %q", p.Snippet.String(), passage)
		}
	}

	if _, err := st.UpdateSource(ctx, src.ID, 0, claimline.SourceInput{Title: "A new title", Outlet: "CNN", Author: "Someone"}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchSources, "reuters")
	wantFound(t, st, claimline.SearchSources, "faulconbridge")
	wantFound(t, st, claimline.SearchSources, "cnn", src.ID)
	wantFound(t, st, claimline.SearchSources, "thursday", src.ID) // the text stays indexed

	if err := st.DeleteSource(ctx, src.ID, 0); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchSources, "cnn")
	if got, err := st.RankPassages(context.Background(), "thursday", 10); err != nil || len(got) != 0 {
		t.Errorf("a deleted source's passages are still ranked: %+v %v", got, err)
	}
	checkIndex(t, st)
}

func TestSearchFollowsImports(t *testing.T) {
	st, ctx := open(t), as("ann")
	tl := newTimeline(t, st, "tl")
	if _, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, []claimline.ImportRow{
		{Input: claimline.EntryInput{Date: "2024-09-10", Kind: "policy_move", Title: "Blinken visits Kyiv", Actors: []string{"Antony Blinken"}}, Line: 2},
	}); err != nil {
		t.Fatal(err)
	}
	if ids := found(t, st, claimline.SearchEntries, "blinken"); len(ids) != 1 {
		t.Errorf("CSV import: blinken found %v", ids)
	}
	// A CSV row with the id of an entry updates it.
	id := found(t, st, claimline.SearchEntries, "blinken")[0]
	if _, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, []claimline.ImportRow{
		{ID: id, Input: claimline.EntryInput{Date: "2024-09-10", Kind: "policy_move", Title: "Lammy visits Kyiv"}, Line: 2},
	}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchEntries, "blinken")
	wantFound(t, st, claimline.SearchEntries, "lammy", id)

	entry, err := claimline.EntryInput{Date: "Sep 2024", Kind: "report", Title: "ATACMS debate"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	text := "Washington weighs ATACMS.\nLondon pushes Storm Shadow."
	sources := []claimline.Source{{Title: "Imported article", Text: text, SHA256: store.SHA256(text)}}
	bundles := []claimline.Bundle{{Entry: entry, Claims: []claimline.Claim{{Text: "London pushes for deep strikes"}}}}
	if _, err := st.ImportBundles(ctx, claimline.ImportTarget{New: &claimline.TimelineInput{Title: "Imported", Slug: "imported"}}, sources, bundles); err != nil {
		t.Fatal(err)
	}
	for kind, q := range map[claimline.SearchKind]string{claimline.SearchEntries: "atacms", claimline.SearchClaims: "london",
		claimline.SearchSources: "washington"} {
		if ids := found(t, st, kind, q); len(ids) != 1 {
			t.Errorf("JSON import: %s %q found %v", kind, q, ids)
		}
	}
	checkIndex(t, st)
}

func TestSearchFindsTheDemo(t *testing.T) {
	st := open(t)
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	res, err := st.Search(context.Background(), claimline.SearchQuery{Text: "long-range"})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Groups {
		// The demo has no actor named so, and no discussion.
		if g.Kind != claimline.SearchActors && g.Kind != claimline.SearchNotes && g.Total == 0 {
			t.Errorf("the demo has no %s about long-range weapons", g.Kind)
		}
	}
}

func TestSearchScopeAndPaging(t *testing.T) {
	st, ctx := open(t), as("ann")
	a, b := newTimeline(t, st, "a"), newTimeline(t, st, "b")
	var inA []int64
	for i := range 7 {
		tl := a
		if i >= 5 {
			tl = b
		}
		e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Missile report"})
		if err != nil {
			t.Fatal(err)
		}
		if tl == a {
			inA = append(inA, e.ID)
		}
		if _, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "A missile claim"}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := st.Search(context.Background(), claimline.SearchQuery{Text: "missiles"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != len(claimline.SearchKinds) || res.Groups[0].Total != 7 || len(res.Groups[0].Hits) != 5 || res.Groups[1].Total != 7 {
		t.Fatalf("grouped: %+v", res.Groups)
	}
	var seen []int64
	for off := 0; off < 10; off += 3 {
		res, err := st.Search(context.Background(), claimline.SearchQuery{Text: "missiles", Timeline: "a",
			Kind: claimline.SearchEntries, Limit: 3, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if res.Groups[0].Total != 5 {
			t.Errorf("timeline a has %d missile entries, want 5", res.Groups[0].Total)
		}
		for _, h := range res.Groups[0].Hits {
			seen = append(seen, h.ID)
		}
	}
	slices.Sort(seen)
	if !slices.Equal(seen, inA) {
		t.Errorf("pages of timeline a gave %v, want %v", seen, inA)
	}
	res, err = st.Search(context.Background(), claimline.SearchQuery{Text: "claim", Timeline: "b"})
	if err != nil || res.Groups[1].Total != 2 {
		t.Errorf("claims of timeline b: %+v %v", res.Groups, err)
	}
	if _, err := st.Search(context.Background(), claimline.SearchQuery{Text: "x", Timeline: "nope"}); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("unknown timeline: %v", err)
	}
}

func TestTimelineTextFilterUsesTheIndex(t *testing.T) {
	st, ctx := open(t), as("ann")
	tl := newTimeline(t, st, "tl")
	e1, _ := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Putin warned the West"})
	e2, _ := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Another entry"})
	if _, err := st.CreateClaim(ctx, e2.ID, claimline.ClaimInput{Text: "Officials were warning of escalation"}); err != nil {
		t.Fatal(err)
	}
	st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "Unrelated"})
	for q, want := range map[string][]int64{
		"warn":            {e1.ID, e2.ID}, // stemmed, and in a claim
		`"the west"`:      {e1.ID},
		"warn -putin":     {e2.ID},
		"escalat*":        {e2.ID}, // the index holds the stem "escal"
		`NEAR( "unbal ^:`: nil,     // nothing found, no error
	} {
		page, err := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{Text: q})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var got []int64
		for _, e := range page.Entries {
			got = append(got, e.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("filter %q: %v, want %v", q, got, want)
		}
	}
}

func TestRankPassages(t *testing.T) {
	st, ctx := open(t), as("ann")
	a, _, _ := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "A",
		Text: "Nothing here.\nPutin said NATO would be at war with Russia.\nMore filler."}})
	b, _, _ := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "B",
		Text: "Russia was mentioned.\nUnrelated words."}})
	got, err := st.RankPassages(context.Background(), "Putin warned NATO countries would be at war with Russia", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].SourceID != a.ID || got[1].SourceID != b.ID {
		t.Fatalf("ranked %+v", got)
	}
	if p := got[0].Passages[0]; !strings.HasPrefix(a.Text[p.Start:p.End], "Putin said") {
		t.Errorf("best passage %q", a.Text[p.Start:p.End])
	}
}

// TestMigrationIndexesExistingData removes the index as if the database
// predated migration 0005 (and so the later ones of the index; on
// PostgreSQL, 0002), reopens it, and finds what was already there.
func TestMigrationIndexesExistingData(t *testing.T) {
	path := storetest.Addr(t)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(context.Background(), "ann", claimline.RoleEditor, "hash")
	if err != nil {
		t.Fatal(err)
	}
	es := found(t, st, claimline.SearchEntries, "putin")
	if len(es) == 0 {
		t.Fatal("no demo entry about putin")
	}
	if _, err := st.AddNote(claimline.NewContextWithUser(context.Background(), u), es[0], 0,
		claimline.NoteInput{Text: "Did Putin say this himself?"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if storetest.Postgres() {
		dropSearchPostgres(t, path)
	} else {
		dropSearchSQLite(t, path)
	}

	st, err = store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := st.Search(context.Background(), claimline.SearchQuery{Text: "putin"})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Groups {
		if g.Total == 0 {
			t.Errorf("after the migration no %s match putin", g.Kind)
		}
	}
	before := res.Total()
	if d, err := st.Reindex(context.Background()); err != nil || d <= 0 {
		t.Fatalf("reindex: %v, %v", d, err)
	}
	if res, err := st.Search(context.Background(), claimline.SearchQuery{Text: "putin"}); err != nil || res.Total() != before {
		t.Errorf("after reindex %d results (%v), before %d", res.Total(), err, before)
	}
	checkIndex(t, st)
}

// dropSearchSQLite removes SQLite's index and the record of its
// migrations.
func dropSearchSQLite(t *testing.T, path string) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT type, name FROM sqlite_master WHERE name LIKE 'search\_%' ESCAPE '\' AND type IN ('table', 'trigger', 'view') AND sql LIKE 'CREATE %'`)
	if err != nil {
		t.Fatal(err)
	}
	var drops []string
	for rows.Next() {
		var typ, name string
		rows.Scan(&typ, &name)
		drops = append(drops, "DROP "+typ+" IF EXISTS "+name)
	}
	rows.Close()
	if len(drops) < 5 {
		t.Fatalf("only %d search tables and triggers", len(drops))
	}
	// Predating 0005, it predates the later migrations of the index too.
	drops = append(drops, `DELETE FROM schema_migrations WHERE version IN ('0005_search', '0016_search_notes', '0023_search_entries_per_commit')`)
	for _, q := range drops {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// dropSearchPostgres removes PostgreSQL's index and the record of its
// migration.
func dropSearchPostgres(t *testing.T, addr string) {
	db, err := sql.Open("pgx", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`DROP VIEW search_passage_spans`,
		`DROP TABLE search_stale, search_entries, search_claims, search_actors, search_notes, search_sources, search_passages, search_stats, search_terms`,
		`DROP FUNCTION search_mark_stale CASCADE`, // and its triggers
		`DELETE FROM schema_migrations WHERE version = '0002_search'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestSearchCapsCounting checks that a query matching more than 1,000 of
// a kind says "more than 1,000" and pages through the newest 1,000.
func TestSearchCapsCounting(t *testing.T) {
	if store.RaceDetector {
		t.Skip("measures quality or sizes, not concurrency: run without -race")
	}
	st, ctx := open(t), as("ann")
	tl := newTimeline(t, st, "tl")
	var rows []claimline.ImportRow
	for i := range 1010 {
		rows = append(rows, claimline.ImportRow{Line: i + 2, Input: claimline.EntryInput{Date: "2024", Kind: "other", Title: fmt.Sprintf("Missile %d", i)}})
	}
	if _, err := st.ImportEntries(ctx, claimline.ImportTarget{TimelineID: tl.ID}, rows); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for off := 0; off < 1200; off += 200 {
		res, err := st.Search(context.Background(), claimline.SearchQuery{Text: "missile", Kind: claimline.SearchEntries, Limit: 200, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		g := res.Groups[0]
		if g.Total != 1000 || !g.Capped {
			t.Fatalf("total %d, capped %v", g.Total, g.Capped)
		}
		for _, h := range g.Hits {
			if seen[h.Title] {
				t.Errorf("%q on two pages", h.Title)
			}
			seen[h.Title] = true
		}
	}
	if len(seen) != 1000 {
		t.Errorf("the pages hold %d entries, want 1000", len(seen))
	}
	for i := range 10 { // the oldest ten are past the cap
		if seen[fmt.Sprintf("Missile %d", i)] {
			t.Errorf("Missile %d is shown, but is older than the newest 1,000", i)
		}
	}
}

func TestSearchFollowsNoteWrites(t *testing.T) {
	st := open(t)
	u, err := st.CreateUser(context.Background(), "ann", claimline.RoleViewer, "hash")
	if err != nil {
		t.Fatal(err)
	}
	ctx := claimline.NewContextWithUser(context.Background(), u)
	tl := newTimeline(t, st, "tl")
	newTimeline(t, st, "other")
	e, err := st.CreateEntry(as("ann"), tl.ID, claimline.EntryInput{Date: "2024", Kind: "report", Title: "An entry"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateClaim(as("ann"), e.ID, claimline.ClaimInput{Text: "A claim"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.AddNote(ctx, e.ID, 0, claimline.NoteInput{Text: "Is this the remark made to reporters?"})
	if err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchNotes, "reporter", n.ID) // porter: reporters
	if _, err := st.UpdateNote(ctx, n.ID, n.Revision, claimline.NoteInput{Text: "It was said on state television."}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchNotes, "reporters")
	wantFound(t, st, claimline.SearchNotes, "television", n.ID)
	if _, err := st.DeleteNote(ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchNotes, "television")

	// A note on a claim names the claim and its entry; a timeline keeps
	// its own notes.
	cn, err := st.AddNote(ctx, e.ID, c.ID, claimline.NoteInput{Text: "Storm Shadow or SCALP?"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Search(ctx, claimline.SearchQuery{Text: "storm", Kind: claimline.SearchNotes})
	if err != nil || len(res.Groups) != 1 || len(res.Groups[0].Hits) != 1 {
		t.Fatalf("storm: %+v, %v", res, err)
	}
	h := res.Groups[0].Hits[0]
	if h.Note.URL() != fmt.Sprintf("/claims/%d#note-%d", c.ID, cn.ID) || h.Note.Author != "ann" || h.Note.ClaimText != "A claim" ||
		h.Entry.ID != e.ID || h.Entry.TimelineSlug != "tl" || h.Heading.String() != "Storm Shadow or SCALP?" {
		t.Errorf("note hit: %+v", h)
	}
	for slug, want := range map[string]int{"tl": 1, "other": 0} {
		res, err := st.Search(ctx, claimline.SearchQuery{Text: "storm", Timeline: slug, Kind: claimline.SearchNotes})
		if err != nil || res.Groups[0].Total != want {
			t.Errorf("storm in %s: %+v, %v; want %d", slug, res.Groups, err, want)
		}
	}

	// Deleting the claim deletes its notes: they leave the index too.
	if err := st.DeleteClaim(as("ann"), c.ID, 0); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchNotes, "storm")

	kept, err := st.AddNote(ctx, e.ID, 0, claimline.NoteInput{Text: "Kept across a reindex"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantFound(t, st, claimline.SearchNotes, "reindex", kept.ID)
	checkIndex(t, st)
}

// The search index under creates, updates and deletes of entries from many
// callers at once (batched into shared transactions), with searches
// running meanwhile: once they are done, a word of every entry finds
// exactly the entries that are left, and the index checks out. Short, so
// that it can run under the race detector.
func TestSearchIndexUnderConcurrentWrites(t *testing.T) {
	st, ctx := open(t), as("ann")
	tl := newTimeline(t, st, "race")
	const writers, each = 4, 6
	var wg sync.WaitGroup
	kept := make([][]int64, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement",
					Title: fmt.Sprintf("Quorvex entry %d of writer %d", i, w), Actors: []string{fmt.Sprintf("Actor %d", i%3)}})
				if err != nil {
					t.Error(err)
					return
				}
				switch i % 3 {
				case 0: // deleted at once, often in the transaction that created it
					if err := st.DeleteEntry(ctx, e.ID, 0); err != nil {
						t.Error(err)
					}
				case 1: // renamed: found by its new title only
					if _, err := st.UpdateEntry(ctx, e.ID, 0, claimline.EntryInput{Date: "2024-09-12", Kind: "statement",
						Title: fmt.Sprintf("Quorvex renamed %d of writer %d", i, w)}); err != nil {
						t.Error(err)
					}
					kept[w] = append(kept[w], e.ID)
				default:
					kept[w] = append(kept[w], e.ID)
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range each {
				if _, err := st.Search(ctx, claimline.SearchQuery{Text: "quorvex", Kind: claimline.SearchEntries}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	var want []int64
	for _, ids := range kept {
		want = append(want, ids...)
	}
	got := found(t, st, claimline.SearchEntries, "quorvex")
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("quorvex finds %d entries %v, want the %d left %v", len(got), got, len(want), want)
	}
	if renamed := found(t, st, claimline.SearchEntries, "renamed"); len(renamed) != writers*each/3 {
		t.Errorf("%d renamed entries found by their new title, want %d", len(renamed), writers*each/3)
	}
	checkIndex(t, st)
}
