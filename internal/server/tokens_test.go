package server_test

import (
	"net/http"
	"strings"
	"testing"

	"claimline/internal/claimline"
)

// A user makes a token on their account page: the secret is on that one
// answer, works in the API, is never shown again, and stops working when
// revoked. A refused form comes back filled in.
func TestTokensPage(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ann", claimline.RoleEditor))
	r := c.post("/account/tokens", form("name", "nightly import", "expires", "30d"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if doc := r.doc(t); doc.Find("#name").AttrOr("value", "") != "nightly import" || !strings.Contains(doc.Find("#err-scopes").Text(), "at least one scope") {
		t.Errorf("the refused form: name %q, scopes error %q", doc.Find("#name").AttrOr("value", ""), doc.Find("#err-scopes").Text())
	}
	r = c.post("/account/tokens", form("name", "nightly import", "scope", "timelines:read", "scope", "claims:write", "expires", "30d"))
	wantStatus(t, r, http.StatusOK)
	secret := r.doc(t).Find("#secret").AttrOr("value", "")
	if !strings.HasPrefix(secret, "cl_") {
		t.Fatalf("no secret shown: %q", secret)
	}
	api := func(tok string) int {
		req, _ := http.NewRequest("GET", h.ts.URL+"/api/v1/timelines", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := api(secret); got != http.StatusOK {
		t.Errorf("the new token in the API: %d", got)
	}
	if note := r.doc(t).Find("#scope-note"); note.Length() != 0 {
		t.Errorf("a note on scopes the role allows: %q", note.Text())
	}
	// A scope the role never allows is made, and said so, as on the
	// command line.
	bo := h.signedIn(h.user("bo", claimline.RoleEditor))
	made := bo.post("/account/tokens", form("name", "ops", "scope", "admin", "expires", "7d"))
	wantStatus(t, made, http.StatusOK)
	if note := made.doc(t).Find("#scope-note").Text(); !strings.Contains(note, "the admin scope needs an admin, and the token's user is an editor") {
		t.Errorf("the note on the admin scope: %q", note)
	}
	page := c.get("/account/tokens")
	wantStatus(t, page, http.StatusOK)
	if strings.Contains(page.body, secret) {
		t.Error("the secret is shown again")
	}
	doc := page.doc(t)
	row := doc.Find("table.tokens tbody tr")
	if row.Length() != 1 || !strings.Contains(row.Text(), "nightly import") || !strings.Contains(row.Text(), "timelines:read claims:write") ||
		!strings.Contains(row.Text(), secret[len(secret)-4:]) {
		t.Errorf("the list: %q", row.Text())
	}
	// Another user cannot revoke it; its owner can, and then it is dead.
	other := h.signedIn(h.user("bob", claimline.RoleEditor))
	action, _ := row.Find("form").Attr("action")
	other.get("/account/tokens")
	wantStatus(t, other.post(action, form()), http.StatusNotFound)
	if got := api(secret); got != http.StatusOK {
		t.Errorf("after another's try to revoke: %d", got)
	}
	wantStatus(t, c.post(action, form()), http.StatusSeeOther)
	if got := api(secret); got != http.StatusUnauthorized {
		t.Errorf("the revoked token in the API: %d, want 401", got)
	}
}
