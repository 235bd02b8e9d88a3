package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

// A person pastes a source's new text, in which a quoted sentence is gone,
// as a new version on its reader. The claim resting on that sentence
// warns, and its warning opens the diff at the removed sentence.
func TestBrowserNewVersionWarnsOnTheClaim(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.app); err != nil {
		t.Fatal(err)
	}
	h.user("ed", claimline.RoleEditor)
	cnn := demoSource(t, h, "NATO would be at war with Russia")
	reader := h.ts.URL + "/sources/" + strconv.FormatInt(cnn, 10)
	var claimID int64
	claims, _ := h.st.AllClaims(context.Background())
	for _, c := range claims {
		if strings.Contains(c.Text, "ATACMS") {
			claimID = c.ID
		}
	}
	signIn(t, ctx, h.ts.URL, "ed")

	do(t, ctx, chromedp.Navigate(reader), chromedp.WaitVisible("#versions"),
		chromedp.Click("#versions summary"), chromedp.WaitVisible("#new-text"),
		chromedp.SetValue("#new-text", readTestdata(t, "versions/002-v2-silent.txt")),
		chromedp.Click(`#versions form[enctype] button[type="submit"]`), chromedp.WaitVisible("#versions .version-list li + li"))
	if got := texts(t, ctx, "#versions li"); len(got) != 2 || !strings.Contains(got[0], "Version 2") || !strings.Contains(got[0], "changed without a correction note") {
		t.Fatalf("versions after the paste: %q", got)
	}

	do(t, ctx, chromedp.Navigate(h.ts.URL+"/claims/"+strconv.FormatInt(claimID, 10)), chromedp.WaitVisible("table.evidence a.warn"))
	if got := texts(t, ctx, "table.evidence a.warn"); len(got) != 1 || !strings.HasPrefix(got[0], changedWarning) {
		t.Fatalf("the claim's warning: %q", got)
	}
	do(t, ctx, chromedp.Click("table.evidence a.warn"), chromedp.WaitVisible("#change"))
	// The diff opens at the removed sentence, in view.
	at, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const c = document.getElementById("change"), r = c.getBoundingClientRect();
		return location.hash === "#change" && c.tagName === "DEL" && r.top >= 0 && r.bottom <= innerHeight;
	})()`))
	if err != nil || !at {
		t.Errorf("the diff is not opened at the removed sentence: %v", err)
	}
	if got := texts(t, ctx, "#change"); len(got) != 1 || !strings.Contains(got[0], "In October 2023, the US supplied Ukraine") {
		t.Errorf("#change: %q", got)
	}
	screenshot(t, ctx, "version-diff.png")
}
