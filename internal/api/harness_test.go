package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"claimline/internal/api"
	"claimline/internal/app"
	"claimline/internal/auth"
	"claimline/internal/claimline"
	"claimline/internal/server"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

// fixture is the real server over a real database file, with a clock the
// test moves, and every API answer checked against the contract.
type fixture struct {
	t    testing.TB
	st   *store.Store
	path string // the database file
	app  *app.App
	ts   *httptest.Server
	doc  *openapi3.T

	mu  sync.Mutex
	now time.Time
}

// TestMain runs the API's tests on SQLite and, when the environment names a
// PostgreSQL server, again on PostgreSQL.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{t: t, now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	var err error
	if f.doc, err = api.LoadContract(); err != nil {
		t.Fatal(err)
	}
	f.path = storetest.Addr(t)
	if f.st, err = store.Open(context.Background(), f.path, store.WithClock(f.clock)); err != nil {
		t.Fatal(err)
	}
	f.app = app.New(f.st, app.Config{Now: f.clock, Hasher: auth.NewHasher(1)})
	srv, err := server.New(server.Config{Logger: slog.New(slog.DiscardHandler)}, f.app)
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() { f.ts.Close(); f.st.Close() })
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// as is a context acting as u, for seeding data.
func as(u *claimline.User) context.Context {
	return claimline.NewContextWithUser(context.Background(), u)
}

func (f *fixture) user(name string, role claimline.Role) *claimline.User {
	f.t.Helper()
	u, err := f.st.CreateUser(context.Background(), name, role, "$argon2id$unused")
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// token makes a token for u with these scopes, living a day.
func (f *fixture) token(u *claimline.User, scopes ...claimline.Scope) string {
	f.t.Helper()
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	_, secret, err := f.app.Users.CreateToken(context.Background(), u.ID, claimline.TokenInput{Name: "test " + u.Username, Scopes: names, Expires: "1d"})
	if err != nil {
		f.t.Fatal(err)
	}
	return secret
}

// answer is one API response, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("answer %d is not the JSON expected: %v\n%s", a.status, err, a.body)
	}
}

// problem returns the answer's field errors by field.
func (a answer) fields(t testing.TB) map[string]string {
	t.Helper()
	var p api.Problem
	a.json(t, &p)
	out := map[string]string{}
	if p.Errors != nil {
		for _, e := range *p.Errors {
			out[e.Field] = e.Message
		}
	}
	return out
}

// do sends a request to the API (path under /api/v1) with the token, a JSON
// body (or a []byte sent as contentType), and checks the answer against
// the contract before returning it.
func (f *fixture) do(method, path, token string, body any, contentType ...string) answer {
	f.t.Helper()
	var rd io.Reader
	ct := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
		if len(contentType) > 0 {
			ct = contentType[0]
		}
	case string:
		rd = strings.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequest(method, f.ts.URL+api.BasePath+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	f.checkAnswer(req, resp, b)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// checkAnswer fails the test when an answer is not what the contract says
// its route answers: its status, media type and (for JSON) its body.
func (f *fixture) checkAnswer(req *http.Request, resp *http.Response, body []byte) {
	f.t.Helper()
	route, params := f.route(req.Method, strings.TrimPrefix(req.URL.Path, api.BasePath))
	if route == nil {
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
			f.t.Errorf("%s %s is no route of the contract, yet answered %d", req.Method, req.URL.Path, resp.StatusCode)
		}
		return
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	opts := &openapi3filter.Options{IncludeResponseStatus: true}
	if !strings.HasSuffix(mt, "json") {
		opts.ExcludeResponseBody = true
	}
	err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)), Options: opts,
	})
	if err != nil {
		f.t.Errorf("%s %s answered %d against the contract: %v\n%.400s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
}

// route finds the contract's route for a method and a path under BasePath.
func (f *fixture) route(method, path string) (*routers.Route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for p, item := range f.doc.Paths.Map() {
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		want := strings.Split(strings.Trim(p, "/"), "/")
		if len(want) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, w := range want {
			if strings.HasPrefix(w, "{") {
				params[strings.Trim(w, "{}")] = segs[i]
			} else if w != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return &routers.Route{Spec: f.doc, Path: p, PathItem: item, Method: method, Operation: op}, params
		}
	}
	return nil, nil
}

// seed is a timeline with an entry, a source cited by it, and a claim the
// source supports: what most tests read and write.
type seed struct {
	timeline          *claimline.Timeline
	entry             *claimline.Entry
	source            *claimline.Source
	claim             *claimline.Claim
	editor, admin, vw *claimline.User
}

const seedText = "Russian President Vladimir Putin said on Thursday that NATO countries would be at war with Russia if they allowed Ukraine to strike deep into Russian territory with Western long-range missiles."

func (f *fixture) seed() seed {
	f.t.Helper()
	var s seed
	s.admin, s.editor, s.vw = f.user("root", claimline.RoleAdmin), f.user("ed", claimline.RoleEditor), f.user("vic", claimline.RoleViewer)
	ctx := as(s.editor)
	var err error
	if s.timeline, err = f.app.Timelines.Create(ctx, claimline.TimelineInput{Title: "Strikes", Slug: "strikes"}); err != nil {
		f.t.Fatal(err)
	}
	if s.entry, err = f.app.Timelines.CreateEntry(ctx, s.timeline.ID, claimline.EntryInput{Date: "12 Sep 2024", Kind: "statement", Title: "Putin warns NATO", Actors: []string{"Vladimir Putin"}}); err != nil {
		f.t.Fatal(err)
	}
	if s.source, _, err = f.app.Sources.AddText(ctx, claimline.SourceInput{Title: "Putin warns NATO", Outlet: "Wire", Text: seedText}); err != nil {
		f.t.Fatal(err)
	}
	if _, err = f.app.Claims.Cite(ctx, s.entry.ID, s.source.ID, "NATO countries would be at war with Russia"); err != nil {
		f.t.Fatal(err)
	}
	if s.claim, err = f.app.Claims.Create(ctx, s.entry.ID, claimline.ClaimInput{Text: "NATO would be at war with Russia", Claimant: "Vladimir Putin"}); err != nil {
		f.t.Fatal(err)
	}
	if _, err = f.app.Claims.SetStance(ctx, s.claim.ID, claimline.AssessmentInput{SourceID: s.source.ID, Stance: "supports", Quote: "NATO countries would be at war with Russia"}); err != nil {
		f.t.Fatal(err)
	}
	return s
}
