package server_test

import (
	"context"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

// overflowJS reports how far the document scrolls sideways, and names the
// widest elements that stick out of the viewport.
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth, sw = document.documentElement.scrollWidth;
	if (sw <= w) return "";
	const clipped = el => {
		for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== "visible") return true;
		}
		return false;
	};
	const out = [];
	for (const el of document.querySelectorAll("body *")) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 1 && !clipped(el) && !Array.from(el.children).some(c => c.getBoundingClientRect().right > w + 1)) {
			out.push(el.tagName.toLowerCase() + (typeof el.className === "string" && el.className ? "." + el.className.split(" ").join(".") : "") + " right=" + Math.round(r.right));
		}
		if (out.length > 5) break;
	}
	return "scrolls " + (sw - w) + " px sideways: " + out.join(", ");
})()`

// faultsJS finds what axe-core reported on these pages: a heading that
// skips a level, a focusable element inside role="img", an empty id.
const faultsJS = `(() => {
	const out = [];
	let prev = 0;
	for (const h of document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")) {
		const l = +h.tagName[1];
		if (prev && l > prev + 1) out.push("h" + l + " after h" + prev + " (" + h.textContent.trim().slice(0, 40) + ")");
		prev = l;
	}
	if (document.querySelector('[role="img"] a, [role="img"] [tabindex], [role="img"] button')) out.push("focusable inside role=img");
	if (document.querySelector('[id=""]')) out.push('an empty id=""');
	return out.join("; ");
})()`

// linksJS lists the page's same-origin links that a person would follow to
// another page (downloads and exports are not pages).
const linksJS = `Array.from(document.querySelectorAll("a[href]")).filter(a => !a.hasAttribute("download")).map(a => new URL(a.getAttribute("href"), location.href).href).filter(h => h.startsWith(location.origin))`

// pageKey groups URLs of one kind of page (/entries/3 and /entries/4), so
// that the walk visits each kind of page once.
var pageKey = regexp.MustCompile(`/\d+`)

// Every GET page of the demo, at phone width (390 px) and at desktop width
// (1280 px), fits the window: nothing makes the document scroll sideways.
// Each page is also checked for the faults axe-core found before: skipped
// heading levels, links inside an image, empty ids.
// The walk follows the links from the timelines page, as a person would, one
// page of each kind.
func TestBrowserNoPageScrollsSideways(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.st); err != nil {
		t.Fatal(err)
	}
	ad := h.user("ad", claimline.RoleAdmin)
	// An entry dated only to its year sits right under the year's heading.
	tl, err := h.st.TimelineBySlug(context.Background(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.CreateEntry(claimline.NewContextWithUser(context.Background(), ad), tl.ID,
		claimline.EntryInput{Date: "2021", Kind: "other", Title: "A year-only entry"}); err != nil {
		t.Fatal(err)
	}
	base := h.ts.URL
	check := func(width int64, u string) {
		t.Helper()
		do(t, ctx, chromedp.Navigate(u), chromedp.WaitReady("body"))
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflowJS))
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			t.Errorf("at %d px, %s %s", width, strings.TrimPrefix(u, base), got)
		}
		if width == 390 {
			faults, err := chromedp.Run(ctx, chromedp.Evaluate[string](faultsJS))
			if err != nil {
				t.Fatal(err)
			}
			if faults != "" {
				t.Errorf("%s: %s", strings.TrimPrefix(u, base), faults)
			}
		}
	}
	for _, width := range []int64{390, 1280} {
		do(t, ctx, chromedp.EmulateViewport(width, 844))
		check(width, base+"/login") // signed out
	}
	signIn(t, ctx, base, "ad")
	// The clippings tray, with one long passage of the demo's first source.
	tray := "/clippings?" + url.Values{"source": {"1"}, "quote": {"the Pentagon has maintained that current restrictions on Ukraine’s use of U.S.-supplied weapons remain in effect"}}.Encode()
	pages := crawl(t, ctx, base, []string{"/", "/timelines/" + demo.Slug + "?kind=statement&status=disputed", "/history", "/account", "/import", "/admin/users", tray})
	if len(pages) < 20 {
		t.Fatalf("the walk found only %d kinds of page: %v", len(pages), pages)
	}
	for _, width := range []int64{390, 1280} {
		do(t, ctx, chromedp.EmulateViewport(width, 844))
		for _, p := range pages {
			check(width, p)
		}
	}
	t.Logf("%d pages checked at 390 and 1280 px", len(pages))
}

// crawl visits pages breadth first from the start paths and returns one URL
// for each kind of page found.
func crawl(t *testing.T, ctx context.Context, base string, start []string) []string {
	t.Helper()
	seen := map[string]bool{}
	var queue, pages []string
	add := func(u string) {
		pu, err := url.Parse(u)
		if err != nil {
			return
		}
		pu.Fragment = ""
		p := pu.Path
		if strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, "/original") || p == "/admin/backup" || p == "/logout" {
			return
		}
		key := pageKey.ReplaceAllString(p, "/N")
		if pu.RawQuery != "" {
			key += "?"
		}
		if seen[key] {
			return
		}
		seen[key] = true
		queue = append(queue, pu.String())
	}
	for _, s := range start {
		add(base + s)
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(queue) > 0 && time.Now().Before(deadline) {
		u := queue[0]
		queue = queue[1:]
		do(t, ctx, chromedp.Navigate(u), chromedp.WaitReady("body"))
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
		if strings.HasPrefix(status, "Not found") || strings.HasPrefix(status, "Page not found") {
			continue
		}
		pages = append(pages, u)
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](linksJS))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(links)
		for _, l := range links {
			add(l)
		}
	}
	return pages
}
