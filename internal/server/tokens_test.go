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
