package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// pageSeen is what one user saw on a timeline page.
type pageSeen struct {
	body, etag       string
	name, role, csrf string
	canEdit          bool
	statements       int64
}

func (h *harness) timelinePage(c *client, path string) pageSeen {
	h.t.Helper()
	before := h.st.Statements()
	r := c.get(path)
	n := h.st.Statements() - before
	wantStatus(h.t, r, http.StatusOK)
	d := r.doc(h.t)
	// The header shows who is signed in twice (wide and narrow screens);
	// every copy must be the user's own.
	who := func(sel string) string {
		seen := map[string]bool{}
		d.Find(sel).Each(func(_ int, s *goquery.Selection) {
			if v, ok := s.Attr("value"); ok {
				seen[v] = true
			} else {
				seen[s.Text()] = true
			}
		})
		if len(seen) != 1 {
			h.t.Fatalf("%s: %d different texts %v", sel, len(seen), seen)
		}
		for v := range seen {
			return v
		}
		return ""
	}
	csrf := who(`header form[action="/logout"] input[name="_csrf"]`)
	return pageSeen{body: r.body, etag: r.Header.Get("ETag"), name: who(`.who a[href="/account"]`),
		role: who(".who .role"), csrf: csrf, canEdit: d.Find(`a[href$="/entries/new"]`).Length() > 0, statements: n}
}

// Two users of different roles, and one of them in two sessions, read the
// same timeline page again and again: each always gets a page with their
// own name, role, buttons and CSRF token, the second time from memory.
func TestPageCacheKeepsUsersAndSessionsApart(t *testing.T) {
	h := newHarness(t)
	slug := seedTimeline(t, h, 20)
	path := "/timelines/" + slug
	editor, viewer := h.user("edna", claimline.RoleEditor), h.user("vera", claimline.RoleViewer)
	clients := []struct {
		name string
		role claimline.Role
		c    *client
	}{
		{"edna", claimline.RoleEditor, h.signedIn(editor)},
		{"vera", claimline.RoleViewer, h.signedIn(viewer)},
		{"vera", claimline.RoleViewer, h.signedIn(viewer)}, // another browser
	}
	tokens := make([]string, len(clients)) // each session's own, from its account page
	for i, cl := range clients {
		if tokens[i] = cl.c.csrf(); tokens[i] == "" {
			t.Fatalf("client %d has no CSRF token", i)
		}
	}
	if tokens[1] == tokens[2] {
		t.Fatal("two sessions share a CSRF token; the test needs them to differ")
	}
	first := make([]pageSeen, len(clients))
	for round := 0; round < 3; round++ {
		for i, cl := range clients {
			p := h.timelinePage(cl.c, path)
			if p.name != cl.name || p.role != string(cl.role) || p.csrf != tokens[i] ||
				p.canEdit != cl.role.AtLeast(claimline.RoleEditor) {
				t.Fatalf("round %d, client %d (%s): page shows %q %q, token %q (own %q), edit buttons %v",
					round, i, cl.name, p.name, p.role, p.csrf, tokens[i], p.canEdit)
			}
			for j, tok := range tokens {
				if j != i && strings.Contains(p.body, tok) {
					t.Fatalf("round %d: client %d's page holds client %d's CSRF token", round, i, j)
				}
			}
			if round == 0 {
				first[i] = p
				continue
			}
			if p.statements != 0 {
				t.Errorf("client %d: an unchanged page took %d statements, want it from memory", i, p.statements)
			}
			if p.body != first[i].body || p.etag != first[i].etag {
				t.Errorf("client %d: the cached page differs from the rendered one", i)
			}
		}
	}
	if first[0].etag == first[1].etag || first[1].etag == first[2].etag || first[0].etag == "" {
		t.Errorf("ETags %q, %q, %q: two users or sessions share one", first[0].etag, first[1].etag, first[2].etag)
	}
}

// A change shows on the next request, however it was made, and
// If-None-Match gets 304 only while nothing changed.
func TestPageCacheShowsChangesAtOnce(t *testing.T) {
	h := newHarness(t)
	slug := seedTimeline(t, h, 5)
	path := "/timelines/" + slug
	c := h.signedIn(h.user("edna", claimline.RoleEditor))
	h.timelinePage(c, path)
	p := h.timelinePage(c, path)

	c.Header.Set("If-None-Match", p.etag)
	if r := c.get(path); r.StatusCode != http.StatusNotModified || r.body != "" || r.Header.Get("ETag") != p.etag {
		t.Fatalf("unchanged page with its ETag: status %d, %d bytes, ETag %q", r.StatusCode, len(r.body), r.Header.Get("ETag"))
	}

	// Through the web app: the new entry's page carries a flash message,
	// shown once.
	r := c.post(path+"/entries", form("date", "2024-09-13", "kind", "statement", "title", "Brand new entry"))
	wantStatus(t, r, http.StatusSeeOther)
	c.Header.Del("If-None-Match")
	r = c.get(path)
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "Brand new entry") || !strings.Contains(r.body, `class="flash"`) {
		t.Fatal("the page after adding an entry lacks it or its flash message")
	}
	p2 := h.timelinePage(c, path)
	if !strings.Contains(p2.body, "Brand new entry") || strings.Contains(p2.body, `class="flash"`) || p2.etag == p.etag {
		t.Fatalf("the next page: entry shown %v, flash shown again %v, ETag unchanged %v",
			strings.Contains(p2.body, "Brand new entry"), strings.Contains(p2.body, `class="flash"`), p2.etag == p.etag)
	}
	c.Header.Set("If-None-Match", p.etag)
	if r := c.get(path); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Brand new entry") {
		t.Fatalf("an old ETag after a change: status %d", r.StatusCode)
	}
	c.Header.Del("If-None-Match")

	// Straight through the store, as the command line or another part of
	// the app would: a claim on an entry.
	tl, err := h.st.TimelineBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	page, err := h.st.Entries(context.Background(), tl.ID, claimline.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := h.st.CreateClaim(context.Background(), page.Entries[0].ID, claimline.ClaimInput{Text: "A claim made elsewhere"})
	if err != nil {
		t.Fatal(err)
	}
	if p3 := h.timelinePage(c, path); !strings.Contains(p3.body, fmt.Sprintf(`href="/claims/%d"`, cl.ID)) {
		t.Fatal("a claim added through the store is missing from the next page")
	}

	// A change elsewhere costs a version check, not a new page.
	if _, err := h.st.CreateTimeline(context.Background(), claimline.TimelineInput{Title: "Other", Slug: "other"}); err != nil {
		t.Fatal(err)
	}
	if p4 := h.timelinePage(c, path); p4.statements == 0 {
		t.Error("after a commit the page was served unchecked")
	}
	// The look for other processes' commits, due again after
	// ExternalCheckEvery, does not count the store's own commit a second
	// time: the session and the page, checked after it, are not re-read.
	time.Sleep(store.ExternalCheckEvery + 10*time.Millisecond)
	if p5 := h.timelinePage(c, path); p5.statements != 0 {
		t.Errorf("a page confirmed current after the store's own commit took %d statements a look later", p5.statements)
	}
}

// Disabling a user ends their session at once, even while their page and
// their session are held in memory.
func TestPageCacheDisabledUserGetsNoPage(t *testing.T) {
	h := newHarness(t)
	slug := seedTimeline(t, h, 5)
	path := "/timelines/" + slug
	admin := h.signedIn(h.user("root", claimline.RoleAdmin))
	vera := h.user("vera", claimline.RoleViewer)
	c := h.signedIn(vera)
	h.timelinePage(c, path)
	if p := h.timelinePage(c, path); p.statements != 0 {
		t.Fatalf("the page was not served from memory (%d statements)", p.statements)
	}
	r := admin.post(fmt.Sprintf("/admin/users/%d", vera.ID), form("role", "viewer", "disabled", "1", "revision", "1"))
	wantStatus(t, r, http.StatusSeeOther)
	r = c.get(path)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("a disabled user's next request: status %d, Location %q", r.StatusCode, r.Header.Get("Location"))
	}
}

// Without the cache, a timeline page takes at most four statements in all
// (the session and the page's three), whatever the timeline's size.
func TestTimelinePageStatements(t *testing.T) {
	skipUnderRace(t)
	for _, n := range []int{100, 2000} {
		h := newHarness(t)
		slug := seedTimeline(t, h, n)
		c := h.signedIn(h.user("vera", claimline.RoleViewer))
		p := h.timelinePage(c, "/timelines/"+slug)
		if p.statements > 4 {
			t.Errorf("%d entries: the first request took %d statements, want at most 4", n, p.statements)
		}
		if !strings.Contains(p.body, "Entry 0 about long-range strikes") {
			t.Errorf("%d entries: the page lacks its first entries", n)
		}
	}
}

// Readers of a page while it changes: no race, and once the writes are done
// every reader sees the last of them.
func TestPageCacheUnderConcurrentWrites(t *testing.T) {
	h := newHarness(t)
	slug := seedTimeline(t, h, 10)
	path := "/timelines/" + slug
	tl, err := h.st.TimelineBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	readers := make([]*client, 4)
	for i := range readers {
		readers[i] = h.signedIn(h.user(fmt.Sprint("reader", i), claimline.RoleViewer))
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range readers {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if r := c.get(path); r.StatusCode != http.StatusOK {
					t.Errorf("status %d", r.StatusCode)
					return
				}
			}
		})
	}
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "writer"})
	for i := range 20 {
		if _, err := h.st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2030-01-01", Kind: "other", Title: fmt.Sprint("Late entry ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	for i, c := range readers {
		if r := c.get(path); !strings.Contains(r.body, "Late entry 19") {
			t.Errorf("reader %d does not see the last entry", i)
		}
	}
}
