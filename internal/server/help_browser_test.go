package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
)

// A person signed out opens the guide from the header and reads a topic;
// signed in, they find a topic with the search box and land on its
// section. At phone width the list of topics follows the page.
func TestBrowserHelp(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	h.user("vi", claimline.RoleViewer)
	base := h.ts.URL
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", h.log.String())
		}
	})

	do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#username"),
		chromedp.Click(`header.site a.help-link`), chromedp.WaitVisible("ol.guide-index"),
		chromedp.Click(`//ol[contains(@class, "guide-index")]//a[text()="Claims and evidence"]`), chromedp.WaitVisible("article.guide h1"))
	if got := texts(t, ctx, "article.guide h1"); len(got) != 1 || got[0] != "Claims and evidence" {
		t.Fatalf("topic title: %q", got)
	}
	if cur := texts(t, ctx, `nav.guide-topics a[aria-current="page"]`); len(cur) != 1 || cur[0] != "Claims and evidence" {
		t.Errorf("current topic in the side list: %q", cur)
	}
	screenshot(t, ctx, "help-topic-1280.png")

	// The next topic, by the pager.
	do(t, ctx, chromedp.Click(`nav.guide-pager a[rel="next"]`), chromedp.WaitVisible("article.guide h1"))
	if got := texts(t, ctx, "article.guide h1"); len(got) != 1 || !strings.HasPrefix(got[0], "The workbench") {
		t.Errorf("after next: %q", got)
	}

	// At phone width the topics come after the page, not beside it.
	do(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/help/administration"), chromedp.WaitVisible("article.guide h1"))
	pos, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`(() => {
		const a = document.querySelector("article.guide").getBoundingClientRect(), n = document.querySelector("nav.guide-topics").getBoundingClientRect();
		return {articleBottom: a.bottom, navTop: n.top, scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if pos["navTop"] < pos["articleBottom"] || pos["scroll"] > pos["width"] {
		t.Errorf("at 390 px: %v", pos)
	}
	screenshot(t, ctx, "help-topic-390.png")
	do(t, ctx, chromedp.EmulateViewport(1280, 900))

	// Signed in: the header is the usual one, and search finds the guide.
	signIn(t, ctx, base, "vi")
	box := `header form[role="search"] input[name="q"]`
	do(t, ctx, chromedp.WaitVisible(box), chromedp.SendKeys(box, "restoring backups\n"),
		chromedp.WaitVisible(`#results-help a.hit-title`))
	screenshot(t, ctx, "help-search.png")
	do(t, ctx, chromedp.Click(`#results-help a.hit-title`), chromedp.WaitVisible("#restore"))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
		const r = document.getElementById("restore").getBoundingClientRect();
		return {hash: location.hash, top: r.top, height: innerHeight, user: document.querySelector("header.site .who.wide a").textContent};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got["hash"] != "#restore" || got["top"].(float64) < 0 || got["top"].(float64) > got["height"].(float64) || got["user"] != "vi" {
		t.Errorf("after following the help result: %v", got)
	}
}
