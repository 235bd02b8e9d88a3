package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/crypto/argon2"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/internal/server"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

const testPassword = "river otter lantern"

// One hash for every test user, with argon2id's cheapest parameters: the
// verifier reads the parameters from each hash (as it must for hashes made
// with older ones), so signing in runs the real check in microseconds
// instead of the tens of milliseconds, or seconds under -race, that the
// production parameters deliberately cost. Passwords set through the pages
// are hashed with the production parameters.
var testHash = sync.OnceValue(func() string {
	salt := []byte("claimline-tests!")
	const m, t, p = 8, 1, 1 // KiB, passes, lanes: argon2's minimum
	key := argon2.IDKey([]byte(testPassword), salt, t, m, p, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, m, t, p, b64.EncodeToString(salt), b64.EncodeToString(key))
})

// harness is a real server over a real database file, with a clock the
// test moves. st is the store beneath the application, for tests to set up
// and check data directly.
type harness struct {
	t   testing.TB
	st  *store.Store
	app *app.App
	srv *server.Server
	ts  *httptest.Server
	log *logBuffer

	mu  sync.Mutex
	now time.Time
}

// TestMain runs the server's tests on SQLite and, when the environment
// names a PostgreSQL server, again on PostgreSQL; the browser flows test the
// pages, which the engine does not change, and run once.
func TestMain(m *testing.M) {
	os.Exit(storetest.Main(m, storetest.OnceOnSQLite("^Test(Browser|Extension)")))
}

func newHarness(t testing.TB, cfgs ...func(*server.Config)) *harness {
	t.Helper()
	return harnessAt(t, storetest.Addr(t), app.Config{}, cfgs...)
}

// harnessAt is a harness over the database at path (or address), its application built
// from acfg with the harness's clock.
func harnessAt(t testing.TB, path string, acfg app.Config, cfgs ...func(*server.Config)) *harness {
	t.Helper()
	h := &harness{t: t, now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), log: &logBuffer{}}
	acfg.Now = h.clock
	st, err := store.Open(context.Background(), path, store.WithClock(h.clock))
	if err != nil {
		t.Fatal(err)
	}
	h.st, h.app = st, app.New(st, acfg)
	cfg := server.Config{Logger: slog.New(slog.NewTextHandler(h.log, nil))}
	for _, f := range cfgs {
		f(&cfg)
	}
	if h.srv, err = server.New(cfg, h.app); err != nil {
		t.Fatal(err)
	}
	h.ts = httptest.NewServer(h.srv.Handler())
	t.Cleanup(func() { h.ts.Close(); st.Close() })
	return h
}

// logBuffer collects the server's log; the server writes it from its own
// goroutines while the test reads it.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

func (h *harness) advance(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = h.now.Add(d)
}

// user creates a user with testPassword.
func (h *harness) user(name string, role claimline.Role) *claimline.User {
	h.t.Helper()
	u, err := h.st.CreateUser(context.Background(), name, role, testHash())
	if err != nil {
		h.t.Fatal(err)
	}
	return u
}

// client is a browser-like HTTP client: a cookie jar, no automatic redirects.
type client struct {
	h    *harness
	http *http.Client
	// Header is sent with every request.
	Header http.Header
	// csrfToken is the token of the forms served to this client while its
	// session cookie was csrfSession.
	csrfToken, csrfSession string
}

func (h *harness) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{h: h, Header: http.Header{}, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signedIn returns a client with a session for u, made directly in the store.
func (h *harness) signedIn(u *claimline.User) *client {
	c := h.client()
	tok, err := h.st.CreateSession(context.Background(), u.ID, claimline.SessionLimits{Idle: time.Hour, Absolute: time.Hour})
	if err != nil {
		h.t.Fatal(err)
	}
	c.setCookie("claimline_session", tok)
	return c
}

func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.h.ts.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.h.ts.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	body string
}

func (r response) doc(t testing.TB) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (c *client) do(method, path string, form url.Values) response {
	c.h.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.h.ts.URL+path, body)
	if err != nil {
		c.h.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp, string(b)}
}

func (c *client) get(path string) response { return c.do(http.MethodGet, path, nil) }

// csrf returns the CSRF token that the client's forms carry, as a page
// shows it: the session's once signed in, the sign-in form's before.
func (c *client) csrf() string {
	c.h.t.Helper()
	sess := c.cookie("claimline_session")
	if c.csrfToken != "" && c.csrfSession == sess {
		return c.csrfToken
	}
	find := func(path string) string {
		tok, _ := c.get(path).doc(c.h.t).Find(`input[name="_csrf"]`).First().Attr("value")
		return tok
	}
	tok := ""
	if sess != "" {
		tok = find("/account")
	}
	if tok == "" { // signed out, or the session has ended
		tok = find("/login")
	}
	c.csrfToken, c.csrfSession = tok, c.cookie("claimline_session")
	return tok
}

// post submits a form with the CSRF token, as the page's form would.
func (c *client) post(path string, form url.Values) response {
	c.h.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" {
		form.Set("_csrf", c.csrf())
	}
	return c.do(http.MethodPost, path, form)
}

func (c *client) login(name, password string) response {
	return c.post("/login", url.Values{"username": {name}, "password": {password}})
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func wantStatus(t testing.TB, r response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%.600s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, r.body)
	}
}

// historyCount counts every recorded change: a request that was refused
// must not add one.
func (h *harness) historyCount() int {
	cs, err := h.st.Changes(context.Background(), claimline.ChangeFilter{Limit: 100000})
	if err != nil {
		h.t.Fatal(err)
	}
	return len(cs)
}

// upload posts files as the multipart form field "files", with the CSRF token.
func (c *client) upload(path string, files map[string][]byte) response {
	return c.multipart(path, "files", files, nil)
}

// multipart posts files under one field name, plus plain fields and the
// CSRF token, as a multipart form.
func (c *client) multipart(path, field string, files map[string][]byte, fields map[string]string) response {
	c.h.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf())
	for k, v := range fields {
		w.WriteField(k, v)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fw, _ := w.CreateFormFile(field, n)
		fw.Write(files[n])
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.h.ts.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp, string(b)}
}

// seedFiles returns the five seed articles by file name.
func seedFiles(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range demo.ArticleFiles() {
		b, err := demo.Articles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimPrefix(name, "articles/")] = b
	}
	return out
}

// skipUnderRace skips a test in the -race pass of CI: one that makes its
// requests one after another and measures behaviour (throttles, paging,
// statements per page, effort, suggestions), often through argon2, which
// the race detector slows tenfold and can find nothing in that the
// concurrent tests do not exercise. It runs in the plain pass.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("sequential and CPU-bound: runs once, in the plain pass")
	}
}
