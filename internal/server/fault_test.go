package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// A client that hangs up (a closed tab, a proxy's timeout) is not a server
// error: its request is logged once, at info level, and no error page is
// rendered for no one. The request's context is cancelled before the
// server reads the session, as net/http does when the connection closes.
func TestClientThatHangsUpIsLoggedOnceAsInfo(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("vi", claimline.RoleViewer))
	before := len(h.log.String())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/timelines/some-timeline", nil)
	req.AddCookie(&http.Cookie{Name: "claimline_session", Value: c.cookie("claimline_session")})
	rec := httptest.NewRecorder()
	h.srv.Handler().ServeHTTP(rec, req)

	log := strings.TrimSpace(h.log.String()[before:])
	lines := strings.Split(log, "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "level=INFO") || !strings.Contains(lines[0], "status=499") ||
		!strings.Contains(lines[0], "path=/timelines/some-timeline") {
		t.Errorf("log of a request whose client hung up:\n%s\nwant one info line with status=499", log)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("an error page was rendered for a client that hung up:\n%.300s", rec.Body.String())
	}
}
