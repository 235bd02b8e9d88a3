package main

import (
	"context"
	"sync/atomic"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/fetch"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// "source recheck --all", scheduled on every node of a shared PostgreSQL
// database, runs on one at a time: while another process runs it, it
// says so and fetches nothing; once that one is done, it runs.
func TestRecheckAllRunsOnOneNodeAtATime(t *testing.T) {
	db := storetest.PostgresAddr(t)
	var body atomic.Value
	body.Store("The council voted 5-4 on Monday to close the bridge.\n")
	base := pageServer(t, &body)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "t"})
	if _, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{
		Title: "Bridge", URL: base + "/story/1", Text: body.Load().(string)}}); err != nil {
		t.Fatal(err)
	}
	f := fetch.NewAllowing("127.0.0.2/32")

	holding, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := st.RunJob(context.Background(), recheckJob, func(context.Context) error {
			close(holding)
			<-release
			return nil
		})
		done <- err
	}()
	<-holding
	code, out, errs := runWith(f, "source", "recheck", "--all", "--db", db)
	if code != 0 || out != "Another claimline is rechecking every source of this database now; nothing done here.\n" {
		t.Errorf("while another node rechecks: exit %d\n%s%s", code, out, errs)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	code, out, errs = runWith(f, "source", "recheck", "--all", "--db", db)
	if code != 0 || out != "unchanged 1 Bridge\n" {
		t.Errorf("once the other is done: exit %d\n%s%s", code, out, errs)
	}
}
