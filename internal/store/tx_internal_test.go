package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"claimline/internal/claimline"
)

func openInternal(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "tx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func editor(name string) context.Context {
	return claimline.NewContextWithUser(context.Background(), &claimline.User{ID: 1, Username: name, Role: claimline.RoleEditor})
}

// insertTimelines writes n timelines named prefix-0 … prefix-(n-1) in tx,
// calling between() after the first one.
func insertTimelines(ctx context.Context, tx *Tx, prefix string, n int, between func()) error {
	for i := range n {
		slug := fmt.Sprintf("%s-%d", prefix, i)
		if _, err := createTimeline(ctx, tx, claimline.TimelineInput{Title: slug, Slug: slug}); err != nil {
			return err
		}
		if i == 0 && between != nil {
			between()
		}
	}
	return nil
}

// countSlugs returns how many of prefix-0 … prefix-(n-1) exist.
func countSlugs(t *testing.T, st *Store, prefix string) int {
	t.Helper()
	var got int
	err := st.r.QueryRow(`SELECT count(*) FROM timelines WHERE slug GLOB ?`, prefix+"-*").Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestWritesCancelledMidTransaction is the regression test for the crash in
// which a cancelled write freed the writer while its code still ran: writes
// that cancel their own context half-way, writes that fail and writes that
// panic run among ordinary writes. Every ordinary write succeeds, and every
// other write is saved whole or not at all, exactly as its result says.
func TestWritesCancelledMidTransaction(t *testing.T) {
	st := openInternal(t)
	const rounds = 60
	type result struct {
		prefix string
		err    error
		kind   int
	}
	results := make(chan result, rounds*4)
	var wg sync.WaitGroup
	for i := range rounds {
		for kind := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				prefix := fmt.Sprintf("k%d-r%d", kind, i)
				ctx, cancel := context.WithCancel(editor("ann"))
				defer cancel()
				err := st.write(ctx, func(tx *Tx) error {
					switch kind {
					case 1: // the client hangs up in the middle of the write
						return insertTimelines(ctx, tx, prefix, 3, cancel)
					case 2: // the write fails after writing something
						if err := insertTimelines(ctx, tx, prefix, 2, nil); err != nil {
							return err
						}
						return errors.New("refused")
					case 3: // a bug
						if err := insertTimelines(ctx, tx, prefix, 1, nil); err != nil {
							return err
						}
						panic("boom")
					}
					return insertTimelines(ctx, tx, prefix, 3, nil)
				})
				results <- result{prefix, err, kind}
			}()
		}
	}
	wg.Wait()
	close(results)
	for r := range results {
		n := countSlugs(t, st, r.prefix)
		switch {
		case r.kind == 0 && r.err != nil:
			t.Errorf("%s: an ordinary write failed: %v", r.prefix, r.err)
		case r.kind >= 2 && r.err == nil:
			t.Errorf("%s: a failing write reported success", r.prefix)
		case r.err == nil && n != 3:
			t.Errorf("%s: reported saved, but %d of 3 rows exist", r.prefix, n)
		case r.err != nil && n != 0:
			t.Errorf("%s: reported %v, but %d rows were saved", r.prefix, r.err, n)
		}
	}
	// The history holds exactly the saved timelines, nothing of the others.
	var timelines, history int
	st.r.QueryRow(`SELECT count(*) FROM timelines`).Scan(&timelines)
	st.r.QueryRow(`SELECT count(*) FROM history WHERE object_type = 'timeline'`).Scan(&history)
	if timelines != history || timelines < rounds*3 {
		t.Errorf("%d timelines and %d history records; want equal, at least %d", timelines, history, rounds*3)
	}
}

// TestWriteCancelledBeforeItsTurn: a write whose context ended before the
// writer reached it is not run at all.
func TestWriteCancelledBeforeItsTurn(t *testing.T) {
	st := openInternal(t)
	ctx, cancel := context.WithCancel(editor("ann"))
	cancel()
	ran := false
	err := st.write(ctx, func(tx *Tx) error { ran = true; return nil })
	if !errors.Is(err, context.Canceled) || ran {
		t.Errorf("write with a cancelled context: err %v, ran %v; want context.Canceled, not run", err, ran)
	}
}

// TestWriteAfterClose: a write after Close fails instead of hanging.
func TestWriteAfterClose(t *testing.T) {
	st := openInternal(t)
	st.Close()
	err := st.write(editor("ann"), func(tx *Tx) error { return nil })
	if !errors.Is(err, errClosed) {
		t.Errorf("write after close: %v, want errClosed", err)
	}
}

// TestBatchKeepsEachCallersUser: writes batched into one transaction each
// record their own user, not the first caller's.
func TestBatchKeepsEachCallersUser(t *testing.T) {
	st := openInternal(t)
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("user%d", i)
			err := st.write(editor(name), func(tx *Tx) error {
				return insertTimelines(context.Background(), tx, name, 1, nil)
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	rows, err := st.r.Query(`SELECT slug, created_by FROM timelines`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var slug, by string
		rows.Scan(&slug, &by)
		if slug != by+"-0" {
			t.Errorf("timeline %s created by %s", slug, by)
		}
		n++
	}
	if n != 40 {
		t.Errorf("%d timelines, want 40", n)
	}
}

// TestWALIsCutBack: a long reader makes the WAL grow past its limit during
// a burst of writes; once the reader is gone, the next checkpoints let it
// start over and the file is cut back to WALSizeLimit.
func TestWALIsCutBack(t *testing.T) {
	if RaceDetector {
		t.Skip("measures quality or sizes, not concurrency: run without -race")
	}
	st := openInternal(t)
	ctx := editor("ann")
	reader, err := st.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	reader.QueryRow(`SELECT count(*) FROM sources`).Scan(&n) // holds a snapshot
	big := strings.Repeat("All work and no play. ", 1<<16)   // about 1.4 MB
	addSource := func(i int) {
		t.Helper()
		_, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{
			Title: fmt.Sprintf("S%d", i), Text: fmt.Sprintf("%d %s", i, big)}})
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range 12 {
		addSource(i)
	}
	wal := st.path + "-wal"
	if size := fileSize(t, wal); size <= WALSizeLimit {
		t.Fatalf("the WAL did not grow past its limit while a reader held it: %d bytes", size)
	}
	reader.Rollback()
	for i := 12; i < 20; i++ {
		addSource(i)
	}
	if size := fileSize(t, wal); size > WALSizeLimit+(2<<20) {
		t.Errorf("the WAL is %d bytes after the reader left, want it cut back to about %d", size, WALSizeLimit)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// TestQuoteCheckedBeforeTheWrite: a quote is found in the source's text
// before the write; a source deleted in between is refused inside the
// transaction, and nothing is saved.
func TestQuoteCheckedBeforeTheWrite(t *testing.T) {
	st := openInternal(t)
	ctx := editor("ann")
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "S", Text: "Putin said NATO would be at war."}})
	if err != nil {
		t.Fatal(err)
	}
	cq, err := st.checkQuote(ctx, src.ID, "NATO would be at war")
	if err != nil || cq.span.Start != 11 {
		t.Fatalf("checkQuote: %+v %v", cq, err)
	}
	if err := st.DeleteSource(ctx, src.ID, 0); err != nil {
		t.Fatal(err)
	}
	err = st.write(ctx, func(tx *Tx) error { return cq.confirm(ctx, tx) })
	if claimline.FieldErrors(err)["source"] == "" {
		t.Errorf("confirm after the source was deleted: %v, want a field error on source", err)
	}
}

// TestFailedCreateInBatchFailsOnlyItsCaller runs entry creates as one group
// commit, as the writer does when they arrive together: the middle one
// fails inside its create (its new actor and tag are written, then its
// timeline turns out not to exist). Only its caller hears of it; nothing of
// it is saved; the others are saved whole, searchable and in the history.
// A create alone in its transaction (no savepoint) that fails leaves
// nothing either.
func TestFailedCreateInBatchFailsOnlyItsCaller(t *testing.T) {
	if RaceDetector {
		t.Skip("one goroutine runs the batch: nothing for the race detector")
	}
	st := openInternal(t)
	ctx := editor("ann")
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Batch", Slug: "batch"})
	if err != nil {
		t.Fatal(err)
	}
	create := func(timelineID int64, title, actor string) *writeReq {
		e, err := claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: title, Actors: []string{actor}, Tags: []string{actor}}.Parse()
		if err != nil {
			t.Fatal(err)
		}
		return &writeReq{ctx: ctx, done: make(chan error, 1), fn: func(tx *Tx) error {
			_, err := insertEntry(ctx, tx, timelineID, &e)
			return err
		}}
	}
	// Only the writer goroutine runs batches; while it waits for work, the
	// test runs one on the writer's connection in its place.
	w := &writerState{db: st.w, kept: map[string]*sql.Stmt{}}
	defer w.close()
	batch := []*writeReq{create(tl.ID, "Zorbling first", "Ann Actor"), create(tl.ID+99, "Zorbling doomed", "Doomed Actor"),
		create(tl.ID, "Zorbling last", "Ann Actor")}
	st.runBatch(w, batch)
	for i, r := range batch {
		err := <-r.done
		if (err != nil) != (i == 1) {
			t.Errorf("create %d: %v", i+1, err)
		}
	}
	alone := create(tl.ID+99, "Zorbling alone", "Lonely Actor")
	st.runBatch(w, []*writeReq{alone})
	if err := <-alone.done; err == nil {
		t.Error("a create into a timeline that does not exist succeeded")
	}

	var titles []string
	rows, err := st.r.Query(`SELECT e.title FROM search_entries s JOIN entries e ON e.id = s.rowid WHERE search_entries MATCH 'zorbling' ORDER BY e.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		titles = append(titles, s)
	}
	rows.Close()
	if strings.Join(titles, "|") != "Zorbling first|Zorbling last" {
		t.Errorf("entries found by the search index: %q", titles)
	}
	var actors, tags, history, stale int
	st.r.QueryRow(`SELECT count(*) FROM actors WHERE name IN ('Doomed Actor', 'Lonely Actor')`).Scan(&actors)
	st.r.QueryRow(`SELECT count(*) FROM tags WHERE name IN ('Doomed Actor', 'Lonely Actor')`).Scan(&tags)
	st.r.QueryRow(`SELECT count(*) FROM history WHERE object_type = 'entry' AND action = 'create'`).Scan(&history)
	st.r.QueryRow(`SELECT count(*) FROM search_entries_stale`).Scan(&stale)
	if actors+tags != 0 || history != 2 || stale != 0 {
		t.Errorf("%d actors and %d tags of the failed creates, %d creations in the history (want 2), %d entries left to index",
			actors, tags, history, stale)
	}
	if err := st.CheckSearch(context.Background()); err != nil {
		t.Errorf("search index: %v", err)
	}
}
