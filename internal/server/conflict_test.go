package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
)

// formValues returns what a browser would submit from the form sel of a
// page: text inputs, checked boxes, selected options and text areas,
// hidden fields (the CSRF token and the revision) included.
func formValues(t testing.TB, doc *goquery.Document, sel string) url.Values {
	t.Helper()
	f := doc.Find(sel).First()
	if f.Length() == 0 {
		t.Fatalf("no form %s on the page", sel)
	}
	v := url.Values{}
	f.Find("input[name]").Each(func(_ int, s *goquery.Selection) {
		typ := s.AttrOr("type", "text")
		if (typ == "checkbox" || typ == "radio") && s.AttrOr("checked", "-") == "-" {
			return
		}
		v.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	f.Find("select[name]").Each(func(_ int, s *goquery.Selection) {
		opt := s.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = s.Find("option").First()
		}
		v.Add(s.AttrOr("name", ""), opt.AttrOr("value", ""))
	})
	f.Find("textarea[name]").Each(func(_ int, s *goquery.Selection) {
		v.Add(s.AttrOr("name", ""), s.Text())
	})
	return v
}

// For each kind of object, two people open the edit form; the first saves;
// the second save comes back 409 with both values side by side and saves
// nothing; the first person's change is kept; saving the returned form
// again is the second person's decision, and goes through.
func TestEditConflictPerKind(t *testing.T) {
	f := newFixture(t)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	ctx := t.Context()
	kinds := []struct {
		name, who, edit, form, field, first, second string
		stored                                      func() string
	}{
		{"entry", "editor", "/entries/" + id(f.entryID) + "/edit", `form[action="/entries/` + id(f.entryID) + `"]`, "title", "Putin warns NATO", "Putin warns the West",
			func() string { e, _ := f.st.Entry(ctx, f.entryID); return e.Title }},
		{"claim", "editor", "/claims/" + id(f.claimID), `form[action="/claims/` + id(f.claimID) + `"]`, "text", "NATO would be at war with Russia", "NATO at war",
			func() string { c, _ := f.st.Claim(ctx, f.claimID); return c.Text }},
		{"source", "editor", "/sources/" + id(f.sourceID) + "/edit", `form[action="/sources/` + id(f.sourceID) + `"]`, "title", "Report of the 12th", "Kremlin report",
			func() string { s, _ := f.st.Source(ctx, f.sourceID); return s.Title }},
		{"timeline", "editor", "/timelines/" + f.slug + "/edit", `form[action="/timelines/` + f.slug + `"]`, "title", "Strike limits 2024", "Limits on strikes",
			func() string { tl, _ := f.st.TimelineRef(ctx, f.slug); return tl.Title }},
		{"user", "admin", "/admin/users/" + id(f.users["viewer"].ID), `form[action="/admin/users/` + id(f.users["viewer"].ID) + `"]`, "role", "editor", "admin",
			func() string { u, _ := f.st.User(ctx, f.users["viewer"].ID); return string(u.Role) }},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			ann := f.as(k.who)
			bea := f.signedIn(f.user("bea-"+k.name, claimline.Role(k.who)))
			annForm := formValues(t, ann.get(k.edit).doc(t), k.form)
			f.advance(2 * 60e9)
			page := bea.get(k.edit)
			if got := page.doc(t).Find(".presence").Text(); !strings.Contains(got, k.who+"-user opened this 2 minutes ago") {
				t.Errorf("the second form does not say who else is here: %q", got)
			}
			beaForm := formValues(t, page.doc(t), k.form)
			annForm.Set(k.field, k.first)
			beaForm.Set(k.field, k.second)
			wantStatus(t, ann.post(strings.TrimSuffix(actionOf(t, page.doc(t), k.form), ""), annForm), http.StatusSeeOther)

			r := bea.post(actionOf(t, page.doc(t), k.form), beaForm)
			wantStatus(t, r, http.StatusConflict)
			doc := r.doc(t)
			row := doc.Find(`.conflict tr[data-field="` + k.field + `"]`)
			if !strings.Contains(doc.Find(".conflict").Text(), k.who+"-user") {
				t.Errorf("the conflict does not name who saved: %q", doc.Find(".conflict").Text())
			}
			if yours, theirs := strings.TrimSpace(row.Find(".yours").Text()), strings.TrimSpace(row.Find(".theirs").Text()); !strings.EqualFold(yours, k.second) || !strings.EqualFold(theirs, k.first) {
				t.Errorf("conflict row %q: yours %q, theirs %q; want %q and %q", k.field, yours, theirs, k.second, k.first)
			}
			if got := k.stored(); got != k.first {
				t.Fatalf("after the refused save the %s holds %q, want the first save's %q", k.name, got, k.first)
			}
			again := formValues(t, doc, k.form)
			if again.Get(k.field) != k.second {
				t.Errorf("the returned form holds %q, want the second person's %q", again.Get(k.field), k.second)
			}
			wantStatus(t, bea.post(actionOf(t, doc, k.form), again), http.StatusSeeOther)
			if got := k.stored(); got != k.second {
				t.Errorf("after saving again the %s holds %q, want %q", k.name, got, k.second)
			}
		})
	}
}

// Two people change different fields of one entry: the second save comes
// back (409) showing no field both changed, with the first person's change
// already in the form, so that saving it keeps both. Before, the form held
// the second person's stale copy of that field, listed as a difference,
// and saving it silently undid the first person's change. A date typed
// differently but the same ("12 Sep 2024", "2024-09-12") is no difference.
func TestEditConflictKeepsTheirChangeToAnotherField(t *testing.T) {
	f := newFixture(t)
	path := "/entries/" + strconv.FormatInt(f.entryID, 10)
	ann, bea := f.as("editor"), f.signedIn(f.user("bea", claimline.RoleEditor))
	annForm := formValues(t, ann.get(path+"/edit").doc(t), `form[action="`+path+`"]`)
	beaForm := formValues(t, bea.get(path+"/edit").doc(t), `form[action="`+path+`"]`)
	annForm.Set("description", "Said to reporters in St Petersburg.")
	wantStatus(t, ann.post(path, annForm), http.StatusSeeOther)

	beaForm.Set("title", "Putin warns NATO of war")
	beaForm.Set("date", "12 Sep 2024") // the stored date, typed another way
	r := bea.post(path, beaForm)
	wantStatus(t, r, http.StatusConflict)
	doc := r.doc(t)
	if rows := doc.Find(".conflict tr[data-field]"); rows.Length() != 0 {
		t.Errorf("fields listed as changed by both: %q", rows.Text())
	}
	if box := doc.Find(".conflict").Text(); !strings.Contains(box, "They changed the description") {
		t.Errorf("the conflict does not say their description is kept: %q", box)
	}
	again := formValues(t, doc, `form[action="`+path+`"]`)
	if again.Get("description") != "Said to reporters in St Petersburg." || again.Get("title") != "Putin warns NATO of war" {
		t.Errorf("the returned form holds description %q and title %q, want theirs and yours", again.Get("description"), again.Get("title"))
	}
	wantStatus(t, bea.post(path, again), http.StatusSeeOther)
	e, _ := f.st.Entry(t.Context(), f.entryID)
	if e.Title != "Putin warns NATO of war" || e.Description != "Said to reporters in St Petersburg." {
		t.Errorf("after saving: title %q, description %q; want both changes", e.Title, e.Description)
	}
}

func actionOf(t testing.TB, doc *goquery.Document, sel string) string {
	t.Helper()
	a, ok := doc.Find(sel).First().Attr("action")
	if !ok {
		t.Fatalf("form %s has no action", sel)
	}
	return a
}

// A save without the revision the form was opened from is refused: it
// could overwrite a change nobody saw.
func TestEditWithoutRevisionRefused(t *testing.T) {
	f := newFixture(t)
	ed := f.as("editor")
	path := "/entries/" + strconv.FormatInt(f.entryID, 10)
	r := ed.post(path, form("date", "2024-09-12", "kind", "statement", "title", "Changed"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if e, _ := f.st.Entry(t.Context(), f.entryID); e.Title != "Putin warns" {
		t.Errorf("a save without revision changed the entry to %q", e.Title)
	}
}

// Deleting something that changed since its confirmation page was opened
// asks again, and deletes once confirmed from the new page.
func TestDeleteOfChangedAsksAgain(t *testing.T) {
	f := newFixture(t)
	ann, bea := f.as("editor"), f.signedIn(f.user("bea", claimline.RoleEditor))
	path := "/entries/" + strconv.FormatInt(f.entryID, 10)
	confirm := formValues(t, ann.get(path+"/delete").doc(t), `form[action="`+path+`/delete"]`)
	edit := formValues(t, bea.get(path+"/edit").doc(t), `form[action="`+path+`"]`)
	edit.Set("title", "Putin warns NATO")
	wantStatus(t, bea.post(path, edit), http.StatusSeeOther)

	r := ann.post(path+"/delete", confirm)
	wantStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.doc(t).Find(".conflict").Text(), "bea") {
		t.Errorf("the second confirmation does not say who changed it: %q", r.doc(t).Find(".conflict").Text())
	}
	if _, err := f.st.Entry(t.Context(), f.entryID); err != nil {
		t.Fatalf("the entry was deleted without asking again: %v", err)
	}
	wantStatus(t, ann.post(path+"/delete", formValues(t, r.doc(t), `form[action="`+path+`/delete"]`)), http.StatusSeeOther)
	if _, err := f.st.Entry(t.Context(), f.entryID); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("confirmed again, the entry is still there: %v", err)
	}
}

// An import preview names the rows whose entry changed since the export
// the file came from; unless the user lets them win, they are skipped.
func TestImportPreviewReportsChangedSinceExport(t *testing.T) {
	f := newFixture(t)
	ed, bea := f.as("editor"), f.signedIn(f.user("bea", claimline.RoleEditor))
	file := ed.get("/timelines/" + f.slug + "/export.csv").body
	path := "/entries/" + strconv.FormatInt(f.entryID, 10)
	edit := formValues(t, bea.get(path+"/edit").doc(t), `form[action="`+path+`"]`)
	edit.Set("title", "Changed by bea")
	wantStatus(t, bea.post(path, edit), http.StatusSeeOther)

	r := ed.multipart("/import/preview", "file", map[string][]byte{"t.csv": []byte(file)}, map[string]string{"timeline": f.slug})
	wantStatus(t, r, http.StatusOK)
	changed := r.doc(t).Find("#changed-since-export li")
	if changed.Length() != 1 || !strings.Contains(changed.Text(), "Changed by bea") || !strings.Contains(changed.Text(), "bea") {
		t.Fatalf("changed rows in the preview: %q", changed.Text())
	}
	commit := formValues(t, r.doc(t), "form.import-commit")
	if _, offered := commit["force"]; offered {
		t.Error("the overwrite box is ticked by default")
	}
	commit.Set("action", "import")
	wantStatus(t, ed.post("/import", commit), http.StatusSeeOther)
	if e, _ := f.st.Entry(t.Context(), f.entryID); e.Title != "Changed by bea" {
		t.Errorf("the import overwrote a change made since the export: %q", e.Title)
	}
	r = ed.multipart("/import/preview", "file", map[string][]byte{"t.csv": []byte(file)}, map[string]string{"timeline": f.slug})
	commit = formValues(t, r.doc(t), "form.import-commit")
	commit.Set("action", "import")
	commit.Set("force", "1")
	wantStatus(t, ed.post("/import", commit), http.StatusSeeOther)
	if e, _ := f.st.Entry(t.Context(), f.entryID); e.Title != "Putin warns" {
		t.Errorf("the row the user let win did not: %q", e.Title)
	}
}
