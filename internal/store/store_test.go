package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"claimline/internal/claimline"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// TestMain runs the store's tests on SQLite and, when the environment names
// a PostgreSQL server, those that take a database again on PostgreSQL. The
// suggestion quality measurements run once: TestSearchEnginesAgree requires
// PostgreSQL to rank the same passages with the same scores for every claim
// of their reporting sets, so their figures are the same on both engines.
func TestMain(m *testing.M) {
	os.Exit(storetest.Main(m, storetest.OnceOnSQLite(
		`^(TestSuggestionQuality|TestSuggestionHeldOut|TestSuggestionReporting)$`)))
}

// open returns a store over a fresh database on the engine under test,
// through the normal open and migrate path.
func open(t testing.TB, opts ...store.Option) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), storetest.Addr(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// as returns a context acting as the named editor.
func as(name string) context.Context {
	return claimline.NewContextWithUser(context.Background(), &claimline.User{ID: 1, Username: name, Role: claimline.RoleEditor})
}

func TestOpenIsIdempotentAndChecksPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	for i := 0; i < 2; i++ { // the second open finds migrations applied
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if err := st.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		t.Errorf("schema_migrations rows = %d (%v)", n, err)
	}
}

func TestPathWithURISpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir?#%", "db file.db")
	if err := mkdirAll(filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %q: %v", path, err)
	}
	defer st.Close()
	if _, err := st.CreateTimeline(as("ann"), claimline.TimelineInput{Title: "T", Slug: "t"}); err != nil {
		t.Fatal(err)
	}
	if !fileExists(path) {
		t.Errorf("database not created at %q", path)
	}
}

func TestTimelineCRUDAndHistory(t *testing.T) {
	st := open(t)
	ctx := as("ann")
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: " Strike limits ", Slug: "strike-limits", Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if tl.Title != "Strike limits" || tl.Changed.Username != "ann" {
		t.Errorf("created %+v", tl)
	}
	_, err = st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Other", Slug: "strike-limits"})
	if f := claimline.FieldErrors(err); f["slug"] == "" {
		t.Errorf("duplicate slug: err = %v, want a slug field error", err)
	}
	_, err = st.CreateTimeline(ctx, claimline.TimelineInput{Title: "", Slug: "Bad Slug"})
	if f := claimline.FieldErrors(err); f["title"] == "" || f["slug"] == "" {
		t.Errorf("invalid input: fields = %v, want title and slug", f)
	}
	if _, err := st.UpdateTimeline(as("bob"), tl.ID, 0, claimline.TimelineInput{Title: "Strike limits 2024", Slug: "strike-limits-2024"}); err != nil {
		t.Fatal(err)
	}
	got, err := st.TimelineBySlug(ctx, "strike-limits-2024")
	if err != nil || got.Changed.Username != "bob" {
		t.Fatalf("after update: %+v, %v", got, err)
	}
	if _, err := st.TimelineBySlug(ctx, "strike-limits"); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("old slug: err = %v, want ENOTFOUND", err)
	}
	if err := st.DeleteTimeline(ctx, tl.ID, 0); err != nil {
		t.Fatal(err)
	}
	changes, err := st.Changes(ctx, claimline.ChangeFilter{TimelineID: tl.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, c := range changes {
		actions = append(actions, c.Username+":"+c.Action)
	}
	if strings.Join(actions, ",") != "ann:delete,bob:update,ann:create" {
		t.Errorf("history = %v", actions)
	}
	if fs := changes[1].Fields(); len(fs) != 3 || fs[2].Field != "description" || fs[2].Before != "d" || fs[0].Field != "slug" || fs[0].Before != "strike-limits" || fs[0].After != "strike-limits-2024" {
		t.Errorf("update fields = %+v", fs)
	}
}

func addEntries(t testing.TB, st *store.Store, timelineID int64, ins ...claimline.EntryInput) []int64 {
	t.Helper()
	var ids []int64
	for _, in := range ins {
		e, err := st.CreateEntry(as("ann"), timelineID, in)
		if err != nil {
			t.Fatalf("create %q: %v", in.Title, err)
		}
		ids = append(ids, e.ID)
	}
	return ids
}

func newTimeline(t testing.TB, st *store.Store, slug string) *claimline.Timeline {
	t.Helper()
	tl, err := st.CreateTimeline(as("ann"), claimline.TimelineInput{Title: slug, Slug: slug})
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func titles(es []claimline.Entry) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Title)
	}
	return strings.Join(out, ",")
}

func TestEntriesSortAtTheirPrecision(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	addEntries(t, st, tl.ID,
		claimline.EntryInput{Date: "2024-09-12 14:30", Kind: "statement", Title: "time"},
		claimline.EntryInput{Date: "12 Sep 2024", Kind: "statement", Title: "day"},
		claimline.EntryInput{Date: "2024", Kind: "report", Title: "year"},
		claimline.EntryInput{Date: "c. Sep 2024", Kind: "other", Title: "month"},
		claimline.EntryInput{Date: "2024-09-01", Kind: "action", Title: "first"},
		claimline.EntryInput{Date: "Oct 2023", Kind: "policy_move", Title: "older"},
	)
	page, err := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(page.Entries); got != "older,year,month,first,day,time" {
		t.Errorf("order = %s", got)
	}
	if d := page.Entries[2].DisplayDate(); d != "c. Sep 2024" {
		t.Errorf("month entry shows %q", d)
	}
}

func TestEntryValidationSavesNothing(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	_, err := st.CreateEntry(as("ann"), tl.ID, claimline.EntryInput{Date: "2024-02-30", Kind: "speech", Title: "", Actors: []string{"Putin"}})
	f := claimline.FieldErrors(err)
	if f["date"] == "" || f["kind"] == "" || f["title"] == "" {
		t.Fatalf("fields = %v, want date, kind and title", f)
	}
	page, _ := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	actors, _ := st.Actors(context.Background())
	if len(page.Entries) != 0 || len(actors) != 0 {
		t.Errorf("invalid entry left %d entries and %d actors", len(page.Entries), len(actors))
	}
}

func TestEntryActorsTagsFiltersAndPages(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	tl := newTimeline(t, st, "t")
	other := newTimeline(t, st, "other")
	ids := addEntries(t, st, tl.ID,
		claimline.EntryInput{Date: "Feb 2022", Kind: "action", Title: "Invasion", Actors: []string{"Russia"}, Tags: []string{"background"}},
		claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns NATO", Description: "at war with Russia",
			Actors: []string{"Vladimir Putin", " vladimir  putin ", "Russia"}, Tags: []string{"escalation"}},
		claimline.EntryInput{Date: "2024-09-13", EndDate: "2024-09-14", Kind: "policy_move", Title: "Biden meets Starmer", Actors: []string{"Joe Biden", "Keir Starmer"}},
		claimline.EntryInput{Date: "2024", Kind: "report", Title: "Year report"},
	)
	addEntries(t, st, other.ID, claimline.EntryInput{Date: "2023-10", Kind: "policy_move", Title: "ATACMS", Actors: []string{"VLADIMIR PUTIN"}})

	e, err := st.Entry(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(e.ActorNames(), ";") != "Vladimir Putin;Russia" || strings.Join(e.Tags, ";") != "escalation" {
		t.Errorf("actors %v tags %v: want case-insensitive duplicates merged, order kept", e.ActorNames(), e.Tags)
	}
	// The actor page spans timelines, and the name's first spelling is kept.
	a, entries, err := st.Actor(ctx, e.Actors[0].ID)
	if err != nil || a.Name != "Vladimir Putin" || titles(entries) != "ATACMS,Putin warns NATO" {
		t.Errorf("actor = %+v, entries %s, %v", a, titles(entries), err)
	}

	filters := []struct {
		name string
		f    claimline.EntryFilter
		want string
	}{
		{"kind", claimline.EntryFilter{Kind: claimline.KindStatement}, "Putin warns NATO"},
		{"actor", claimline.EntryFilter{Actor: "russia"}, "Invasion,Putin warns NATO"},
		{"tag", claimline.EntryFilter{Tag: "Escalation"}, "Putin warns NATO"},
		{"text in description", claimline.EntryFilter{Text: "AT WAR"}, "Putin warns NATO"},
		{"text with wildcard", claimline.EntryFilter{Text: "%"}, ""},
		{"from a month", claimline.EntryFilter{From: claimline.MustParseDate("2024-09")}, "Year report,Putin warns NATO,Biden meets Starmer"},
		{"from inside a span", claimline.EntryFilter{From: claimline.MustParseDate("2024-09-14")}, "Year report,Biden meets Starmer"},
		{"to a year", claimline.EntryFilter{To: claimline.MustParseDate("2022")}, "Invasion"},
		{"range", claimline.EntryFilter{From: claimline.MustParseDate("2022-03"), To: claimline.MustParseDate("2024-09-12")}, "Year report,Putin warns NATO"},
	}
	for _, tt := range filters {
		page, err := st.Entries(ctx, tl.ID, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(page.Entries); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}

	// Keyset pages walk the timeline in order without gaps or repeats.
	var walked []string
	f := claimline.EntryFilter{Limit: 3}
	for {
		page, err := st.Entries(ctx, tl.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, titles(page.Entries))
		if !page.More {
			break
		}
		f.After = page.Entries[len(page.Entries)-1].ID
	}
	if got := strings.Join(walked, " / "); got != "Invasion,Year report,Putin warns NATO / Biden meets Starmer" {
		t.Errorf("pages = %s", got)
	}
}

func TestEntryUpdateDeleteHistory(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	ids := addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns", Actors: []string{"Putin"}})
	_, err := st.UpdateEntry(as("bob"), ids[0], 0, claimline.EntryInput{Date: "c. 2024-09-12", Kind: "statement", Title: "Putin warns NATO", Actors: []string{"Vladimir Putin"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteEntry(as("cy"), ids[0], 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Entry(context.Background(), ids[0]); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("deleted entry: %v", err)
	}
	changes, err := st.Changes(context.Background(), claimline.ChangeFilter{ObjectType: "entry", ObjectID: ids[0]})
	if err != nil || len(changes) != 3 {
		t.Fatalf("changes = %d, %v", len(changes), err)
	}
	upd := map[string]claimline.FieldChange{}
	for _, f := range changes[1].Fields() {
		upd[f.Field] = f
	}
	if upd["title"].After != "Putin warns NATO" || upd["approximate"].After != "yes" || upd["actors"].Before != "Putin" || upd["actors"].After != "Vladimir Putin" {
		t.Errorf("update diff = %+v", upd)
	}
	if changes[0].Action != "delete" || changes[0].Username != "cy" || !strings.Contains(changes[0].Before, "Putin warns NATO") {
		t.Errorf("delete record = %+v", changes[0])
	}
	// Deleted things can be found in the history.
	deleted, _ := st.Changes(context.Background(), claimline.ChangeFilter{Action: "delete"})
	if len(deleted) != 1 || deleted[0].Label != "Putin warns NATO" {
		t.Errorf("deleted = %+v", deleted)
	}
}

func TestDeleteTimelineKeepsEntriesInHistory(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	addEntries(t, st, tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "one"}, claimline.EntryInput{Date: "2023", Kind: "other", Title: "two"})
	if err := st.DeleteTimeline(as("ann"), tl.ID, 0); err != nil {
		t.Fatal(err)
	}
	deleted, _ := st.Changes(context.Background(), claimline.ChangeFilter{Action: "delete", ObjectType: "entry"})
	if len(deleted) != 2 {
		t.Errorf("deleted entries in history = %d, want 2", len(deleted))
	}
	if err := st.DeleteTimeline(as("ann"), tl.ID, 0); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("second delete: %v", err)
	}
}

func TestConcurrentWritesDoNotFail(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := st.CreateEntry(as("ann"), tl.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "e", Actors: []string{"A", "B"}})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, _ := st.TimelineBySlug(context.Background(), "t")
	if got.EntryCount != 40 {
		t.Errorf("entries = %d, want 40", got.EntryCount)
	}
}

func TestSessionsExpireAndEnd(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	st := open(t, store.WithClock(func() time.Time { return now }))
	u, err := st.CreateUser(context.Background(), "ann", claimline.RoleEditor, "$argon2id$x")
	if err != nil {
		t.Fatal(err)
	}
	lim := claimline.SessionLimits{Idle: time.Hour, Absolute: 8 * time.Hour}
	ctx := context.Background()
	tok, err := st.CreateSession(ctx, u.ID, lim)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string, wantOK bool) {
		t.Helper()
		got, err := st.Session(ctx, tok, lim)
		if wantOK && (err != nil || got.User.Username != "ann" || got.CSRFToken == "") {
			t.Errorf("%s: %v, %v; want the user", when, got, err)
		}
		if !wantOK && claimline.ErrorCode(err) != claimline.EUNAUTH {
			t.Errorf("%s: err = %v, want EUNAUTH", when, err)
		}
	}
	// Active every 50 minutes: idle never reached, absolute limit reached.
	for i := 0; i < 9; i++ {
		now = now.Add(50 * time.Minute)
		check("active at "+now.Format("15:04"), true)
	}
	now = now.Add(50 * time.Minute) // 8h20m after creation
	check("past the absolute limit", false)

	tok, _ = st.CreateSession(ctx, u.ID, lim)
	now = now.Add(61 * time.Minute)
	check("past the idle limit", false)

	tok, _ = st.CreateSession(ctx, u.ID, lim)
	other, _ := st.CreateSession(ctx, u.ID, lim)
	if err := st.EndSessions(ctx, u.ID, tok); err != nil {
		t.Fatal(err)
	}
	check("kept session", true)
	a, _ := st.Session(ctx, tok, lim)
	third, _ := st.CreateSession(ctx, u.ID, lim)
	if b, _ := st.Session(ctx, third, lim); a.CSRFToken == "" || b.CSRFToken == a.CSRFToken {
		t.Errorf("CSRF tokens %q and %q: want a different random one per session", a.CSRFToken, b.CSRFToken)
	}
	if _, err := st.Session(ctx, other, lim); claimline.ErrorCode(err) != claimline.EUNAUTH {
		t.Errorf("other session survived EndSessions")
	}
	if _, err := st.UpdateUser(ctx, u.ID, 0, claimline.RoleEditor, true); claimline.ErrorCode(err) != claimline.ECONFLICT {
		// ann is no admin; no admin exists at all, so any change is refused
		// as leaving no enabled admin.
		t.Errorf("update with no admin: %v, want ECONFLICT", err)
	}
}

func TestDisablingEndsSessionsAndKeepsAnAdmin(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	admin, _ := st.CreateUser(ctx, "root", claimline.RoleAdmin, "$h")
	ann, _ := st.CreateUser(ctx, "ann", claimline.RoleEditor, "$h")
	lim := claimline.SessionLimits{Idle: time.Hour, Absolute: time.Hour}
	tok, _ := st.CreateSession(ctx, ann.ID, lim)
	if _, err := st.UpdateUser(ctx, ann.ID, 0, claimline.RoleViewer, true); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Session(ctx, tok, lim); claimline.ErrorCode(err) != claimline.EUNAUTH {
		t.Errorf("disabled user's session still works: %v", err)
	}
	if _, err := st.UpdateUser(ctx, admin.ID, 0, claimline.RoleEditor, false); claimline.ErrorCode(err) != claimline.ECONFLICT {
		t.Errorf("demoting the last admin: %v, want ECONFLICT", err)
	}
	if u, _ := st.User(ctx, admin.ID); u.Role != claimline.RoleAdmin {
		t.Errorf("refused change was saved: role %s", u.Role)
	}
	if _, err := st.CreateUser(ctx, "ANN", claimline.RoleViewer, "$h"); claimline.FieldErrors(err)["username"] == "" {
		t.Errorf("case-insensitive duplicate user: %v", err)
	}
}

func TestReadPoolIsReadOnly(t *testing.T) {
	st := open(t)
	// Reads go through the read-only pool; a write attempted there must fail.
	if err := store.WriteThroughReader(st); err == nil {
		t.Fatal("a write through the read pool succeeded")
	}
}

func TestCreateEntriesIsAllOrNothing(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	err := st.CreateEntries(as("ann"), tl.ID, []claimline.EntryInput{
		{Date: "2024", Kind: "other", Title: "ok", Actors: []string{"New Actor"}},
		{Date: "2024-02-30", Kind: "other", Title: "bad"},
	})
	if err == nil || !strings.HasPrefix(claimline.ErrorMessage(err), "Entry 2:") || claimline.FieldErrors(err)["date"] == "" {
		t.Fatalf("err = %v, want entry 2's date named", err)
	}
	page, _ := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	actors, _ := st.Actors(context.Background())
	if len(page.Entries) != 0 || len(actors) != 0 {
		t.Errorf("a failed batch saved %d entries, %d actors", len(page.Entries), len(actors))
	}
	if err := st.CreateEntries(as("ann"), tl.ID, []claimline.EntryInput{{Date: "2024", Kind: "other", Title: "a"}, {Date: "2023", Kind: "other", Title: "b"}}); err != nil {
		t.Fatal(err)
	}
	page, _ = st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	if titles(page.Entries) != "b,a" {
		t.Errorf("saved %q", titles(page.Entries))
	}
}

func TestImportEntriesNamesTheLine(t *testing.T) {
	st := open(t)
	tl := newTimeline(t, st, "t")
	_, err := st.ImportEntries(as("ann"), claimline.ImportTarget{TimelineID: tl.ID}, []claimline.ImportRow{
		{Line: 2, Input: claimline.EntryInput{Date: "2024", Kind: "other", Title: "ok"}},
		{Line: 3, Input: claimline.EntryInput{Date: "2024", Kind: "other", Title: ""}},
	})
	if err == nil || claimline.ErrorMessage(err) != "Row 3: title: This field is required." {
		t.Errorf("err = %v", err)
	}
	if page, _ := st.Entries(context.Background(), tl.ID, claimline.EntryFilter{}); len(page.Entries) != 0 {
		t.Error("a failed import saved rows")
	}
}
