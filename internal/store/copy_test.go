package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// The copy is tested at its ends: what went in is compared, row by row and
// column by column, with what came out, read with plain SQL.

// library fills a new SQLite database with the demo library and a row or
// more in every table Copy carries, with rows deleted at the top of
// several id ranges (so that the highest id ever given is above the
// highest there is), through the store's normal write path. It returns the
// file and the ids deleted, by table.
func library(t *testing.T) (string, map[string]int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "first.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(context.Background(), app.New(st, app.Config{})); err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	alice, err := st.CreateUser(bg, "alice", claimline.RoleAdmin, "$argon2id$alice")
	must(err)
	bob, err := st.CreateUser(bg, "Bob", claimline.RoleEditor, "$argon2id$bob")
	must(err)
	ctx := claimline.NewContextWithUser(bg, alice)
	_, err = st.CreateSession(ctx, alice.ID, claimline.SessionLimits{Idle: time.Hour, Absolute: 24 * time.Hour})
	must(err)
	_, _, err = st.CreateToken(ctx, alice.ID, "kept", []claimline.Scope{claimline.ScopeTimelinesRead, claimline.ScopeClaimsWrite}, time.Hour)
	must(err)
	revoked, _, err := st.CreateToken(ctx, alice.ID, "revoked", []claimline.Scope{claimline.ScopeAdmin}, time.Hour)
	must(err)
	must(st.RevokeToken(ctx, revoked.ID, alice.ID))
	_, err = st.SavePendingImport(ctx, bob.ID, "later.csv", []byte("date,title\n2024-09-12,Waiting\n"))
	must(err)

	deleted := map[string]int64{"api_tokens": revoked.ID}
	scratch, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Scratch", Slug: "scratch"})
	must(err)
	must(st.DeleteTimeline(ctx, scratch.ID, 0))
	deleted["timelines"] = scratch.ID
	tl, err := st.TimelineBySlug(bg, demo.Slug)
	must(err)
	gone, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024-09-14", Kind: "other", Title: "Deleted at once"})
	must(err)
	must(st.DeleteEntry(ctx, gone.ID, 0))
	deleted["entries"] = gone.ID

	// A page with its HTML, then a second version of it with its own.
	page, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "A page",
		Text: "Lammy said on Wednesday that the decision was close. Nothing was announced."},
		Original: []byte("<html><p>Lammy said on Wednesday that the decision was close.</p><p>Nothing was announced.</p></html>"), OriginalType: "text/html"})
	must(err)
	_, _, err = st.AddVersion(ctx, page.ID, claimline.NewVersion{Text: "Lammy said on Wednesday that the decision was close. Nothing was announced yet.",
		Original: []byte("<html><p>Lammy said on Wednesday that the decision was close.</p><p>Nothing was announced yet.</p></html>"), OriginalType: "text/html"})
	must(err)
	must(st.CorrectDate(ctx, claimline.DateCorrection{SourceID: page.ID, Version: 2, Start: 16, End: 25, Text: "Wednesday"}, false, "2024-09-11"))
	// Another outlet printing an article again, word for word: a copy.
	article, _ := demo.Articles.ReadFile(demo.ArticleFiles()[1])
	_, _, err = st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Reprint", Text: string(article) + "\nReprinted with permission."}})
	must(err)
	dropped, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Dropped", Text: "A text deleted at once."}})
	must(err)
	must(st.DeleteSource(ctx, dropped.ID, 0))
	deleted["sources"] = dropped.ID

	claims, err := st.AllClaims(bg)
	must(err)
	c := claims[0]
	sugg, err := st.SuggestEvidence(ctx, c.ID)
	must(err)
	if len(sugg) == 0 {
		t.Fatalf("nothing suggested for claim %q", c.Text)
	}
	must(st.DismissSuggestion(ctx, c.ID, sugg[0].SourceID, sugg[0].Passages[0].Start, sugg[0].Passages[0].End))
	_, err = st.AddNote(ctx, c.EntryID, 0, claimline.NoteInput{Text: "@Bob is this the first report?"})
	must(err)
	_, err = st.AddNote(ctx, c.EntryID, c.ID, claimline.NoteInput{Text: "Check the state TV transcript."})
	must(err)
	_, _, err = st.AddToTray(ctx, alice.ID, []claimline.Clipping{{SourceID: page.ID, Quote: "the decision was close"}})
	must(err)
	tray, _, err := st.AddToTray(ctx, alice.ID, []claimline.Clipping{{SourceID: page.ID, Quote: "Nothing was announced"}})
	must(err)
	last := tray[len(tray)-1].ID
	_, err = st.RemoveFromTray(ctx, alice.ID, []int64{last})
	must(err)
	deleted["clippings"] = last
	_, err = st.OpenForm(ctx, "entry", c.EntryID)
	must(err)
	return path, deleted
}

// dump returns a table's rows in order (of every column), each value with
// its Go type, so that a text and a BLOB, or NULL and an empty text, differ.
func dump(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	var order []string
	cols := columnsOf(t, db, table)
	for i := range cols {
		order = append(order, fmt.Sprint(i+1))
	}
	rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY ` + strings.Join(order, ", "))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			fmt.Fprintf(&b, "%s=%T:%q ", cols[i], v, fmt.Sprint(v))
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func columnsOf(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM ` + table + ` LIMIT 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	return cols
}

func copyAll(t *testing.T, from, to string) []store.CopyCount {
	t.Helper()
	ctx := context.Background()
	src, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := store.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	var heard []string
	counts, err := store.Copy(ctx, src, dst, func(c store.CopyCount) { heard = append(heard, c.Table) })
	if err != nil {
		t.Fatalf("copy %s to %s: %v", store.Describe(from), store.Describe(to), err)
	}
	if !reflect.DeepEqual(heard, store.CopyTables()) {
		t.Errorf("progress told of %v", heard)
	}
	return counts
}

// A library goes from SQLite through two databases of the engine under test
// and back to SQLite: on PostgreSQL's pass, SQLite → PostgreSQL →
// PostgreSQL → SQLite, so every pair of engines is crossed. The last
// database holds every row of the first, every value of the same type, and
// the same AUTOINCREMENT counters; its search index finds what the first's
// does; and no database on the way gives an id again.
func TestCopyRoundTrip(t *testing.T) {
	if store.RaceDetector {
		t.Skip("sequential and CPU-bound: runs in the plain pass")
	}
	first, deleted := library(t)
	a, b := storetest.Addr(t), storetest.Addr(t)
	last := filepath.Join(t.TempDir(), "last.db")
	copyAll(t, first, a)
	copyAll(t, a, b)
	counts := copyAll(t, b, last)

	one, two := rawDB(t, first), rawDB(t, last)
	for _, c := range counts {
		want, got := dump(t, one, c.Table), dump(t, two, c.Table)
		if len(want) == 0 {
			t.Errorf("the first database has no %s: the test proves nothing of that table", c.Table)
		}
		if c.Rows != int64(len(want)) {
			t.Errorf("%s: %d rows copied, the first database has %d", c.Table, c.Rows, len(want))
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d", c.Table, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s, row %d:\n got %s\nwant %s", c.Table, i+1, got[i], want[i])
				break
			}
		}
	}
	if got, want := dump(t, two, "sqlite_sequence"), dump(t, one, "sqlite_sequence"); !reflect.DeepEqual(got, want) {
		t.Errorf("sqlite_sequence:\n got %v\nwant %v", got, want)
	}

	// The last database's index was built from the copied rows.
	search := func(path string) claimline.SearchResults {
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.CheckSearch(context.Background()); err != nil {
			t.Errorf("search index of %s: %v", path, err)
		}
		r, err := st.Search(context.Background(), claimline.SearchQuery{Text: "Putin NATO"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if want, got := search(first), search(last); want.Total() < 3 || !reflect.DeepEqual(got, want) {
		t.Errorf("search in the copy:\n got %+v\nwant %+v", got, want)
	}

	// New rows, in the middle database and the last, take ids above every
	// id the first gave, deleted ones included.
	for _, addr := range []string{b, last} {
		st, err := store.Open(context.Background(), addr)
		if err != nil {
			t.Fatal(err)
		}
		ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{ID: 1, Username: "alice", Role: claimline.RoleAdmin})
		tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "After the move", Slug: "after"})
		if err != nil {
			t.Fatalf("%s: %v", store.Describe(addr), err)
		}
		if tl.ID <= deleted["timelines"] {
			t.Errorf("%s: a new timeline took id %d; %d was given before", store.Describe(addr), tl.ID, deleted["timelines"])
		}
		src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "New", Text: "A new text after the move."}})
		if err != nil {
			t.Fatalf("%s: %v", store.Describe(addr), err)
		}
		if src.ID <= deleted["sources"] {
			t.Errorf("%s: a new source took id %d; %d was given before", store.Describe(addr), src.ID, deleted["sources"])
		}
		st.Close()
	}
}

// empty reports which tables Copy fills hold rows in the database at addr,
// besides the one row the schema puts in name_lists.
func empty(t *testing.T, addr string) []string {
	t.Helper()
	db := rawDB(t, addr)
	var held []string
	for _, table := range store.CopyTables() {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 && (table != "name_lists" || n > 1) {
			held = append(held, fmt.Sprintf("%s: %d", table, n))
		}
	}
	return held
}

// triggers lists the triggers a database has on, by name.
func triggers(t *testing.T, addr string) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`
	if store.IsPostgres(addr) {
		q = `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' ORDER BY tgname`
	}
	rows, err := rawDB(t, addr).Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// small makes a small library: a user and two clippings of a source.
func small(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "small.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.CreateUser(context.Background(), "ann", claimline.RoleEditor, "hash")
	if err != nil {
		t.Fatal(err)
	}
	ctx := claimline.NewContextWithUser(context.Background(), u)
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "S", Text: "Putin warned NATO on Thursday."}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddToTray(ctx, u.ID, []claimline.Clipping{{SourceID: src.ID, Quote: "warned NATO"}, {SourceID: src.ID, Quote: "on Thursday"}}); err != nil {
		t.Fatal(err)
	}
	return path
}

// A destination holding rows is refused, naming the tables, and left as
// it was.
func TestCopyRefusesANonEmptyDestination(t *testing.T) {
	if store.RaceDetector {
		t.Skip("sequential and CPU-bound: runs in the plain pass")
	}
	from := small(t)
	to := storetest.Addr(t)
	ctx := context.Background()
	dst, err := store.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := dst.CreateUser(ctx, "zoe", claimline.RoleAdmin, "hash"); err != nil {
		t.Fatal(err)
	}
	src, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	_, err = store.Copy(ctx, src, dst, nil)
	if claimline.ErrorCode(err) != claimline.ECONFLICT || !strings.Contains(err.Error(), "users (1 row)") {
		t.Fatalf("copy into a database with a user: %v", err)
	}
	// The history of zoe's creation is there too.
	if strings.Contains(err.Error(), "clippings") || !strings.Contains(err.Error(), "history") {
		t.Errorf("the message names tables that hold no rows, or not all that do: %v", err)
	}
	if got := empty(t, to); len(got) != 2 {
		t.Errorf("the destination now holds %v", got)
	}
}

// A copy that fails half-way, whatever the reason, leaves the destination
// empty and its triggers as they were; a copy then succeeds.
func TestCopyFailureLeavesTheDestinationEmpty(t *testing.T) {
	from := small(t)
	to := storetest.Addr(t)
	ctx := context.Background()
	src, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := store.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { dst.Close() }()
	before := triggers(t, to)
	if len(before) < 20 {
		t.Fatalf("the destination has %d triggers", len(before))
	}
	untouched := func(what string) {
		t.Helper()
		if got := empty(t, to); len(got) > 0 {
			t.Errorf("after %s the destination holds %v", what, got)
		}
		if got := triggers(t, to); !reflect.DeepEqual(got, before) {
			t.Errorf("after %s the destination's triggers are %v, want %v", what, got, before)
		}
	}

	// Cancelled once users and sources are in.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var heard []string
	_, err = store.Copy(cctx, src, dst, func(c store.CopyCount) {
		heard = append(heard, c.Table)
		if c.Table == "sources" {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled copy: %v", err)
	}
	if heard[len(heard)-1] != "sources" {
		t.Errorf("the copy went on after it was cancelled: %v", heard)
	}
	untouched("a cancelled copy")

	// A unique index the source's rows break, in a table copied late.
	raw := rawDB(t, to)
	if _, err := raw.Exec(`CREATE UNIQUE INDEX planted ON clippings (source_id)`); err != nil {
		t.Fatal(err)
	}
	if _, err = store.Copy(ctx, src, dst, nil); err == nil || !strings.Contains(err.Error(), "copy clippings") {
		t.Fatalf("copy that breaks a unique index: %v", err)
	}
	untouched("a copy refused by a unique index")
	if _, err := raw.Exec(`DROP INDEX planted`); err != nil {
		t.Fatal(err)
	}

	if storetest.Postgres() {
		// A destination that takes fewer rows than it is given, without an
		// error (a PostgreSQL rule drops every clipping), fails the count
		// check, which names the table.
		if _, err := raw.Exec(`CREATE RULE planted AS ON INSERT TO clippings DO INSTEAD NOTHING`); err != nil {
			t.Fatal(err)
		}
		_, err = store.Copy(ctx, src, dst, nil)
		if err == nil || !strings.Contains(err.Error(), "the counts of clippings differ: 2 rows in the source, 2 copied, 0 in the destination") {
			t.Fatalf("copy into a table that drops its rows: %v", err)
		}
		untouched("a copy whose counts differ")
		if _, err := raw.Exec(`DROP RULE planted ON clippings`); err != nil {
			t.Fatal(err)
		}
		// An INSERT the rule turned into nothing depends on no table, so
		// PostgreSQL keeps its prepared form on the store's connection
		// even with the rule gone: a new store has new connections.
		dst.Close()
		if dst, err = store.Open(ctx, to); err != nil {
			t.Fatal(err)
		}

		// SQLite's NOCASE folds A–Z only, PostgreSQL's nocase every
		// letter: two actors SQLite keeps apart are one name to
		// PostgreSQL (web/help/administration.md#copy).
		names := namesLibrary(t, "Émile", "émile")
		_, err = store.Copy(ctx, names, dst, nil)
		if err == nil || !strings.Contains(err.Error(), "copy actors") || !strings.Contains(err.Error(), "Key (name)=(émile) already exists") {
			t.Fatalf("copy of two names PostgreSQL takes for one: %v", err)
		}
		untouched("a copy of names PostgreSQL takes for one")
	}

	counts, err := store.Copy(ctx, src, dst, nil)
	if err != nil {
		t.Fatalf("copy after the failures: %v", err)
	}
	if got := empty(t, to); len(got) != len(nonEmpty(counts)) {
		t.Errorf("after the copy the destination holds %v; copied %v", got, counts)
	}
	if got := triggers(t, to); !reflect.DeepEqual(got, before) {
		t.Errorf("after the copy the destination's triggers are %v, want %v", got, before)
	}
}

func nonEmpty(counts []store.CopyCount) []store.CopyCount {
	var out []store.CopyCount
	for _, c := range counts {
		if c.Rows > 0 && c.Table != "name_lists" {
			out = append(out, c)
		}
	}
	return out
}

// namesLibrary returns a SQLite store with an entry by each actor named.
func namesLibrary(t *testing.T, names ...string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "names.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tl, err := st.CreateTimeline(as("ann"), claimline.TimelineInput{Title: "T", Slug: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if _, err := st.CreateEntry(as("ann"), tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "By " + name,
			Actors: []string{name}}); err != nil {
			t.Fatal(err)
		}
	}
	if actors, err := st.Actors(context.Background()); err != nil || len(actors) != len(names) {
		t.Fatalf("SQLite keeps %v apart (%v)", actors, err)
	}
	return st
}
