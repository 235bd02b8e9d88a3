package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/server"
)

// The tests of issue 13: one per gap an outside-style probe found.

// Item 1: concurrent guesses cannot slip past the throttle before the first
// failures are recorded: each attempt is counted before its check.
func TestConcurrentGuessesAreThrottled(t *testing.T) {
	h := newHarness(t)
	h.user("ann", claimline.RoleEditor)
	c := h.client()
	tok := c.csrf()
	const guesses = 300
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := make(chan struct{})
	for i := range guesses {
		wg.Go(func() {
			v := form("username", "ann", "password", fmt.Sprintf("wrong guess %d", i), "_csrf", tok)
			req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/login", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			status := 0
			if resp, err := c.http.Do(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				status = resp.StatusCode
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	if statuses[http.StatusUnauthorized] != 5 || statuses[http.StatusTooManyRequests] != guesses-5 {
		t.Errorf("statuses %v: want 5 passwords checked (401) and %d throttled (429)", statuses, guesses-5)
	}
	if n := strings.Count(h.log.String(), "security: login failed"); n != 5 {
		t.Errorf("%d failed checks logged, want 5", n)
	}
}

// Item 2: after sign-in, next leads only to a path on this site.
func TestNextCannotLeaveTheSite(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ann", claimline.RoleViewer))
	for next, want := range map[string]string{
		"/actors":                         "/actors",
		"/timelines/strike-limits?v=1#e2": "/timelines/strike-limits?v=1#e2",
		"/sources/3/edit":                 "/sources/3/edit",
		"/@ann":                           "/@ann",
		"":                                "/",
		"actors":                          "/",
		"//evil.example/":                 "/",
		"///evil.example/":                "/",
		"/\\evil.example/":                "/",
		"\\\\evil.example/":               "/",
		"/\t/evil.example/":               "/",
		"/%09/evil.example/":              "/",
		"/%5cevil.example/":               "/",
		"/%5C%5Cevil.example/":            "/",
		"/%2f/evil.example/":              "/",
		"/%2F%2Fevil.example/":            "/",
		"/.//evil.example/":               "/",
		"/\r\nSet-Cookie: a=b":            "/",
		"/%0d%0aSet-Cookie:%20a=b":        "/",
		"/\x00/evil.example/":             "/",
		"/ /evil.example/":                "/",
		"https://evil.example/":           "/",
		"https:evil.example":              "/",
		"http:/evil.example":              "/",
		"javascript:alert(1)":             "/",
		"JaVaScRiPt:alert(1)":             "/",
		"/／evil.example/":                 "/", // fullwidth solidus
		"/∕evil.example/":                 "/", // division slash
		"/%EF%BC%8F%EF%BC%8Fevil.example": "/",
		"/\u2044\u2044evil.example/":      "/", // fraction slash
	} {
		r := c.get("/login?next=" + url.QueryEscape(next))
		if got := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("next=%q: %d to %q, want 303 to %q", next, r.StatusCode, got, want)
		}
	}
}

// bigUpload is a multipart body holding one file of n bytes, made as it is
// read so that the client never holds it; read counts the bytes taken.
type bigUpload struct {
	io.Reader
	read atomic.Int64
}

const boundary = "claimlineTestBoundary"

func newBigUpload(field string, n int64, csrf string) *bigUpload {
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n" +
		"--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n"
	tail := "\r\n--" + boundary + "--\r\n"
	return &bigUpload{Reader: io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, n), strings.NewReader(tail))}
}

func (b *bigUpload) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	b.read.Add(int64(n))
	return n, err
}

func (b *bigUpload) request(url string, cookies []*http.Cookie) *http.Request {
	req := httptest.NewRequest(http.MethodPost, url, b)
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
	req.ContentLength = -1
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	return req
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// Item 3: an upload is refused by session and role before its body is read,
// and an accepted one streams to disk rather than into memory.
func TestUploadsAreCheckedBeforeTheirBodyIsRead(t *testing.T) {
	h := newHarness(t)
	viewer := h.signedIn(h.user("vic", claimline.RoleViewer))
	editor := h.signedIn(h.user("ed", claimline.RoleEditor))
	srvURL, _ := url.Parse(h.ts.URL)
	const size = 20 << 20
	for _, who := range []struct {
		name string
		c    *client
		want int
	}{{"anonymous", h.client(), http.StatusSeeOther}, {"viewer", viewer, http.StatusForbidden}} {
		for _, path := range []string{"/sources/upload", "/import/preview", "/import"} {
			body := newBigUpload("files", size, "")
			rec := httptest.NewRecorder()
			h.srv.Handler().ServeHTTP(rec, body.request(path, who.c.http.Jar.Cookies(srvURL)))
			if rec.Code != who.want || body.read.Load() != 0 {
				t.Errorf("%s POST %s: %d after reading %d bytes, want %d after none", who.name, path, rec.Code, body.read.Load(), who.want)
			}
		}
	}

	// Eight anonymous uploads at once, over HTTP.
	runtime.GC()
	before := allocated()
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/sources/upload", newBigUpload("files", size, "x"))
			req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			if resp, err := client.Do(req); err == nil {
				resp.Body.Close()
				codes[i] = resp.StatusCode
			}
		})
	}
	wg.Wait()
	grew := allocated() - before
	t.Logf("8 anonymous 20 MiB uploads allocated %.1f MiB", float64(grew)/(1<<20))
	if grew > 30<<20 {
		t.Errorf("8 anonymous 20 MiB uploads allocated %d MiB, want under 30", grew>>20)
	}
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Errorf("anonymous upload %d: status %d, want 303", i, code)
		}
	}

	// An editor's 20 MiB file goes to a temporary file, not into memory;
	// it is then refused as larger than a source may be.
	runtime.GC()
	before = allocated()
	body := newBigUpload("files", size, editor.csrf())
	rec := httptest.NewRecorder()
	h.srv.Handler().ServeHTTP(rec, body.request("/sources/upload", editor.http.Jar.Cookies(srvURL)))
	grew = allocated() - before
	t.Logf("an editor's 20 MiB upload allocated %.1f MiB", float64(grew)/(1<<20))
	if grew > 16<<20 {
		t.Errorf("an editor's 20 MiB upload allocated %d MiB, want under 16 (streamed to disk)", grew>>20)
	}
	if rec.Code != http.StatusUnprocessableEntity || body.read.Load() < size {
		t.Errorf("editor upload: %d after reading %d bytes, want 422 after all of it", rec.Code, body.read.Load())
	}
}

// Item 4: the CSRF token is the session's own, from the form field or the
// header only, renewed at sign-in; a planted cookie does not help; Origin is
// checked when present.
func TestCSRFTokenBelongsToTheSession(t *testing.T) {
	h := newHarness(t)
	h.user("ann", claimline.RoleEditor)
	bob := h.signedIn(h.user("bob", claimline.RoleEditor))
	c := h.client()
	signInToken := c.csrf()
	wantStatus(t, c.login("ann", testPassword), http.StatusSeeOther)
	tok := c.csrf()
	if tok == "" || tok == signInToken {
		t.Fatalf("token after sign-in %q, before %q: want a new one", tok, signInToken)
	}
	n := 0
	try := func(name string, want int, token, query string, header http.Header) {
		t.Helper()
		n++
		v := form("title", fmt.Sprintf("Timeline %d", n))
		if token != "" {
			v.Set("_csrf", token)
		}
		c.Header = header
		before := h.historyCount()
		r := c.do(http.MethodPost, "/timelines"+query, v)
		c.Header = http.Header{}
		if r.StatusCode != want {
			t.Errorf("%s: status %d, want %d", name, r.StatusCode, want)
		}
		if changed := h.historyCount() != before; changed != (want == http.StatusSeeOther) {
			t.Errorf("%s: data changed = %v", name, changed)
		}
	}
	try("the sign-in form's token", http.StatusForbidden, signInToken, "", nil)
	try("the token in the query string", http.StatusForbidden, "", "?_csrf="+url.QueryEscape(tok), nil)
	try("another session's token", http.StatusForbidden, bob.csrf(), "", nil)
	try("a cross-site Origin", http.StatusForbidden, tok, "", http.Header{"Origin": {"http://evil.example"}})
	try("a null Origin", http.StatusForbidden, tok, "", http.Header{"Origin": {"null"}})
	try("Sec-Fetch-Site: same-site", http.StatusForbidden, tok, "", http.Header{"Sec-Fetch-Site": {"same-site"}})
	try("the session's token", http.StatusSeeOther, tok, "", nil)
	try("the token in the header", http.StatusSeeOther, "", "", http.Header{"X-Csrf-Token": {tok}})
	try("this site's Origin", http.StatusSeeOther, tok, "", http.Header{"Origin": {h.ts.URL}, "Sec-Fetch-Site": {"same-origin"}})
	c.setCookie("claimline_csrf", "planted-value")
	try("a planted cookie with a matching field", http.StatusForbidden, "planted-value", "", nil)

	// Under HTTPS the sign-in form's cookie is __Host- prefixed, and an
	// Origin over plain http is another site.
	hs := newHarness(t, func(c *server.Config) { c.HTTPS = true })
	r := hs.client().get("/login")
	var ck *http.Cookie
	for _, k := range r.Cookies() {
		if strings.HasSuffix(k.Name, "claimline_csrf") {
			ck = k
		}
	}
	if ck == nil || ck.Name != "__Host-claimline_csrf" || !ck.Secure || ck.Path != "/" || ck.Domain != "" || !ck.HttpOnly {
		t.Errorf("CSRF cookie under HTTPS = %+v: want __Host-claimline_csrf, Secure, Path=/, no Domain, HttpOnly", ck)
	}
	req, _ := http.NewRequest(http.MethodPost, hs.ts.URL+"/login", strings.NewReader(form("username", "x", "password", "y", "_csrf", ck.Value).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", hs.ts.URL) // http://, while the site is https
	req.AddCookie(ck)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("an http Origin under HTTPS: %v, %v; want 403", resp.StatusCode, err)
	}
}

// Item 5: failing on purpose does not lock the user out elsewhere: the
// right password from an address that has not failed for the account gets
// in, and an address over its limit still lets in an account that signs in
// from it.
func TestFailuresDoNotLockOutOthers(t *testing.T) {
	skipUnderRace(t)
	h := newHarness(t, func(c *server.Config) { c.TrustedProxies = []string{"127.0.0.1"} })
	h.user("ann", claimline.RoleEditor)
	h.user("bob", claimline.RoleEditor)
	from := func(addr string) *client {
		c := h.client()
		c.Header.Set("X-Forwarded-For", addr)
		return c
	}
	office, attacker := "198.51.100.1", "203.0.113.66"
	wantStatus(t, from(office).login("bob", testPassword), http.StatusSeeOther)
	for i := range 5 {
		wantStatus(t, from(attacker).login("ann", fmt.Sprintf("guess %d", i)), http.StatusUnauthorized)
	}
	wantStatus(t, from(attacker).login("ann", testPassword), http.StatusTooManyRequests)
	wantStatus(t, from(office).login("ann", testPassword), http.StatusSeeOther)

	// Someone at the office sprays 50 user names: the office is slowed,
	// but bob, who signs in from there, is not.
	for i := range 50 {
		wantStatus(t, from(office).login(fmt.Sprintf("user%d", i), "wrong password"), http.StatusUnauthorized)
	}
	wantStatus(t, from(office).login("someone", "wrong password"), http.StatusTooManyRequests)
	wantStatus(t, from(office).login("bob", testPassword), http.StatusSeeOther)
}

// Item 6: a password over 1,024 bytes is refused before hashing, at sign-in
// and when set.
func TestOverlongPasswordsAreRefused(t *testing.T) {
	h := newHarness(t)
	admin := h.signedIn(h.user("root", claimline.RoleAdmin))
	h.user("ann", claimline.RoleEditor)
	r := h.client().login("ann", strings.Repeat("x", 5<<20))
	wantStatus(t, r, http.StatusUnauthorized)
	r = admin.post("/admin/users", form("username", "cy", "role", "viewer", "password", strings.Repeat("é", 513)))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if msg := r.doc(t).Find("#err-password").Text(); !strings.Contains(msg, "1024 bytes") {
		t.Errorf("password field message %q", msg)
	}
}

// Item 6: HEAD is answered wherever GET is, with GET's status and headers
// and no body.
func TestHeadOnEveryGetRoute(t *testing.T) {
	f := newFixture(t)
	c := f.as("admin")
	for _, r := range server.Routes(f.srv) {
		if r.Method != http.MethodGet {
			continue
		}
		p := f.path(r.Path)
		get, head := c.get(p), c.do(http.MethodHead, p, nil)
		if head.StatusCode != get.StatusCode || head.body != "" || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q with %d bytes; GET: %d %q", p, head.StatusCode, head.Header.Get("Content-Type"), len(head.body),
				get.StatusCode, get.Header.Get("Content-Type"))
		}
	}
	if r := f.client().do(http.MethodHead, "/", nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous HEAD /: %d, want 303 to sign in", r.StatusCode)
	}
}

// Item 6: the "fetch refused" log line names the address without its user
// name and password.
func TestFetchRefusedLogHidesCredentials(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	for _, u := range []string{"http://alice:s3cret-pw@127.0.0.1/x", "http://alice:s3cret-pw@[::1]:8080/", "http://alice:s3cret-pw bad@example.com/"} {
		wantStatus(t, c.post("/sources/fetch", form("url", u)), http.StatusUnprocessableEntity)
	}
	log := h.log.String()
	if n := strings.Count(log, "security: fetch refused"); n != 3 {
		t.Errorf("%d refused fetches logged, want 3", n)
	}
	if strings.Contains(log, "s3cret") || strings.Contains(log, "alice") {
		t.Errorf("credentials in the log:\n%s", log)
	}
}

// Item 6: X-Forwarded-Proto: https counts only from a configured proxy.
func TestForwardedProtoOnlyFromTrustedProxy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []string
		https   bool
	}{{"no proxy configured", nil, false}, {"another proxy configured", []string{"10.0.0.1"}, false}, {"from the configured proxy", []string{"127.0.0.1"}, true}} {
		h := newHarness(t, func(c *server.Config) { c.TrustedProxies = tc.trusted })
		c := h.client()
		c.Header.Set("X-Forwarded-Proto", "https")
		r := c.get("/login")
		hsts := r.Header.Get("Strict-Transport-Security") != ""
		secure, name := false, ""
		for _, ck := range r.Cookies() {
			if strings.HasSuffix(ck.Name, "claimline_csrf") {
				secure, name = ck.Secure, ck.Name
			}
		}
		if hsts != tc.https || secure != tc.https || (name == "__Host-claimline_csrf") != tc.https {
			t.Errorf("%s: HSTS %v, Secure cookie %v, cookie %q; want HTTPS = %v", tc.name, hsts, secure, name, tc.https)
		}
	}
}

// A paste over the form limit is refused with the limit named and the way
// back to what was typed, on a page that still shows who is signed in;
// nothing is saved.
func TestOversizedFormNamesTheLimit(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	r := c.post("/sources", form("title", "A long report", "text", strings.Repeat("The restrictions remain in effect. ", 200_000)))
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
	d := r.doc(t)
	msg := strings.Join(strings.Fields(d.Find("main").Text()), " ")
	for _, want := range []string{"Nothing was saved", "more than 6 MiB", "at most 5 MiB", "Back button"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal lacks %q: %s", want, msg)
		}
	}
	if d.Find(`form[action="/logout"]`).Length() == 0 {
		t.Error("the refusal's page shows the editor signed out")
	}
	if srcs, _ := h.st.Sources(context.Background()); len(srcs) != 0 {
		t.Errorf("%d sources saved", len(srcs))
	}
	// The sign-in form's refusal names the limit, not sources' texts.
	r = h.client().post("/login", form("username", "ed", "password", strings.Repeat("x", 7<<20)))
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
	if msg := r.doc(t).Find("main").Text(); !strings.Contains(msg, "more than 6 MiB") || strings.Contains(msg, "source") {
		t.Errorf("the sign-in refusal: %q", msg)
	}
}
