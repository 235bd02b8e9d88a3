package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/store/storetest"
)

// Two nodes on one PostgreSQL database with no admin yet each open a setup
// link of their own. Used at the same moment, the two links make one first
// admin, not two: the other submission is refused (409 while the first is
// being made, 404 once it is).
func TestSetupLinksOfTwoNodesMakeOneAdmin(t *testing.T) {
	db := storetest.PostgresAddr(t)
	nodes := []*harness{harnessAt(t, db, app.Config{}), harnessAt(t, db, app.Config{})}
	names := []string{"ada", "bob"}
	reqs := make([]*http.Request, len(nodes))
	clients := make([]*client, len(nodes))
	for i, h := range nodes {
		link, err := h.srv.OpenSetup(context.Background())
		if err != nil || link == "" {
			t.Fatalf("node %d: OpenSetup = %q, %v", i, link, err)
		}
		clients[i] = h.client()
		f := form("token", strings.TrimPrefix(link, "/setup?token="), "username", names[i], "password", testPassword,
			"_csrf", clients[i].csrf())
		reqs[i], _ = http.NewRequest(http.MethodPost, h.ts.URL+"/setup", strings.NewReader(f.Encode()))
		reqs[i].Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	// Each check of "no admin yet" is followed by a password hash of
	// production cost before the admin is saved: submissions sent together
	// overlap.
	codes := make([]int, len(nodes))
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range nodes {
		wg.Go(func() {
			<-start
			resp, err := clients[i].http.Do(reqs[i])
			if err != nil {
				errs[i] = err
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		})
	}
	close(start)
	wg.Wait()
	made := 0
	for i, name := range names {
		if errs[i] != nil {
			t.Fatalf("node %d: %v", i, errs[i])
		}
		_, err := nodes[0].st.UserByName(context.Background(), name)
		switch {
		case err == nil && codes[i] == http.StatusSeeOther:
			made++
		case claimline.ErrorCode(err) == claimline.ENOTFOUND && (codes[i] == http.StatusConflict || codes[i] == http.StatusNotFound):
		default:
			t.Errorf("node %d: setup answered %d, and user %s: %v", i, codes[i], name, err)
		}
	}
	if made != 1 {
		t.Errorf("%d first admins made through two nodes' setup links at once, want 1 (answers %v)", made, codes)
	}
}
