package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

// The forms far down the entry and claim pages post to an address with
// their own anchor: a refused form comes back with the browser at the
// form, its error box included, not at the top of a long page where
// nothing says that nothing was saved (on a phone the form is screens
// below).
func TestRefusedFormsOpenWhereTheFormIs(t *testing.T) {
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.app); err != nil {
		t.Fatal(err)
	}
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	for _, f := range []struct {
		page, form string
		bad        []string // a form the server refuses
	}{
		{"/entries/1", "#claim-form", []string{"text", ""}},
		{"/entries/1", "#cite-form", []string{"source", "1", "quote", "words no source of the demo holds"}},
		{"/claims/1", "#assess form", []string{"source", "1", "stance", "supports", "quote", "words no source holds"}},
	} {
		sel := c.get(f.page).doc(t).Find(f.form)
		action, _ := sel.Attr("action")
		path, anchor, ok := strings.Cut(action, "#")
		if sel.Length() != 1 || !ok || anchor == "" {
			t.Errorf("%s %s: action %q has no anchor", f.page, f.form, action)
			continue
		}
		r := c.post(path, form(f.bad...))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		at := r.doc(t).Find("#" + anchor)
		if at.Find(".form-error").Length() != 1 || at.Find(f.form).Length() != 1 {
			t.Errorf("%s: the refusal's error box is not inside #%s with the form", path, anchor)
		}
	}
}

// An unknown address answers 404 with the page's header as the user has
// it: signed in, the menu and the search box, to go on from there.
func TestUnknownAddressKeepsTheHeader(t *testing.T) {
	h := newHarness(t)
	c := h.signedIn(h.user("ed", claimline.RoleEditor))
	r := c.get("/no-such-page")
	wantStatus(t, r, http.StatusNotFound)
	d := r.doc(t)
	if d.Find("form.site-search").Length() != 1 || !strings.Contains(d.Find("header.site").Text(), "ed") {
		t.Errorf("the 404 page has no signed-in header:\n%.400s", d.Find("header").Text())
	}
	if !strings.Contains(d.Find("main").Text(), "no page at this address") {
		t.Errorf("the 404 page says %q", strings.TrimSpace(d.Find("main").Text()))
	}
	if tok, _ := d.Find(`form[action="/logout"] input[name="_csrf"]`).Attr("value"); tok == "" {
		t.Error("the 404 page's sign-out form has no CSRF token")
	}
	wantStatus(t, h.client().get("/no-such-page"), http.StatusNotFound)
}
