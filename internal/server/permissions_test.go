package server_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"claimline/internal/api"
	"claimline/internal/claimline"
	"claimline/internal/server"
	"claimline/internal/store/storetest"
)

// fixture is a database with one timeline, entry and actor, and one user
// of each role.
type fixture struct {
	*harness
	gone                         int // disabled users made so far
	users                        map[string]*claimline.User
	slug                         string
	entryID, actorID, timelineID int64
	sourceID, claimID            int64
	citationID, assessmentID     int64
	noteID                       int64 // written by the viewer
}

func newFixture(t testing.TB) *fixture {
	h := newHarness(t)
	f := &fixture{harness: h, users: map[string]*claimline.User{}}
	for _, r := range claimline.Roles {
		f.users[string(r)] = h.user(string(r)+"-user", r)
	}
	ctx := claimline.NewContextWithUser(context.Background(), f.users["editor"])
	tl, err := h.st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Strike limits", Slug: "strike-limits"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns", Actors: []string{"Vladimir Putin"}})
	if err != nil {
		t.Fatal(err)
	}
	f.slug, f.timelineID, f.entryID, f.actorID = tl.Slug, tl.ID, e.ID, e.Actors[0].ID
	src, _, err := h.st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Report", Text: "Putin said NATO would be at war with Russia."},
		Original: []byte("<p>Putin said NATO would be at war with Russia.</p>"), OriginalType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	cit, err := h.st.AddCitation(ctx, e.ID, src.ID, "at war with Russia")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := h.st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "NATO would be at war", Claimant: "Vladimir Putin"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := h.st.SetAssessment(ctx, cl.ID, claimline.AssessmentInput{SourceID: src.ID, Stance: "supports", Quote: "NATO would be at war"})
	if err != nil {
		t.Fatal(err)
	}
	f.sourceID, f.claimID, f.citationID, f.assessmentID = src.ID, cl.ID, cit.ID, a.ID
	n, err := h.st.AddNote(claimline.NewContextWithUser(context.Background(), f.users["viewer"]), e.ID, 0, claimline.NoteInput{Text: "Which broadcast?"})
	if err != nil {
		t.Fatal(err)
	}
	f.noteID = n.ID
	return f
}

// as returns a client signed in as who ("anonymous" for none). The
// disabled user signs in, then is disabled, as happens to a live session.
func (f *fixture) as(who string) *client {
	switch who {
	case "anonymous":
		return f.client()
	case "disabled":
		// A new user each time, so that every request meets a user who was
		// disabled while signed in, even on a fixture that requests share.
		f.gone++
		u := f.user("gone-"+strconv.Itoa(f.gone), claimline.RoleEditor)
		c := f.signedIn(u)
		if _, err := f.st.UpdateUser(context.Background(), u.ID, 0, claimline.RoleEditor, true); err != nil {
			f.t.Fatal(err)
		}
		return c
	}
	return f.signedIn(f.users[who])
}

// route is one row of the permission matrix: the least role allowed and the
// status an allowed user gets (for posts, with an empty form).
type route struct {
	method, pattern string
	min             claimline.Role
	allowed         int
}

// byRole overrides a route's allowed status for some roles: a note is
// changed by its author only (the fixture's note is the viewer's) and
// deleted by its author or an admin.
var byRole = map[string]map[string]int{
	"GET /notes/:id/edit":    {"editor": 403, "admin": 403},
	"POST /notes/:id":        {"editor": 403, "admin": 403},
	"POST /notes/:id/delete": {"editor": 403},
}

var protected = []route{
	{"GET", "/", claimline.RoleViewer, 200},
	{"GET", "/timelines", claimline.RoleViewer, 200},
	{"POST", "/logout", claimline.RoleViewer, 303},
	{"GET", "/account", claimline.RoleViewer, 200},
	{"POST", "/account/password", claimline.RoleViewer, 422},
	{"GET", "/account/tokens", claimline.RoleViewer, 200},
	{"POST", "/account/tokens", claimline.RoleViewer, 422},
	{"POST", "/account/tokens/:id/revoke", claimline.RoleViewer, 404}, // no such token of the user's
	{"GET", "/timelines/new", claimline.RoleEditor, 200},
	{"POST", "/timelines", claimline.RoleEditor, 422},
	{"GET", "/timelines/:slug", claimline.RoleViewer, 200},
	{"GET", "/timelines/:slug/edit", claimline.RoleEditor, 200},
	{"POST", "/timelines/:slug", claimline.RoleEditor, 422},
	{"GET", "/timelines/:slug/delete", claimline.RoleEditor, 200},
	{"POST", "/timelines/:slug/delete", claimline.RoleEditor, 303},
	{"GET", "/timelines/:slug/history", claimline.RoleViewer, 200},
	{"GET", "/timelines/:slug/entries/new", claimline.RoleEditor, 200},
	{"POST", "/timelines/:slug/entries", claimline.RoleEditor, 422},
	{"GET", "/entries/:id", claimline.RoleViewer, 200},
	{"GET", "/entries/:id/edit", claimline.RoleEditor, 200},
	{"POST", "/entries/:id", claimline.RoleEditor, 422},
	{"GET", "/entries/:id/delete", claimline.RoleEditor, 200},
	{"POST", "/entries/:id/delete", claimline.RoleEditor, 303},
	{"GET", "/entries/:id/history", claimline.RoleViewer, 200},
	{"POST", "/entries/:id/citations", claimline.RoleEditor, 422},
	{"POST", "/citations/:id/delete", claimline.RoleEditor, 303},
	{"POST", "/entries/:id/claims", claimline.RoleEditor, 422},
	{"GET", "/claims/:id", claimline.RoleViewer, 200},
	{"POST", "/claims/:id", claimline.RoleEditor, 422},
	{"POST", "/claims/:id/delete", claimline.RoleEditor, 303},
	{"POST", "/claims/:id/assessments", claimline.RoleEditor, 422},
	{"POST", "/claims/:id/suggestions/dismiss", claimline.RoleEditor, 422},
	{"POST", "/assessments/:id/delete", claimline.RoleEditor, 303},
	{"GET", "/timelines/:slug/matrix", claimline.RoleViewer, 200},
	{"GET", "/timelines/:slug/export.csv", claimline.RoleViewer, 200},
	{"GET", "/timelines/:slug/claims.csv", claimline.RoleViewer, 200},
	{"GET", "/timelines/:slug/export.json", claimline.RoleViewer, 200},
	{"GET", "/timelines/:slug/timelinejs.json", claimline.RoleViewer, 200},
	{"GET", "/import", claimline.RoleEditor, 200},
	{"POST", "/import/preview", claimline.RoleEditor, 422},
	{"POST", "/import", claimline.RoleEditor, 422},
	{"GET", "/sources", claimline.RoleViewer, 200},
	{"GET", "/sources/new", claimline.RoleEditor, 200},
	{"POST", "/sources", claimline.RoleEditor, 422},
	{"POST", "/sources/upload", claimline.RoleEditor, 422},
	{"POST", "/sources/fetch", claimline.RoleEditor, 422},
	{"GET", "/sources/:id", claimline.RoleViewer, 200},
	{"GET", "/sources/:id/original", claimline.RoleViewer, 200},
	{"GET", "/sources/:id/history", claimline.RoleViewer, 200},
	{"GET", "/sources/:id/edit", claimline.RoleEditor, 200},
	{"POST", "/sources/:id", claimline.RoleEditor, 422},
	{"GET", "/sources/:id/delete", claimline.RoleEditor, 200},
	{"POST", "/sources/:id/delete", claimline.RoleEditor, 303},
	{"POST", "/sources/:id/dates", claimline.RoleEditor, 422},
	{"GET", "/sources/:id/evidence", claimline.RoleEditor, 200},
	{"POST", "/sources/:id/evidence", claimline.RoleEditor, 422},
	{"GET", "/sources/:id/new-entry", claimline.RoleEditor, 200},
	{"POST", "/sources/:id/new-entry", claimline.RoleEditor, 422},
	{"GET", "/sources/:id/new-claim", claimline.RoleEditor, 200},
	{"POST", "/sources/:id/new-claim", claimline.RoleEditor, 422},
	{"GET", "/clippings", claimline.RoleEditor, 200},
	{"POST", "/clippings/review", claimline.RoleEditor, 200},
	{"POST", "/clippings", claimline.RoleEditor, 303},
	{"POST", "/clippings/add", claimline.RoleEditor, 400},
	{"POST", "/clippings/:id/remove", claimline.RoleEditor, 303},
	{"GET", "/capture", claimline.RoleEditor, 200},
	{"POST", "/capture/token", claimline.RoleEditor, 200},
	{"GET", "/capture/extension.zip", claimline.RoleViewer, 200},
	{"GET", "/capture/extension-firefox.zip", claimline.RoleViewer, 200},
	{"GET", "/capture/receive", claimline.RoleEditor, 200},
	{"POST", "/capture", claimline.RoleEditor, 422},
	{"POST", "/entries/:id/notes", claimline.RoleViewer, 422},
	{"POST", "/claims/:id/notes", claimline.RoleViewer, 422},
	{"GET", "/notes/:id/edit", claimline.RoleViewer, 200},
	{"POST", "/notes/:id", claimline.RoleViewer, 422},
	{"POST", "/notes/:id/delete", claimline.RoleViewer, 303},
	{"GET", "/mentions", claimline.RoleViewer, 200},
	{"POST", "/mentions/read", claimline.RoleViewer, 303},
	{"POST", "/sources/:id/recheck", claimline.RoleEditor, 303}, // no address: a flash says so
	{"POST", "/sources/:id/versions", claimline.RoleEditor, 422},
	{"GET", "/sources/:id/versions/:n", claimline.RoleViewer, 200},
	{"GET", "/sources/:id/diff", claimline.RoleViewer, 200},
	{"GET", "/sources/:id/compare/:other", claimline.RoleViewer, 404}, // the fixture has no copies
	{"GET", "/actors", claimline.RoleViewer, 200},
	{"GET", "/actors/:id", claimline.RoleViewer, 200},
	{"GET", "/history", claimline.RoleViewer, 200},
	{"GET", "/search", claimline.RoleViewer, 200},
	{"GET", "/admin/users", claimline.RoleAdmin, 200},
	{"POST", "/admin/users", claimline.RoleAdmin, 422},
	{"GET", "/admin/users/:id", claimline.RoleAdmin, 200},
	{"POST", "/admin/users/:id", claimline.RoleAdmin, 422},
	{"POST", "/admin/users/:id/password", claimline.RoleAdmin, 422},
	{"GET", "/admin/backup", claimline.RoleAdmin, 200},
}

// public routes answer everyone the same way.
var public = []route{
	{"GET", "/healthz", "", 200},
	{"GET", "/static*", "", 200},
	{"GET", "/login", "", 200},
	{"POST", "/login", "", 401},
	{"GET", "/setup", "", 404},
	{"POST", "/setup", "", 404},
	{"GET", "/help", "", 200},
	{"GET", "/help/:topic", "", 200},
	{"GET", "/api/docs", "", 200},
}

func (f *fixture) path(pattern string) string {
	id := f.entryID
	for prefix, v := range map[string]int64{"/actors/": f.actorID, "/admin/users/": f.users["viewer"].ID, "/sources/": f.sourceID,
		"/claims/": f.claimID, "/citations/": f.citationID, "/assessments/": f.assessmentID, "/notes/": f.noteID} {
		if strings.HasPrefix(pattern, prefix) {
			id = v
		}
	}
	return strings.NewReplacer(":slug", f.slug, ":id", strconv.FormatInt(id, 10), ":n", "1", ":other", "999", "*", "/app.css", ":topic", "getting-started").Replace(pattern)
}

func TestMatrixCoversEveryRoute(t *testing.T) {
	h := newHarness(t)
	listed := map[string]bool{}
	for _, r := range append(append([]route{}, protected...), public...) {
		listed[r.method+" "+r.pattern] = true
	}
	for _, r := range server.Routes(h.srv) {
		if r.Method == "echo_route_not_found" || strings.HasPrefix(r.Path, api.BasePath+"/") {
			continue // the API's routes have their own matrix, of scopes and roles (internal/api)
		}
		if !listed[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is not in the permission matrix", r.Method, r.Path)
		}
	}
}

// TestPermissionMatrix asks every protected route as every kind of user.
// Building a fixture costs a database and a server, so the requests that
// change nothing (every refused one, every GET, every empty form that comes
// back 422) share one fixture per kind of user, one request after another,
// so that the check that a refused request changed nothing sees that
// request alone. An allowed POST that succeeds changes data: it gets a
// fixture of its own. The five groups, and the requests with fixtures of
// their own, run in parallel.
func TestPermissionMatrix(t *testing.T) {
	for _, who := range []string{"anonymous", "disabled", "viewer", "editor", "admin"} {
		t.Run("as "+who, func(t *testing.T) {
			t.Parallel()
			shared := newFixture(t)
			for _, r := range protected {
				t.Run(r.method+" "+r.pattern, func(t *testing.T) {
					f := shared
					if allowed(r, who) && r.method == "POST" && wantAllowed(r, who) < 400 {
						t.Parallel()
						f = newFixture(t)
					}
					checkRoute(t, f, r, who)
				})
			}
		})
	}
}

// allowed reports whether who's role may use route r.
func allowed(r route, who string) bool {
	return who != "anonymous" && who != "disabled" && claimline.Role(who).AtLeast(r.min)
}

// wantAllowed returns the status that who, allowed by role, gets from r.
func wantAllowed(r route, who string) int {
	if r.pattern == "/admin/backup" && storetest.Postgres() {
		return http.StatusConflict // PostgreSQL's own tools make its backups
	}
	if s := byRole[r.method+" "+r.pattern][who]; s != 0 {
		return s
	}
	return r.allowed
}

// checkRoute sends one request to r as who and checks its status, and that
// a request refused by role changed nothing.
func checkRoute(t *testing.T, f *fixture, r route, who string) {
	t.Helper()
	c := f.as(who)
	before := f.historyCount()
	var resp response
	if r.method == "GET" {
		resp = c.get(f.path(r.pattern))
	} else {
		resp = c.post(f.path(r.pattern), nil)
	}
	ok := allowed(r, who)
	switch {
	case who == "anonymous" || who == "disabled":
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("status %d, location %q: want a redirect to /login", resp.StatusCode, resp.Header.Get("Location"))
		}
	case !ok:
		wantStatus(t, resp, http.StatusForbidden)
	default:
		wantStatus(t, resp, wantAllowed(r, who))
	}
	if !ok && f.historyCount() != before {
		t.Errorf("a refused request changed the data")
	}
}

func TestPublicRoutes(t *testing.T) {
	f := newFixture(t)
	for _, r := range public {
		for _, who := range []string{"anonymous", "viewer"} {
			c := f.as(who)
			var resp response
			if r.method == "GET" {
				resp = c.get(f.path(r.pattern))
			} else {
				resp = c.post(f.path(r.pattern), form("username", "nobody", "password", "wrong password"))
			}
			if r.pattern == "/login" && r.method == "GET" && who == "viewer" {
				wantStatus(t, resp, http.StatusSeeOther) // already signed in
				continue
			}
			wantStatus(t, resp, r.allowed)
		}
	}
}

// Every state-changing route refuses a request without a valid CSRF token,
// and one that a browser marks as cross-site, and writes nothing.
func TestCSRF(t *testing.T) {
	f := newFixture(t)
	posts := []route{{"POST", "/login", "", 0}, {"POST", "/setup", "", 0}}
	for _, r := range protected {
		if r.method == "POST" {
			posts = append(posts, r)
		}
	}
	cases := []struct {
		name   string
		token  string
		header string
	}{
		{"no token", "", ""},
		{"wrong token", "forged-token-value-000000000000", ""},
		{"cross-site", "", "cross-site"},
		{"cross-site with token", "valid", "cross-site"},
	}
	for _, r := range posts {
		for _, tc := range cases {
			c := f.as("admin")
			tok := c.csrf()
			if tc.header != "" {
				c.Header.Set("Sec-Fetch-Site", tc.header)
			}
			v := form("username", "admin-user", "password", testPassword, "title", "x", "role", "viewer")
			switch tc.token {
			case "valid":
				v.Set("_csrf", tok)
			case "":
				v.Set("_csrf", "")
			default:
				v.Set("_csrf", tc.token)
			}
			before := f.historyCount()
			resp := c.do("POST", f.path(r.pattern), v)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s (%s): status %d, want 403", r.method, r.pattern, tc.name, resp.StatusCode)
			}
			if f.historyCount() != before {
				t.Errorf("%s %s (%s): data changed", r.method, r.pattern, tc.name)
			}
		}
	}
}

// GET never changes anything, even on routes whose POST does.
func TestGetChangesNothing(t *testing.T) {
	f := newFixture(t)
	c := f.as("admin")
	before := f.historyCount()
	for _, p := range []string{"/timelines/:slug/delete", "/entries/:id/delete", "/logout"} {
		c.get(f.path(p))
	}
	if f.historyCount() != before {
		t.Error("a GET changed data")
	}
	wantStatus(t, c.get("/"), http.StatusOK) // still signed in: GET /logout did nothing
}
