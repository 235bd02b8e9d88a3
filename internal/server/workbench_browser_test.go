package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
)

// A person sets a seed's published date to 13 Sep 2024 on its reader,
// selects a sentence with "on Thursday", creates the entry from it, and
// finds it on the timeline dated 12 Sep 2024, its citation highlighted on
// the reader.
func TestBrowserEntryFromPassage(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	uctx := claimline.NewContextWithUser(context.Background(), ed)
	if _, err := h.st.CreateTimeline(uctx, claimline.TimelineInput{Title: "Strikes", Slug: "strikes"}); err != nil {
		t.Fatal(err)
	}
	var name string
	var data []byte
	for n, b := range seedFiles(t) {
		if strings.HasPrefix(n, "002") {
			name, data = n, b
		}
	}
	src, _, err := h.app.Sources.AddDocument(uctx, claimline.Document{Name: name, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	base := h.ts.URL
	reader := base + "/sources/" + strconv.FormatInt(src.ID, 10)
	signIn(t, ctx, base, "ed")

	// Without a published date, "on Thursday" is unresolved; set the date
	// in place on the reader.
	do(t, ctx, chromedp.Navigate(reader), chromedp.WaitVisible("#reader"))
	if n := len(texts(t, ctx, "#reader time.unresolved")); n == 0 {
		t.Fatal("no unresolved dates before the published date is set")
	}
	do(t, ctx, chromedp.SetValue("#meta #published", "13 Sep 2024"), chromedp.Click(`#meta button[type="submit"]`),
		chromedp.WaitVisible("#meta .flash"))
	if got := texts(t, ctx, `#reader time[datetime="2024-09-12"]`); len(got) == 0 || got[0] != "on Thursday" {
		t.Fatalf("resolved dates: %q", got)
	}

	sentence := "“This will mean that NATO countries – the United States and European countries – are at war with Russia,” Putin emphasized to reporters on Thursday."
	selectInReader(t, ctx, sentence)
	do(t, ctx, chromedp.WaitVisible("#new-entry-link"), chromedp.Click("#new-entry-link"), chromedp.WaitVisible("#date"))
	if d, _ := chromedp.Run(ctx, chromedp.Value("#date")); d != "2024-09-12" {
		t.Fatalf("drafted date %q", d)
	}
	if k, _ := chromedp.Run(ctx, chromedp.Value("#kind")); k != "statement" {
		t.Errorf("drafted kind %q", k)
	}
	do(t, ctx, chromedp.Click(`main form[method="post"] button[type="submit"]`), chromedp.WaitVisible("li.entry"))
	if got := texts(t, ctx, "li.entry"); len(got) != 1 || !strings.Contains(got[0], "12 Sep 2024") || !strings.Contains(got[0], "This will mean that NATO countries") {
		t.Fatalf("timeline entries: %q", got)
	}
	do(t, ctx, chromedp.Navigate(reader), chromedp.WaitVisible("#reader mark"))
	if marks := texts(t, ctx, "#reader mark"); len(marks) != 1 || marks[0] != sentence {
		t.Errorf("highlighted citations: %q", marks)
	}
	// A date inside the passage's link is no tab stop of its own; the
	// keyboard reaching the link shows what the date resolves to.
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const a = document.querySelector("#reader mark a"), t = a && a.querySelector("time");
		if (!t || t.hasAttribute("tabindex")) return "no date inside the link, or one with a tab stop of its own";
		a.focus();
		return getComputedStyle(t, "::after").content;
	})()`))
	if err != nil || !strings.Contains(shown, "12 Sep 2024") {
		t.Errorf("focused passage link shows %q for its date (%v)", shown, err)
	}
	screenshot(t, ctx, "entry-from-passage.png")
}

// selectInReader selects a passage of the reader as a person would with
// the mouse, across the text nodes of the dates marked inside it.
func selectInReader(t *testing.T, ctx context.Context, passage string) {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const reader = document.getElementById("reader"), want = `+quoteJS(passage)+`;
		for (const p of reader.querySelectorAll("p")) {
			const i = p.textContent.indexOf(want);
			if (i < 0) continue;
			const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
			let pos = 0, r = document.createRange(), started = false;
			while (walker.nextNode()) {
				const n = walker.currentNode, len = n.textContent.length;
				if (!started && i < pos + len) { r.setStart(n, i - pos); started = true; }
				if (started && i + want.length <= pos + len) { r.setEnd(n, i + want.length - pos); break; }
				pos += len;
			}
			const s = document.getSelection(); s.removeAllRanges(); s.addRange(r);
			return s.toString() === want;
		}
		return false;
	})()`))
	if err != nil || !ok {
		t.Fatalf("could not select %q: %v", passage, err)
	}
}

// A person clips a passage in one reader and another in a second, opens
// the tray, gives the first to a claim and forgets the second: the form
// comes back with both and the problem named. Once the second has its
// entry, both are saved in one submission and the tray is empty.
func TestBrowserClippings(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	uctx := claimline.NewContextWithUser(context.Background(), ed)
	tl, err := h.st.CreateTimeline(uctx, claimline.TimelineInput{Title: "Strikes", Slug: "strikes"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := h.st.CreateEntry(uctx, tl.ID, claimline.EntryInput{Date: "2024-09-12", Kind: "statement", Title: "Putin warns NATO"})
	if err != nil {
		t.Fatal(err)
	}
	claim, err := h.st.CreateClaim(uctx, e.ID, claimline.ClaimInput{Text: "Putin said NATO would be at war with Russia"})
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]string{}
	for n, b := range seedFiles(t) {
		if strings.HasPrefix(n, "001") || strings.HasPrefix(n, "002") {
			src, _, err := h.app.Sources.AddDocument(uctx, claimline.Document{Name: n, Data: b})
			if err != nil {
				t.Fatal(err)
			}
			readers[n[:3]] = h.ts.URL + "/sources/" + strconv.FormatInt(src.ID, 10)
		}
	}
	signIn(t, ctx, h.ts.URL, "ed")
	clips := []struct{ reader, passage string }{
		{"002", "This will mean that NATO countries – the United States and European countries – are at war with Russia"},
		{"001", "Starmer addressed Putin’s warning during his flight to Washington"},
	}
	for i, c := range clips {
		do(t, ctx, chromedp.Navigate(readers[c.reader]), chromedp.WaitVisible("#reader"))
		selectInReader(t, ctx, c.passage)
		do(t, ctx, chromedp.WaitVisible("#clip-button"), chromedp.Click("#clip-button"))
		if i == 1 {
			screenshot(t, ctx, "clipped.png")
		}
		waitText(t, ctx, "#clippings-link", "Clippings ("+strconv.Itoa(i+1)+")")
	}
	do(t, ctx, chromedp.Click("#clippings-link"), chromedp.WaitVisible("#clippings-form"))
	if got := texts(t, ctx, "li.clipping blockquote"); len(got) != 2 || got[0] != clips[0].passage || got[1] != clips[1].passage {
		t.Fatalf("the tray shows %q", got)
	}
	do(t, ctx, chromedp.SetValue(`#clip-1 select[name="target"]`, "claim:"+strconv.FormatInt(claim.ID, 10)),
		chromedp.Click("#clippings-save"), chromedp.WaitVisible("#err-clip2"))
	screenshot(t, ctx, "clippings-refused.png")
	// A passage clipped meanwhile (in another tab, on another device) is
	// not part of this save.
	src001 := mustID(t, strings.TrimPrefix(readers["001"], h.ts.URL+"/sources/"))
	if _, _, err := h.app.Sources.Clip(uctx, []claimline.Clipping{{SourceID: src001, Quote: "Putin’s remarks come during discussions"}}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.SetValue(`#clip-2 select[name="target"]`, "entry:"+strconv.FormatInt(e.ID, 10)),
		chromedp.Click("#clippings-save"), chromedp.WaitVisible("main .flash"))
	if got := texts(t, ctx, "main .flash"); len(got) != 1 || !strings.Contains(got[0], "1 citation and 1 stance") {
		t.Errorf("after saving: %q", got)
	}
	if got := texts(t, ctx, "#clippings-link"); len(got) != 1 || got[0] != "Clippings (1)" {
		t.Errorf("the tray's link after saving: %q", got)
	}
	// A tray kept in this browser by an older claimline moves to the
	// server on the first page, and leaves the browser.
	old := `[{"source":"` + strconv.FormatInt(src001, 10) + `","quote":"issued a stern warning this week"},{"source":"999","quote":"a source long gone"}]`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.setItem("claimline.clippings.ed", `+strconv.Quote(old)+`), true`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(readers["002"]), chromedp.WaitVisible("#reader"))
	waitText(t, ctx, "#clippings-link", "Clippings (2)")
	if left, err := chromedp.Run(ctx, chromedp.Poll[bool](`localStorage.getItem("claimline.clippings.ed") === null`)); err != nil || !left {
		t.Errorf("the browser's old tray is still there: %v", err)
	}
	c, _ := h.st.Claim(context.Background(), claim.ID)
	cits, _, _ := h.st.EntryEvidence(context.Background(), e.ID)
	if len(c.Evidence) != 1 || c.Evidence[0].Quote != clips[0].passage || len(cits) != 1 || cits[0].Quote != clips[1].passage {
		t.Errorf("saved: evidence %+v, citations %+v", c.Evidence, cits)
	}
}

// waitText waits until the element's text is want: the page changes it
// after an answer from the server.
func waitText(t *testing.T, ctx context.Context, selector, want string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	expr := `(document.querySelector(` + strconv.Quote(selector) + `) || {}).textContent === ` + strconv.Quote(want)
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](expr)); err != nil {
		t.Fatalf("%s is %q, want %q", selector, texts(t, ctx, selector), want)
	}
}
