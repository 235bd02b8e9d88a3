package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"claimline/internal/app"
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
	src, _, err := app.New(h.st, nil).AddDocument(uctx, app.Document{Name: name, Data: data})
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
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const reader = document.getElementById("reader"), want = `+quoteJS(sentence)+`;
		for (const p of reader.querySelectorAll("p")) {
			const i = p.textContent.indexOf(want);
			if (i < 0) continue;
			// The sentence spans several text nodes (the <time> inside it):
			// find where it starts and ends by walking them.
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
		t.Fatalf("could not select the sentence: %v", err)
	}
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
	screenshot(t, ctx, "entry-from-passage.png")
}
