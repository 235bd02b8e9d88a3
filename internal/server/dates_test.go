package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
)

// dateText is a source's text with four date marks: a past weekday, an
// ambiguous numeric date, a month named alone, and a weekday in a second
// paragraph.
const dateText = "The union voted on Thursday. Talks resume on 03/04/2024. They may meet in May.\nThe strike began on Friday."

// markForm returns the correction form of the mark whose words are words,
// as the reader shows it, with its hidden fields.
func markForm(t *testing.T, doc *goquery.Document, words string) url.Values {
	t.Helper()
	var f url.Values
	doc.Find("#dates li").Each(func(_ int, li *goquery.Selection) {
		if li.Find("a").First().Text() != "“"+words+"”" {
			return
		}
		f = url.Values{}
		li.Find(`form input[type="hidden"]`).Each(func(_ int, in *goquery.Selection) {
			name, _ := in.Attr("name")
			value, _ := in.Attr("value")
			f.Set(name, value)
		})
	})
	if f == nil {
		t.Fatalf("no correction form for “%s”", words)
	}
	f.Del("_csrf") // each post carries its client's own
	return f
}

// with returns a copy of f with more fields set.
func with(f url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// sideList returns the side list's line for the mark of words.
func sideList(t *testing.T, doc *goquery.Document, words string) string {
	t.Helper()
	line := ""
	doc.Find("#dates li").Each(func(_ int, li *goquery.Selection) {
		if li.Find("a").First().Text() == "“"+words+"”" {
			line = strings.Join(strings.Fields(li.Clone().Find("details").Remove().End().Text()), " ")
		}
	})
	return line
}

// TestCorrectDateMarks corrects the date marks of a source through the
// real server over a SQLite file: another date, a reading of an ambiguous
// date, "not a date", undo; refusals with their reasons; the role and CSRF
// checks; the history; and the entry drafted from a passage using the
// corrections.
func TestCorrectDateMarks(t *testing.T) {
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	c := h.signedIn(ed)
	ctx := claimline.NewContextWithUser(context.Background(), ed)
	if _, err := h.st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Strikes", Slug: "strikes"}); err != nil {
		t.Fatal(err)
	}
	src, _, err := h.st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Strike talks", Text: dateText, Published: "2024-09-13"}})
	if err != nil {
		t.Fatal(err)
	}
	path := "/sources/" + strconv.FormatInt(src.ID, 10)
	reader := func() *goquery.Document {
		t.Helper()
		r := c.get(path)
		wantStatus(t, r, http.StatusOK)
		return r.doc(t)
	}
	doc := reader()
	for words, want := range map[string]string{
		"on Thursday": "→ 12 Sep 2024", "03/04/2024": "→ ambiguous: 4 Mar 2024 or 3 Apr 2024", "May": "→ May 2025", "on Friday": "→ 13 Sep 2024",
	} {
		if got := sideList(t, doc, words); !strings.Contains(got, want) {
			t.Errorf("side list for “%s”: %q, want %q", words, got, want)
		}
	}
	thursday, ambiguous, may := markForm(t, doc, "on Thursday"), markForm(t, doc, "03/04/2024"), markForm(t, doc, "May")

	// Another date.
	r := c.post(path+"/dates", with(thursday, "date", "2024-09-19", "action", "date"))
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != path+"#dates" {
		t.Errorf("redirect to %q", loc)
	}
	doc = reader()
	if got := sideList(t, doc, "on Thursday"); !strings.Contains(got, "→ 19 Sep 2024") || !strings.Contains(got, "corrected by ed") {
		t.Errorf("after correcting: %q", got)
	}
	if flash := doc.Find("#dates .flash").Text(); !strings.Contains(flash, "'on Thursday' now reads 19 Sep 2024.") {
		t.Errorf("flash %q", flash)
	}
	if dt, _ := doc.Find(".reader time.corrected").Attr("datetime"); dt != "2024-09-19" {
		t.Errorf("the mark in the text has datetime %q", dt)
	}

	// A reading of the ambiguous date, and "not a date" ("They may meet in
	// May" speaks of the May ahead).
	wantStatus(t, c.post(path+"/dates", with(ambiguous, "pick", "2024-04-03")), http.StatusSeeOther)
	wantStatus(t, c.post(path+"/dates", with(may, "action", "not-a-date")), http.StatusSeeOther)
	doc = reader()
	if got := sideList(t, doc, "03/04/2024"); !strings.Contains(got, "→ 3 Apr 2024") {
		t.Errorf("chosen reading: %q", got)
	}
	if got := sideList(t, doc, "May"); !strings.Contains(got, "→ not a date") {
		t.Errorf("not a date: %q", got)
	}
	doc.Find(".reader time").Each(func(_ int, tm *goquery.Selection) {
		if tm.Text() == "May" {
			t.Error("words that are not a date are still marked in the text")
		}
	})

	// The entry drafted from a passage takes the corrections: "May" is
	// passed over for the chosen reading before it.
	draft := func(passage string) string {
		t.Helper()
		r := c.get(path + "/new-entry?passage=" + url.QueryEscape(passage))
		wantStatus(t, r, http.StatusOK)
		v, _ := r.doc(t).Find("input#date").Attr("value")
		return v
	}
	if got := draft("The union voted on Thursday."); got != "2024-09-19" {
		t.Errorf("draft from the corrected weekday: date %q", got)
	}
	if got := draft("They may meet in May."); got != "2024-04-03" {
		t.Errorf("draft past the mark that is not a date: date %q", got)
	}

	// Refusals: each names its reason, changes nothing and keeps what was typed.
	before := h.historyCount()
	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"impossible date", with(thursday, "date", "31 Feb 2024", "action", "date"), http.StatusUnprocessableEntity, "February 2024 has only 29 days"},
		{"no date typed", with(thursday, "date", "", "action", "date"), http.StatusUnprocessableEntity, "Type the date “on Thursday” stands for"},
		{"no mark there", with(thursday, "start", "4", "end", "9", "date", "2024"), http.StatusUnprocessableEntity, "There is no date mark at that place"},
		{"text changed since", with(thursday, "version", "7", "date", "2024"), http.StatusConflict, "changed (it is now version 1)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := c.post(path+"/dates", tt.form)
			wantStatus(t, r, tt.status)
			if !strings.Contains(r.body, tt.want) {
				t.Errorf("no %q in the page", tt.want)
			}
			if tt.status == http.StatusUnprocessableEntity && tt.form.Get("start") == thursday.Get("start") {
				d := r.doc(t)
				in := d.Find(`#dates details[open] input[name="date"]`)
				if v, _ := in.Attr("value"); in.Length() != 1 || v != tt.form.Get("date") {
					t.Errorf("the form came back with %d open inputs, value %q", in.Length(), v)
				}
			}
		})
	}
	if h.historyCount() != before {
		t.Error("a refused correction changed the data")
	}

	// Viewers may not correct; nor may a form without its CSRF token.
	viewer := h.signedIn(h.user("vi", claimline.RoleViewer))
	before = h.historyCount() // a new user is in history too
	wantStatus(t, viewer.post(path+"/dates", with(thursday, "date", "2024-01-01")), http.StatusForbidden)
	noToken := c.do(http.MethodPost, path+"/dates", with(thursday, "date", "2024-01-01"))
	if noToken.StatusCode != http.StatusForbidden {
		t.Errorf("without a CSRF token: status %d", noToken.StatusCode)
	}
	if h.historyCount() != before {
		t.Error("a refused request changed the data")
	}

	// History records each correction, before and after.
	hist := strings.Join(strings.Fields(reader().Find("section").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find("h2").First().Text() == "History"
	}).Text()), " ")
	for _, want := range []string{"date of “on Thursday”", "12 Sep 2024 (as read)", "19 Sep 2024 (corrected)", "4 Mar 2024 or 3 Apr 2024 (as read)",
		"not a date (corrected)"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}

	// Undo: the reader's own reading again, in the side list and the draft.
	wantStatus(t, c.post(path+"/dates", with(markForm(t, reader(), "on Thursday"), "action", "reset")), http.StatusSeeOther)
	if got := sideList(t, reader(), "on Thursday"); !strings.Contains(got, "→ 12 Sep 2024") || strings.Contains(got, "corrected") {
		t.Errorf("after undo: %q", got)
	}
	if got := draft("The union voted on Thursday."); got != "2024-09-12" {
		t.Errorf("draft after undo: date %q", got)
	}

	// A correction belongs to its version of the text: a new version is
	// read afresh.
	if _, _, err := h.st.AddVersion(ctx, src.ID, claimline.NewVersion{Text: dateText + "\nUpdated."}); err != nil {
		t.Fatal(err)
	}
	if got := sideList(t, reader(), "03/04/2024"); !strings.Contains(got, "ambiguous") {
		t.Errorf("the new version carries the old version's correction: %q", got)
	}
	if cs, err := h.st.DateCorrections(context.Background(), src.ID, 1); err != nil || len(cs) != 2 {
		t.Errorf("version 1 keeps %d corrections (%v), want 2", len(cs), err)
	}
}
