package server_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
	"claimline/internal/demo"
	"claimline/views"
)

// demoClaim loads the demo and returns its claim whose text starts with
// prefix, with its assessments.
func demoClaim(t *testing.T, h *harness, prefix string) *claimline.Claim {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, h.app); err != nil {
		t.Fatal(err)
	}
	claims, err := h.st.AllClaims(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(claims, func(c claimline.Claim) bool { return strings.HasPrefix(c.Text, prefix) })
	if i < 0 {
		t.Fatalf("no demo claim %q", prefix)
	}
	c, err := h.st.Claim(ctx, claims[i].ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// inputValues returns the named inputs of a form.
func inputValues(s *goquery.Selection) url.Values {
	v := url.Values{}
	s.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		val, _ := in.Attr("value")
		v.Set(name, val)
	})
	return v
}

func TestClaimSuggestions(t *testing.T) {
	skipUnderRace(t)
	h := newHarness(t)
	cl := demoClaim(t, h, "Putin made the remarks")
	page := "/claims/" + views.ID(cl.ID)
	editor := h.signedIn(h.user("ed", claimline.RoleEditor))
	r := editor.get(page)
	wantStatus(t, r, http.StatusOK)
	sec := r.doc(t).Find("section#suggestions")
	if !strings.Contains(sec.Find("h2").Text(), "Other sources on this claim") {
		t.Fatalf("no suggestions section:\n%.2000s", r.body)
	}
	items := sec.Find("li[id^=suggestion-]")
	if items.Length() == 0 || items.Length() > claimline.SuggestionsInAll {
		t.Fatalf("%d suggested passages", items.Length())
	}
	if sec.Find("mark").Length() == 0 {
		t.Error("no matching word marked")
	}
	sec.Find("article.suggested-source").Each(func(_ int, a *goquery.Selection) {
		src, _ := a.Attr("data-source")
		for _, ev := range cl.Evidence {
			if src == views.ID(ev.SourceID) {
				t.Errorf("source %s has a stance, yet is suggested", src)
			}
		}
		if n := a.Find("li").Length(); n > claimline.SuggestionsPerSource {
			t.Errorf("source %s: %d passages", src, n)
		}
	})

	// One click saves the passage as the source's stance and comes back.
	first := items.First()
	save := first.Find(`form[action$="/assessments"]`)
	if save.Find(`button[name=stance]`).Length() != 3 {
		t.Fatalf("want three stance buttons, got:\n%s", must(save.Html()))
	}
	// Each passage's buttons are told apart by the passage they act on.
	items.Each(func(_ int, li *goquery.Selection) {
		li.Find("button").Each(func(_ int, b *goquery.Selection) {
			id := b.AttrOr("aria-describedby", "")
			if id == "" || li.Find("#"+id+".suggested-passage").Length() != 1 {
				t.Errorf("button %q of %s is not described by its passage (%q)", b.Text(), li.AttrOr("id", ""), id)
			}
		})
	})
	v := inputValues(save)
	v.Set("stance", "mentions") // the button clicked
	r = editor.post(page+"/assessments", v)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != page+"#suggestions" {
		t.Errorf("saved, then sent to %q", loc)
	}
	after, err := h.st.Claim(context.Background(), cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(after.Evidence, func(a claimline.Assessment) bool { return views.ID(a.SourceID) == v.Get("source") })
	if i < 0 || after.Evidence[i].Quote != v.Get("quote") || after.Evidence[i].Stance != claimline.Mentions || after.Evidence[i].Span.Start < 0 {
		t.Fatalf("the passage was not saved as it stands: %+v", after.Evidence)
	}
	if n := editor.get(page).doc(t).Find(`section#suggestions article[data-source="` + v.Get("source") + `"]`).Length(); n != 0 {
		t.Error("the source is still suggested after its stance was saved")
	}

	// A quote that is not the source's text is refused as usual.
	other := inputValues(editor.get(page).doc(t).Find(`#suggestions form[action$="/assessments"]`).First())
	other.Set("stance", "supports")
	other.Set("quote", "words this source never printed")
	wantStatus(t, editor.post(page+"/assessments", other), http.StatusUnprocessableEntity)

	// "Not relevant" hides the passage, for good.
	doc := editor.get(page).doc(t)
	first = doc.Find("section#suggestions li[id^=suggestion-]").First()
	id, _ := first.Attr("id")
	dismiss := inputValues(first.Find(`form[action$="/suggestions/dismiss"]`))
	r = editor.post(page+"/suggestions/dismiss", dismiss)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != page+"#suggestions" {
		t.Errorf("dismissed, then sent to %q", loc)
	}
	for _, c := range []*client{editor, h.signedIn(h.user("ad", claimline.RoleAdmin))} {
		if c.get(page).doc(t).Find("#"+id).Length() != 0 {
			t.Errorf("dismissed passage %s still shown", id)
		}
	}
	bad := url.Values{"source": {dismiss.Get("source")}, "start": {"1"}, "end": {"2"}}
	wantStatus(t, editor.post(page+"/suggestions/dismiss", bad), http.StatusUnprocessableEntity)

	// Viewers read the suggestions but get no buttons, and cannot post.
	viewer := h.signedIn(h.user("vi", claimline.RoleViewer))
	vs := viewer.get(page).doc(t).Find("section#suggestions")
	if vs.Find("li[id^=suggestion-]").Length() == 0 {
		t.Error("a viewer sees no suggestions")
	}
	if n := vs.Find("form, button").Length(); n != 0 {
		t.Errorf("a viewer sees %d forms or buttons", n)
	}
	dismiss.Del("_csrf")
	wantStatus(t, viewer.post(page+"/suggestions/dismiss", dismiss), http.StatusForbidden)
}

func must(s string, err error) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// An editor widens a suggestion's evidence by a sentence, saves it as a
// stance with one click, without typing it, and is brought back to the
// suggestions, the widened evidence in the evidence table; then hides
// another suggestion.
func TestBrowserSuggestedEvidence(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	cl := demoClaim(t, h, "Putin made the remarks")
	h.user("ed", claimline.RoleEditor)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", h.log.String())
		}
	})
	signIn(t, ctx, h.ts.URL, "ed")
	page := h.ts.URL + "/claims/" + views.ID(cl.ID)
	first := `#suggestions li[id^="suggestion-"]`
	do(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(first))
	// The first suggestion whose evidence can take one more sentence.
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
		for (const li of document.querySelectorAll('`+first+`')) {
			if (Array.from(li.querySelectorAll(".evidence-size a")).some(a => a.textContent.startsWith("Add the sentence"))) return li.id;
		}
		return "";
	})()`))
	if err != nil || id == "" {
		t.Fatalf("no suggestion to widen (%v)", err)
	}
	li := "#" + id
	before := texts(t, ctx, li+` blockquote .evidence`)[0]
	do(t, ctx, chromedp.Click(`//li[@id="`+id+`"]//a[starts-with(., "Add the sentence")]`),
		chromedp.WaitVisible(`//li[@id="`+id+`"]//a[starts-with(., "Drop the")]`))
	evidence := texts(t, ctx, li+` blockquote .evidence`)[0]
	if len(evidence) <= len(before) || !strings.Contains(evidence, before) {
		t.Fatalf("widened %q to %q", before, evidence)
	}
	do(t, ctx, chromedp.Click(li+` button[value="supports"]`),
		chromedp.WaitVisible(`//p[@class="flash"][contains(., "Stance saved")]`))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(function () {
		var r = document.getElementById("suggestions").getBoundingClientRect();
		return {hash: location.hash, top: r.top, height: innerHeight,
			quotes: Array.from(document.querySelectorAll("table.evidence a.quote")).map(a => a.textContent)};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got["hash"] != "#suggestions" || got["top"].(float64) < -1 || got["top"].(float64) > got["height"].(float64) {
		t.Errorf("not back at the suggestions: %v", got)
	}
	if !slices.Contains(toStrings(got["quotes"]), "“"+evidence+"”") {
		t.Errorf("the evidence table lacks the widened evidence %.80q: %q", evidence, got["quotes"])
	}
	screenshot(t, ctx, "suggestions.png")

	next, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+first+`').id`))
	do(t, ctx, chromedp.Click(first+` form[action$="/dismiss"] button`),
		chromedp.WaitVisible(`//p[@class="flash"][contains(., "Passage hidden")]`))
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#`+next+`').length`)); next == "" || n != 0 {
		t.Errorf("the passage %q marked not relevant is still shown", next)
	}
}

func toStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// A suggestion shows its evidence in its paragraph and saves only the
// evidence; the links beside it widen or narrow the evidence by a
// sentence without saving anything, and the stance then saves what they
// show. All of it works with plain links and forms.
func TestSuggestionEvidenceSpan(t *testing.T) {
	skipUnderRace(t)
	h := newHarness(t)
	cl := demoClaim(t, h, "Putin made the remarks")
	page := "/claims/" + views.ID(cl.ID)
	editor := h.signedIn(h.user("ed", claimline.RoleEditor))
	doc := editor.get(page).doc(t)

	// Every suggestion saves its highlighted evidence, a part of its paragraph.
	var widen *goquery.Selection
	doc.Find("section#suggestions li[id^=suggestion-]").Each(func(_ int, li *goquery.Selection) {
		evidence := li.Find("blockquote .evidence").Text()
		quote, _ := li.Find(`form[action$="/assessments"] input[name=quote]`).Attr("value")
		if evidence == "" || quote != evidence || !strings.Contains(li.Find("blockquote").Text(), evidence) {
			t.Errorf("%s saves %q, shows %q as its evidence", li.AttrOr("id", ""), quote, evidence)
		}
		if a := li.Find(`a:contains("Add the sentence")`); widen == nil && a.Length() > 0 {
			widen = li
		}
	})
	if widen == nil {
		t.Fatalf("no suggestion can be widened:\n%s", must(doc.Find("section#suggestions").Html()))
	}
	id := widen.AttrOr("id", "")
	before := widen.Find("blockquote .evidence").Text()
	link := widen.Find(`a:contains("Add the sentence")`).First()
	href := link.AttrOr("href", "")
	if !strings.HasPrefix(href, page+"?evidence=") || !strings.HasSuffix(href, "#"+id) {
		t.Fatalf("the link to widen %s is %q", id, href)
	}

	// Following it shows the passage with one more sentence, and saves that.
	wider := editor.get(strings.TrimSuffix(href, "#"+id))
	wantStatus(t, wider, http.StatusOK)
	li := wider.doc(t).Find("#" + id)
	after := li.Find("blockquote .evidence").Text()
	if len(after) <= len(before) || !strings.Contains(after, before) {
		t.Fatalf("widened %q to %q", before, after)
	}
	if !strings.Contains(li.Find(".evidence-size").Text(), "Drop the") {
		t.Errorf("the widened evidence cannot be narrowed again: %q", li.Find(".evidence-size").Text())
	}
	form := li.Find(`form[action$="/assessments"]`)
	v := inputValues(form)
	if v.Get("quote") != after {
		t.Fatalf("the widened suggestion saves %q, shows %q", v.Get("quote"), after)
	}
	v.Set("stance", "supports")
	wantStatus(t, editor.post(page+"/assessments", v), http.StatusSeeOther)
	saved, err := h.st.Claim(context.Background(), cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(saved.Evidence, func(a claimline.Assessment) bool { return views.ID(a.SourceID) == v.Get("source") })
	if i < 0 || saved.Evidence[i].Quote != after {
		t.Errorf("saved %+v, want the widened evidence %q", saved.Evidence, after)
	}

	// An evidence span that is none of the passage's sentences changes nothing.
	for _, bad := range []string{"1-2-3", "x", "1-0-5-2", "99999-0-0-1"} {
		r := editor.get(page + "?evidence=" + url.QueryEscape(bad))
		wantStatus(t, r, http.StatusOK)
		if r.doc(t).Find("section#suggestions .evidence").Length() == 0 {
			t.Errorf("evidence=%s: no evidence shown", bad)
		}
	}
}
