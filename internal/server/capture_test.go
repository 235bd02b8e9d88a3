package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// The capture page sets up the extension in one click: the download, and a
// token limited to what capture needs, shown once.
func TestCaptureSetUp(t *testing.T) {
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	c := h.signedIn(ed)
	d := c.get("/capture").doc(t)
	if d.Find(`a[href="/capture/extension.zip"]`).Length() != 1 || !strings.HasPrefix(d.Find("#bookmarklet").AttrOr("href", ""), "javascript:") {
		t.Fatal("the capture page offers no download or no bookmarklet")
	}
	r := c.post("/capture/token", nil)
	wantStatus(t, r, http.StatusOK)
	secret := r.doc(t).Find("#secret").AttrOr("value", "")
	if !strings.HasPrefix(secret, "cl_") {
		t.Fatalf("no token shown: %q", secret)
	}
	_, tok, err := h.app.Users.TokenUser(context.Background(), secret)
	if err != nil {
		t.Fatal(err)
	}
	var scopes []string
	for _, s := range tok.Scopes {
		scopes = append(scopes, string(s))
	}
	slices.Sort(scopes)
	if strings.Join(scopes, " ") != "claims:read claims:write sources:read sources:write" || tok.Expires.Sub(h.clock()) > 91*24*3600e9 {
		t.Errorf("the capture token has %v until %v", scopes, tok.Expires)
	}
	if strings.Contains(c.get("/capture").body, secret) {
		t.Error("the token is shown again")
	}

	// The extension, for each browser: small, and asking for no more than
	// it needs; Firefox's copy runs its background as scripts.
	for path, background := range map[string]string{"/capture/extension.zip": "service_worker", "/capture/extension-firefox.zip": "scripts"} {
		r = c.get(path)
		wantStatus(t, r, http.StatusOK)
		if len(r.body) > 100<<10 {
			t.Errorf("%s is %d bytes, over 100 KB", path, len(r.body))
		}
		zr, err := zip.NewReader(bytes.NewReader([]byte(r.body)), int64(len(r.body)))
		if err != nil {
			t.Fatal(err)
		}
		var manifest struct {
			Version     int            `json:"manifest_version"`
			Permissions []string       `json:"permissions"`
			Hosts       []string       `json:"host_permissions"`
			Background  map[string]any `json:"background"`
		}
		f, err := zr.Open("manifest.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.NewDecoder(f).Decode(&manifest); err != nil {
			t.Fatal(err)
		}
		for _, p := range manifest.Permissions {
			if !slices.Contains([]string{"activeTab", "scripting", "storage", "contextMenus"}, p) {
				t.Errorf("%s asks for %q", path, p)
			}
		}
		if _, ok := manifest.Background[background]; manifest.Version != 3 || len(manifest.Hosts) != 0 || !ok || len(manifest.Background) != 1 {
			t.Errorf("%s: manifest version %d, host permissions %v, background %v", path, manifest.Version, manifest.Hosts, manifest.Background)
		}
		if _, err := zr.Open("capture.js"); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// What the bookmarklet's window sends is kept as the API keeps a capture;
// the page's scripts never reach a claimline page, and its HTML is served
// only as a download.
func TestCaptureFromBookmarklet(t *testing.T) {
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	c := h.signedIn(ed)
	wantStatus(t, c.get("/capture/receive"), http.StatusOK)
	page := `<html><head><title>Strikes warning</title><script>document.title = "captured-script-marker"</script></head><body>
<article><h1>Strikes warning</h1><p>Putin said on <em>Thursday</em> that NATO countries would be at war with Russia if Ukraine struck deep inside Russia with Western missiles.</p>
<p>The Kremlin repeated the warning the next day, and Western capitals weighed their answer.</p><img src=x onerror="alert(1)"></article></body></html>`
	// The window sends the page as a file part, the rest as fields.
	r := c.multipart("/capture", "page", map[string][]byte{"page.html": []byte(page)}, map[string]string{"url": "https://news.example/strikes",
		"title": "Strikes warning", "exact": "on Thursday that NATO countries", "prefix": "Putin said ", "suffix": " would be at war"})
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	if !strings.Contains(loc, "?hl=") {
		t.Fatalf("after the capture: %s", loc)
	}
	reader := c.get(loc)
	wantStatus(t, reader, http.StatusOK)
	d := reader.doc(t)
	if mark := d.Find(`mark[data-stance="found"]`).Text(); !strings.Contains(d.Find(".flash").Text(), "new source") || mark != "on Thursday that NATO countries" {
		t.Errorf("the reader after a capture: flash %q, mark %q", d.Find(".flash").Text(), mark)
	}
	if strings.Contains(reader.body, "captured-script-marker") || strings.Contains(reader.body, "onerror") {
		t.Error("the captured page's script reached the reader")
	}
	tray, _ := h.app.Sources.Tray(claimline.NewContextWithUser(context.Background(), ed))
	if len(tray) != 1 || tray[0].Quote != "on Thursday that NATO countries" {
		t.Errorf("tray %+v", tray)
	}
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/sources/")
	orig := c.get("/sources/" + id + "/original")
	if !strings.HasPrefix(orig.Header.Get("Content-Disposition"), "attachment") || orig.Header.Get("Content-Type") == "text/html" {
		t.Errorf("the original is served as %q, %q", orig.Header.Get("Content-Type"), orig.Header.Get("Content-Disposition"))
	}
	// Refusals come back with the reason, and keep nothing.
	before, _ := h.app.Sources.List(context.Background())
	r = c.post("/capture", form("url", "https://news.example/empty", "html", "<html><body><script>var x;</script></body></html>"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.doc(t).Find(".form-error").Text(), "no readable text") {
		t.Errorf("a page with no text: %d %q", r.StatusCode, r.doc(t).Find(".form-error").Text())
	}
	r = c.multipart("/capture", "page", map[string][]byte{"page.html": bytes.Repeat([]byte("<p>word</p>"), claimline.MaxCapture/11+1)}, map[string]string{"url": "https://news.example/huge"})
	if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "10 MiB") {
		t.Errorf("a page over 10 MiB: %d", r.StatusCode)
	}
	if after, _ := h.app.Sources.List(context.Background()); len(after) != len(before) {
		t.Error("a refused capture kept a source")
	}
}
