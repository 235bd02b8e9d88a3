package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
)

// browser starts headless Chromium for a test. It skips when Chromium is
// missing on a developer machine, and fails when CI=true. Under -race it
// skips: CI runs the browser tests once, in the plain pass, and the race
// pass covers the same server code through the HTTP tests.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 90*time.Second)
}

// browserFor is browser for a test that needs longer than 90 s in all.
func browserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, limit)
	t.Cleanup(cancel3)
	// Start the browser on this context: chromedp ties the browser's life to
	// the context of the first Run, and later steps use shorter-lived ones.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// chromium returns the path of Chromium for a browser test, or skips the
// test: under -race (CI runs the browser tests once, in the plain pass),
// and when Chromium is missing on a developer machine, unless CI=true.
func chromium(t *testing.T) string {
	t.Helper()
	if raceDetector {
		t.Skip("the browser tests run once, without -race")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed, and CI=true requires the browser tests")
	}
	t.Skip("Chromium not installed")
	return ""
}

// do runs browser steps, each with a deadline, and on failure reports the
// page the browser was on.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for i, step := range steps {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := chromedp.Do(sctx, step)
		cancel()
		if err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 1500)`))
			t.Fatalf("browser step %d: %v\non %s", i+1, err, page)
		}
	}
}

func texts(t *testing.T, ctx context.Context, selector string) []string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(`+quoteJS(selector)+`)).map(e => e.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func quoteJS(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	// SCREENSHOT_DIR keeps the screenshots for a person to look at.
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

func signIn(t *testing.T, ctx context.Context, base, user string) {
	do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", user), chromedp.SendKeys("#password", testPassword),
		chromedp.Click(`form[action="/login"] button`), chromedp.WaitVisible("header.site .who.wide"))
}

// A person creates a timeline, adds entries of different precisions out of
// order, and sees them in date order with dates shown at their precision.
func TestBrowserTimelineInOrder(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	h.user("ed", claimline.RoleEditor)
	base := h.ts.URL
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", h.log.String())
		}
	})
	signIn(t, ctx, base, "ed")

	do(t, ctx, chromedp.Navigate(base+"/timelines/new"), chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "Strike limits, Sep 2024"),
		chromedp.SendKeys("#description", "Putin's warning and the Western debate."),
		chromedp.Click(`main form button[type="submit"]`), chromedp.WaitVisible(`.flash`))

	entries := []struct{ date, kind, title, actor string }{
		{"12 Sep 2024", "statement", "Putin warns NATO", "Vladimir Putin"},
		{"c. Oct 2023", "policy_move", "ATACMS delivered", "United States"},
		{"2024-09-12 18:00", "statement", "Pentagon answers", "Pentagon"},
		{"Feb 2022", "action", "Invasion begins", "Russia"},
		{"2024", "report", "A year of debate", ""},
		{"September 2024", "other", "Weeks of signals", ""},
	}
	for _, e := range entries {
		do(t, ctx, chromedp.Navigate(base+"/timelines/strike-limits-sep-2024/entries/new"), chromedp.WaitVisible("#date"),
			chromedp.SendKeys("#date", e.date), chromedp.SetValue("#kind", e.kind), chromedp.SendKeys("#title", e.title))
		if e.actor != "" {
			do(t, ctx, chromedp.SendKeys(`input[name="actors"]`, e.actor))
		}
		do(t, ctx, chromedp.Click(`form.entry-form button[type="submit"]`), chromedp.WaitVisible(".flash"))
	}
	// A mistyped date comes back with the problem named and the text kept.
	do(t, ctx, chromedp.Navigate(base+"/timelines/strike-limits-sep-2024/entries/new"), chromedp.WaitVisible("#date"),
		chromedp.SendKeys("#date", "03/04/2024"), chromedp.SendKeys("#title", "Ambiguous"),
		chromedp.Click(`form.entry-form button[type="submit"]`), chromedp.WaitVisible("#err-date"))
	if v, err := chromedp.Run(ctx, chromedp.Value("#title")); err != nil || v != "Ambiguous" {
		t.Errorf("title after a failed save = %q, %v", v, err)
	}

	do(t, ctx, chromedp.Navigate(base+"/timelines/strike-limits-sep-2024"), chromedp.WaitVisible("figure.overview"))
	gotDates := texts(t, ctx, ".entry .when time")
	gotTitles := texts(t, ctx, ".entry .entry-title")
	wantDates := []string{"Feb 2022", "c. Oct 2023", "2024", "Sep 2024", "12 Sep 2024", "12 Sep 2024, 18:00"}
	wantTitles := []string{"Invasion begins", "ATACMS delivered", "A year of debate", "Weeks of signals", "Putin warns NATO", "Pentagon answers"}
	if strings.Join(gotDates, "|") != strings.Join(wantDates, "|") {
		t.Errorf("dates shown:\n %q\nwant\n %q", gotDates, wantDates)
	}
	if strings.Join(gotTitles, "|") != strings.Join(wantTitles, "|") {
		t.Errorf("titles shown:\n %q\nwant\n %q", gotTitles, wantTitles)
	}
	if marks := texts(t, ctx, "figure.overview svg.across a.mark title"); len(marks) != len(entries) {
		t.Errorf("overview marks = %d, want %d", len(marks), len(entries))
	}
	screenshot(t, ctx, "timeline.png")

	// Clicking a mark on the overview goes to its entry in the list.
	do(t, ctx, chromedp.Click(`figure.overview svg.across a.mark .shape`), chromedp.Sleep(200*time.Millisecond))
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	if err != nil || !strings.HasPrefix(loc, "#entry-") {
		t.Errorf("after clicking a mark, location.hash = %q (%v)", loc, err)
	}
}

// An editor changes an entry and finds the change in its history; a viewer
// of the same entry sees no edit controls.
func TestBrowserEditorHistoryAndViewer(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	h.user("vi", claimline.RoleViewer)
	uctx := claimline.NewContextWithUser(context.Background(), ed)
	tl, err := h.st.CreateTimeline(uctx, claimline.TimelineInput{Title: "T", Slug: "t"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.st.CreateEntry(uctx, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns", Actors: []string{"Vladimir Putin"}})
	if err != nil {
		t.Fatal(err)
	}
	base := h.ts.URL
	entryURL := base + "/entries/" + strconv.FormatInt(e.ID, 10)

	signIn(t, ctx, base, "ed")
	do(t, ctx, chromedp.Navigate(entryURL), chromedp.WaitVisible(`a[href$="/edit"]`), chromedp.Click(`a[href$="/edit"]`),
		chromedp.WaitVisible("#title"), chromedp.Clear("#title"), chromedp.SendKeys("#title", "Putin warns NATO countries"),
		chromedp.Click(`form.entry-form button[type="submit"]`), chromedp.WaitVisible(".flash"))
	hist := strings.Join(texts(t, ctx, "ol.history li.change"), "\n")
	if !strings.Contains(hist, "ed changed entry") || !strings.Contains(hist, "Putin warns NATO countries") {
		t.Errorf("history after the edit:\n%s", hist)
	}
	screenshot(t, ctx, "entry-history.png")

	do(t, ctx, chromedp.Click(`header .who.wide form[action="/logout"] button`), chromedp.WaitVisible("#username"))
	signIn(t, ctx, base, "vi")
	do(t, ctx, chromedp.Navigate(entryURL), chromedp.WaitVisible("h1"))
	if n := texts(t, ctx, `a[href$="/edit"], a[href$="/delete"], button.danger`); len(n) != 0 {
		t.Errorf("a viewer sees edit controls: %q", n)
	}
	do(t, ctx, chromedp.Navigate(base+"/timelines/t"), chromedp.WaitVisible("h1"))
	if n := texts(t, ctx, `a[href$="/entries/new"], a[href$="/edit"]`); len(n) != 0 {
		t.Errorf("a viewer sees edit controls on the timeline: %q", n)
	}
}

// A person uploads the five seed articles at once, selects a passage in the
// reader, uses it as evidence for a claim, and sees the claim supported and
// the passage highlighted.
func TestBrowserEvidenceFromSelection(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	uctx := claimline.NewContextWithUser(context.Background(), ed)
	tl, _ := h.st.CreateTimeline(uctx, claimline.TimelineInput{Title: "T", Slug: "t"})
	e, _ := h.st.CreateEntry(uctx, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Starmer replies"})
	cl, err := h.st.CreateClaim(uctx, e.ID, claimline.ClaimInput{Text: "Starmer said Russia started the conflict", Claimant: "Keir Starmer"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for name, b := range seedFiles(t) {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		paths = append(paths, p)
	}
	base := h.ts.URL
	signIn(t, ctx, base, "ed")
	do(t, ctx, chromedp.Navigate(base+"/sources/new"), chromedp.WaitVisible("#files"),
		chromedp.SetUploadFiles("#files", paths), chromedp.Click(`form[action="/sources/upload"] button`),
		chromedp.WaitVisible("main table.list"))
	if added := texts(t, ctx, "main table.list tbody tr"); len(added) != 5 || strings.Count(strings.Join(added, "\n"), "Added as") != 5 {
		t.Fatalf("upload results: %q", added)
	}
	// Open the article with Starmer's words (001) and select them.
	do(t, ctx, chromedp.Navigate(base+"/sources"), chromedp.WaitVisible("table.list"),
		chromedp.Click(`//a[starts-with(text(), "Putin Warns of War")]`), chromedp.WaitVisible("#reader"))
	passage := "Russia started this conflict. Russia illegally invaded Ukraine."
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const walker = document.createTreeWalker(document.getElementById("reader"), NodeFilter.SHOW_TEXT);
		while (walker.nextNode()) {
			const n = walker.currentNode, i = n.textContent.indexOf(`+quoteJS(passage)+`);
			if (i >= 0) {
				const r = document.createRange();
				r.setStart(n, i); r.setEnd(n, i + `+strconv.Itoa(len(passage))+`);
				const s = document.getSelection(); s.removeAllRanges(); s.addRange(r);
				return true;
			}
		}
		return false;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.WaitVisible("#evidence-bar"), chromedp.Click("#evidence-link"), chromedp.WaitVisible("#quote"))
	if q, _ := chromedp.Run(ctx, chromedp.Value("#quote")); q != passage {
		t.Fatalf("evidence form quote = %q", q)
	}
	// No claim is chosen for the user: they pick it.
	do(t, ctx, chromedp.SetValue("#claim", strconv.FormatInt(cl.ID, 10)), chromedp.Click(`input[name="stance"][value="supports"]`),
		chromedp.Click(`main form button[type="submit"]`), chromedp.WaitVisible(".flash"))
	if got := texts(t, ctx, "main h1 + p .status"); len(got) != 1 || got[0] != "supported by 1 source" {
		t.Errorf("claim status after saving: %q", got)
	}
	// The passage is now highlighted in the reader, linked to the claim.
	do(t, ctx, chromedp.Click(`table.evidence a.quote`), chromedp.WaitVisible("#reader mark"))
	if marks := texts(t, ctx, "#reader mark"); len(marks) != 1 || marks[0] != passage {
		t.Errorf("highlights: %q", marks)
	}
	screenshot(t, ctx, "reader.png")
}

// A person types a word from a seed article into the search box, opens the
// source result's passage and lands on it, highlighted, in the reader.
func TestBrowserSearchToPassage(t *testing.T) {
	ctx := browser(t)
	h, _ := demoHarness(t) // with a viewer "vi"
	base := h.ts.URL
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", h.log.String())
		}
	})
	signIn(t, ctx, base, "vi")
	box := `header form[role="search"] input[name="q"]`
	do(t, ctx, chromedp.WaitVisible(box), chromedp.SendKeys(box, "saber-rattling\n"),
		chromedp.WaitVisible(`#results-sources ul.passages a.passage`))
	if got := texts(t, ctx, `#results-sources ul.passages a.passage mark`); len(got) == 0 || !strings.Contains(strings.ToLower(strings.Join(got, " ")), "rattling") {
		t.Errorf("marked words in the passage: %q", got)
	}
	screenshot(t, ctx, "search.png")
	do(t, ctx, chromedp.Click(`#results-sources ul.passages a.passage`), chromedp.WaitVisible(`article.reader mark[data-stance="found"]`))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(function () {
		var m = document.getElementById("hl").closest("mark"), r = m.getBoundingClientRect();
		return {hash: location.hash, top: r.top, bottom: r.bottom, height: innerHeight,
			para: m.closest("p").textContent, scrolled: scrollY};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got["hash"] != "#hl" || got["scrolled"].(float64) <= 0 {
		t.Errorf("the reader did not go to the passage: %v", got)
	}
	if top, bottom := got["top"].(float64), got["bottom"].(float64); top < 0 || bottom > got["height"].(float64) {
		t.Errorf("the highlighted passage is not on screen: %v", got)
	}
	if !strings.Contains(got["para"].(string), "saber-rattling") {
		t.Errorf("the highlighted paragraph lacks the word: %.200q", got["para"])
	}
	screenshot(t, ctx, "reader-found.png")
}

// Two people in two browser contexts (separate sessions) edit the same
// entry. The second to save sees the conflict view with both values, and
// resolves it by saving a merge of the two.
func TestBrowserEditConflict(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	ann := h.user("ann", claimline.RoleEditor)
	h.user("bea", claimline.RoleEditor)
	tl, err := h.st.CreateTimeline(claimline.NewContextWithUser(t.Context(), ann), claimline.TimelineInput{Title: "Strike limits", Slug: "strike-limits"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.st.CreateEntry(claimline.NewContextWithUser(t.Context(), ann), tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns"})
	if err != nil {
		t.Fatal(err)
	}
	base, edit := h.ts.URL, h.ts.URL+"/entries/"+strconv.FormatInt(e.ID, 10)+"/edit"
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", h.log.String())
		}
	})
	other, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Open its tab on this context: the first Run ties the tab's life to
	// its context, and the steps below use shorter-lived ones.
	if err := chromedp.Do(other); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, base, "ann")
	signIn(t, other, base, "bea")

	do(t, ctx, chromedp.Navigate(edit), chromedp.WaitVisible("#title"))
	do(t, other, chromedp.Navigate(edit), chromedp.WaitVisible("#title"))
	if got := texts(t, other, ".presence"); len(got) != 1 || !strings.Contains(got[0], "ann opened this") {
		t.Errorf("bea's form does not say ann is here: %q", got)
	}
	do(t, ctx, chromedp.SetValue("#title", "Putin warns NATO"), chromedp.Click(`form.entry-form button[type="submit"]`),
		chromedp.WaitVisible(".flash"))
	do(t, other, chromedp.SetValue("#description", "Said on state television."), chromedp.SetValue("#title", "Putin warns the West"),
		chromedp.Click(`form.entry-form button[type="submit"]`), chromedp.WaitVisible(".conflict"))
	screenshot(t, other, "conflict.png")
	yours, theirs := texts(t, other, `.conflict tr[data-field="title"] .yours`), texts(t, other, `.conflict tr[data-field="title"] .theirs`)
	if len(yours) != 1 || yours[0] != "Putin warns the West" || len(theirs) != 1 || theirs[0] != "Putin warns NATO" {
		t.Fatalf("conflict view: yours %q, theirs %q", yours, theirs)
	}
	if who := texts(t, other, ".conflict strong"); len(who) == 0 || who[0] != "ann" {
		t.Errorf("the conflict does not name ann: %q", who)
	}
	if cur, _ := h.st.Entry(t.Context(), e.ID); cur.Title != "Putin warns NATO" {
		t.Fatalf("ann's save was lost: %q", cur.Title)
	}
	// bea takes ann's title, keeps her description, and saves again.
	do(t, other, chromedp.SetValue("#title", "Putin warns NATO"), chromedp.Click(`form.entry-form button[type="submit"]`),
		chromedp.WaitVisible(".flash"))
	cur, err := h.st.Entry(t.Context(), e.ID)
	if err != nil || cur.Title != "Putin warns NATO" || cur.Description != "Said on state television." {
		t.Errorf("after resolving: %q / %q (%v)", cur.Title, cur.Description, err)
	}
}
