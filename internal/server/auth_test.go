package server_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/server"
	"claimline/internal/store"
	"claimline/internal/store/storetest"
)

func TestLoginRotatesTokenAndLogoutEndsSession(t *testing.T) {
	h := newHarness(t)
	h.user("ann", claimline.RoleEditor)
	c := h.client()
	c.setCookie("claimline_session", "planted-by-an-attacker")
	resp := c.login("ann", testPassword)
	wantStatus(t, resp, http.StatusSeeOther)
	tok := c.cookie("claimline_session")
	if tok == "" || tok == "planted-by-an-attacker" {
		t.Fatalf("session token after login = %q: want a new one", tok)
	}
	var sessionCookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "claimline_session" {
			sessionCookie = ck
		}
	}
	if sessionCookie == nil || !sessionCookie.HttpOnly || sessionCookie.SameSite != http.SameSiteLaxMode || sessionCookie.Secure {
		t.Errorf("session cookie = %+v: want HttpOnly, SameSite=Lax, not Secure over plain HTTP", sessionCookie)
	}
	// Logging in again gives yet another token and ends the previous one.
	c.login("ann", testPassword)
	if c.cookie("claimline_session") == tok {
		t.Error("the token did not change at the second login")
	}
	old := h.client()
	old.setCookie("claimline_session", tok)
	wantStatus(t, old.get("/"), http.StatusSeeOther)

	wantStatus(t, c.get("/"), http.StatusOK)
	current := c.cookie("claimline_session")
	wantStatus(t, c.post("/logout", nil), http.StatusSeeOther)
	replay := h.client()
	replay.setCookie("claimline_session", current)
	if r := replay.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the logged-out token still works: %d", r.StatusCode)
	}
}

func TestLoginRedirectsToNextOnThisSiteOnly(t *testing.T) {
	h := newHarness(t)
	h.user("ann", claimline.RoleEditor)
	for next, want := range map[string]string{"/actors": "/actors", "//evil.example/": "/", "https://evil.example/": "/", "/\\evil": "/"} {
		c := h.client()
		r := c.post("/login", form("username", "ann", "password", testPassword, "next", next))
		if got := r.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}

func TestSessionsExpireIdleAndAbsolute(t *testing.T) {
	h := newHarness(t, func(c *server.Config) { c.IdleTimeout, c.SessionLifetime = 30*time.Minute, 2*time.Hour })
	h.user("ann", claimline.RoleViewer)
	c := h.client()
	c.login("ann", testPassword)
	for i := 0; i < 4; i++ { // active every 25 minutes
		h.advance(25 * time.Minute)
		wantStatus(t, c.get("/"), http.StatusOK)
	}
	h.advance(25 * time.Minute) // 2h05m after login
	wantStatus(t, c.get("/"), http.StatusSeeOther)

	c = h.client()
	c.login("ann", testPassword)
	h.advance(31 * time.Minute)
	wantStatus(t, c.get("/"), http.StatusSeeOther)
}

func TestLoginFailuresLookTheSame(t *testing.T) {
	h := newHarness(t)
	h.user("ann", claimline.RoleEditor)
	unknown := h.client().login("nobody", testPassword)
	wrong := h.client().login("ann", "not the password")
	if unknown.StatusCode != wrong.StatusCode || unknown.StatusCode != http.StatusUnauthorized {
		t.Errorf("statuses %d and %d: want both 401", unknown.StatusCode, wrong.StatusCode)
	}
	msg := func(r response) string { return r.doc(t).Find(".form-error").Text() }
	if msg(unknown) != msg(wrong) || msg(unknown) == "" {
		t.Errorf("messages %q and %q: want one generic message", msg(unknown), msg(wrong))
	}
	if v, _ := wrong.doc(t).Find("#username").Attr("value"); v != "ann" {
		t.Errorf("the typed user name was lost: %q", v)
	}
	if strings.Contains(h.log.String(), "not the password") {
		t.Error("a password reached the log")
	}
	if !strings.Contains(h.log.String(), "security: login failed") {
		t.Error("failed logins are not logged as security events")
	}
}

func TestLoginThrottlePerAccount(t *testing.T) {
	h := newHarness(t)
	h.user("ann", claimline.RoleEditor)
	c := h.client()
	for i := 0; i < 5; i++ {
		wantStatus(t, c.login("ann", "wrong password "+string(rune('a'+i))), http.StatusUnauthorized)
	}
	// Even the right password waits now, from any client.
	r := h.client().login("ANN", testPassword)
	wantStatus(t, r, http.StatusTooManyRequests)
	if !strings.Contains(r.body, "Wait 1 second and") {
		t.Errorf("throttled page does not say how long to wait")
	}
	h.advance(2 * time.Second)
	wantStatus(t, h.client().login("ann", testPassword), http.StatusSeeOther)
}

// The client address comes from the TCP peer: a forged X-Forwarded-For does
// not escape the per-address limit.
func TestLoginThrottlePerAddressIgnoresForwardedFor(t *testing.T) {
	skipUnderRace(t)
	h := newHarness(t)
	for i := 0; i < 50; i++ {
		c := h.client()
		c.Header.Set("X-Forwarded-For", "203.0.113."+strconv.Itoa(i))
		wantStatus(t, c.login("user"+strconv.Itoa(i), "wrong password"), http.StatusUnauthorized)
	}
	c := h.client()
	c.Header.Set("X-Forwarded-For", "198.51.100.7")
	wantStatus(t, c.login("someone-new", "wrong password"), http.StatusTooManyRequests)
}

func TestSetupLinkIsSingleUseAndExpires(t *testing.T) {
	h := newHarness(t)
	link, err := h.srv.OpenSetup(context.Background())
	if err != nil || !strings.HasPrefix(link, "/setup?token=") {
		t.Fatalf("OpenSetup = %q, %v", link, err)
	}
	c := h.client()
	wantStatus(t, c.get(link), http.StatusOK)
	wantStatus(t, c.get("/setup?token=guess"), http.StatusNotFound)
	token := strings.TrimPrefix(link, "/setup?token=")

	r := c.post("/setup", form("token", token, "username", "chief", "password", "password"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if v, _ := r.doc(t).Find("#username").Attr("value"); v != "chief" {
		t.Errorf("typed user name lost: %q", v)
	}
	wantStatus(t, c.post("/setup", form("token", token, "username", "chief", "password", testPassword)), http.StatusSeeOther)
	wantStatus(t, c.get("/"), http.StatusOK) // signed in as the new admin
	u, err := h.st.UserByName(context.Background(), "chief")
	if err != nil || u.Role != claimline.RoleAdmin {
		t.Fatalf("admin = %+v, %v", u, err)
	}
	// Used once: gone, and gone for good even when reopened.
	wantStatus(t, h.client().get(link), http.StatusNotFound)
	wantStatus(t, h.client().post("/setup", form("token", token, "username", "second", "password", testPassword)), http.StatusNotFound)
	if again, _ := h.srv.OpenSetup(context.Background()); again != "" {
		t.Errorf("a setup link opened although an admin exists: %q", again)
	}

	h2 := newHarness(t)
	link, _ = h2.srv.OpenSetup(context.Background())
	h2.advance(31 * time.Minute)
	wantStatus(t, h2.client().get(link), http.StatusNotFound)
}

func TestChangePassword(t *testing.T) {
	h := newHarness(t)
	h.user("ann", claimline.RoleViewer)
	c, other, third := h.client(), h.client(), h.client()
	c.login("ann", testPassword)
	other.login("ann", testPassword)
	third.login("ann", testPassword)

	r := c.post("/account/password", form("current", "wrong", "password", "qwerty123"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	d := r.doc(t)
	if d.Find("#err-current").Length() != 1 || d.Find("#err-password").Length() != 1 {
		t.Errorf("want messages next to both fields:\n%s", d.Find("form").Text())
	}
	// Without logging out others, other sessions stay.
	newPW := "a much longer passphrase of sixty-four characters or so, accepted"
	wantStatus(t, c.post("/account/password", form("current", testPassword, "password", newPW)), http.StatusSeeOther)
	wantStatus(t, other.get("/"), http.StatusOK)
	// With it, they end; this one stays.
	wantStatus(t, c.post("/account/password", form("current", newPW, "password", "third passphrase here", "logout_others", "1")), http.StatusSeeOther)
	wantStatus(t, c.get("/"), http.StatusOK)
	wantStatus(t, other.get("/"), http.StatusSeeOther)
	wantStatus(t, third.get("/"), http.StatusSeeOther)
	wantStatus(t, h.client().login("ann", "third passphrase here"), http.StatusSeeOther)
}

func TestAdminManagesUsers(t *testing.T) {
	h := newHarness(t)
	admin := h.user("root", claimline.RoleAdmin)
	a := h.signedIn(admin)
	r := a.post("/admin/users", form("username", "new user", "role", "editor", "password", "short"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if d := r.doc(t); d.Find("#err-username").Length() != 1 || d.Find("#err-password").Length() != 1 {
		t.Error("want errors next to username and password")
	}
	wantStatus(t, a.post("/admin/users", form("username", "ed", "role", "editor", "password", testPassword)), http.StatusSeeOther)
	ed, err := h.st.UserByName(context.Background(), "ed")
	if err != nil || ed.Role != claimline.RoleEditor {
		t.Fatalf("ed = %+v, %v", ed, err)
	}
	e := h.client()
	wantStatus(t, e.login("ed", testPassword), http.StatusSeeOther)
	wantStatus(t, e.get("/timelines/new"), http.StatusOK)

	// Demote to viewer: the running session loses editing at once.
	wantStatus(t, a.post("/admin/users/"+strconv.FormatInt(ed.ID, 10), form("role", "viewer", "revision", "1")), http.StatusSeeOther)
	wantStatus(t, e.get("/timelines/new"), http.StatusForbidden)
	// Disable: the session ends at once.
	wantStatus(t, a.post("/admin/users/"+strconv.FormatInt(ed.ID, 10), form("role", "viewer", "disabled", "1", "revision", "2")), http.StatusSeeOther)
	wantStatus(t, e.get("/"), http.StatusSeeOther)
	wantStatus(t, h.client().login("ed", testPassword), http.StatusUnauthorized)
	// The last admin cannot demote themselves.
	r = a.post("/admin/users/"+strconv.FormatInt(admin.ID, 10), form("role", "editor", "revision", "1"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "no enabled admin") {
		t.Error("the refusal does not say why")
	}
	for _, ev := range []string{"security: user created", "security: role changed", "security: user disabled changed"} {
		if !strings.Contains(h.log.String(), ev) {
			t.Errorf("log lacks %q", ev)
		}
	}
	// The account's history records each change, without the password.
	r = a.get("/history?type=user&id=" + strconv.FormatInt(ed.ID, 10))
	wantStatus(t, r, http.StatusOK)
	if n := r.doc(t).Find("li.change").Length(); n != 3 {
		t.Errorf("user history has %d changes, want 3", n)
	}
	if strings.Contains(r.body, "argon2") {
		t.Error("a password hash is shown in the history")
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := newHarness(t)
	u := h.user("ann", claimline.RoleViewer)
	for _, path := range []string{"/login", "/", "/nope", "/static/app.css"} {
		c := h.signedIn(u)
		r := c.get(path)
		want := map[string]string{
			"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
		}
		for k, v := range want {
			if got := r.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
		if path != "/static/app.css" && r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control = %q, want no-store", path, r.Header.Get("Cache-Control"))
		}
		if r.Header.Get("Strict-Transport-Security") != "" || r.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: HSTS or CORS header over plain HTTP", path)
		}
		if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " style=") {
			t.Errorf("%s: inline script or style would break the CSP", path)
		}
	}
	hs := newHarness(t, func(c *server.Config) { c.HTTPS = true })
	r := hs.client().get("/login")
	if r.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS with HTTPS configured")
	}
	for _, ck := range r.Cookies() {
		if !ck.Secure {
			t.Errorf("cookie %s is not Secure under HTTPS", ck.Name)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	big := strings.Repeat("x", 7<<20)
	r := c.post("/timelines", form("title", "t", "description", big))
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
}

func TestHealthz(t *testing.T) {
	h := newHarness(t)
	r := h.client().get("/healthz")
	wantStatus(t, r, http.StatusOK)
	h.st.Close()
	wantStatus(t, h.client().get("/healthz"), http.StatusServiceUnavailable)
}

func TestAdminDownloadsABackup(t *testing.T) {
	h := newHarness(t)
	a := h.signedIn(h.user("root", claimline.RoleAdmin))
	wantStatus(t, a.post("/timelines", form("title", "Kept", "slug", "kept")), http.StatusSeeOther)
	users := a.get("/admin/users")
	if storetest.Postgres() {
		// PostgreSQL's backups are its own: the page names the tools
		// instead of offering a download, and the download says so.
		if !strings.Contains(users.body, "pg_dump") || strings.Contains(users.body, `href="/admin/backup"`) {
			t.Errorf("the users page on PostgreSQL does not name pg_dump, or offers a download")
		}
		r := a.get("/admin/backup")
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.body, "pg_dump") {
			t.Errorf("the refused download does not name pg_dump")
		}
		return
	}
	if !strings.Contains(users.body, `href="/admin/backup"`) {
		t.Error("the users page offers no backup")
	}
	r := a.get("/admin/backup")
	wantStatus(t, r, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, `claimline-2026-03-01.db`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	path := filepath.Join(t.TempDir(), "b.db")
	if err := os.WriteFile(path, []byte(r.body), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer st.Close()
	if _, err := st.TimelineBySlug(context.Background(), "kept"); err != nil {
		t.Errorf("the backup lacks the data: %v", err)
	}
	if !strings.Contains(h.log.String(), "security: backup downloaded") {
		t.Error("backups are not logged")
	}
}

// Shutdown before Serve (a signal during start-up) must still stop Serve.
func TestShutdownBeforeServe(t *testing.T) {
	h := newHarness(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if err := h.srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- h.srv.Serve(ln) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after Shutdown: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Serve went on serving after Shutdown")
	}
}
