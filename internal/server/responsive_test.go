package server_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
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

// faultsJS finds what axe-core no longer checks: an empty id, and an id
// that two elements share (axe 4.10 retired its duplicate-id rules).
const faultsJS = `(() => {
	const out = [];
	if (document.querySelector('[id=""]')) out.push('an empty id=""');
	const seen = new Set();
	for (const el of document.querySelectorAll("[id]")) {
		if (el.id && seen.has(el.id)) out.push('id "' + el.id + '" twice');
		seen.add(el.id);
	}
	return out.join("; ");
})()`

// axeRunJS opens every <details> (menus, forms and diffs that a person
// would open; axe skips what is hidden), runs axe-core on the page with the
// given options and returns its violations, each with the selectors of the
// elements at fault.
const axeRunJS = `(document.querySelectorAll("details").forEach(d => { d.open = true; }), axe.run(document, %s)).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
	summary: v.nodes.length ? v.nodes[0].failureSummary : ""})))`

// axeAll asks for the WCAG 2.0/2.1 A and AA rules and axe's best practices;
// axeContrast only for the rules that a colour scheme changes.
const (
	axeAll      = `{runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, resultTypes: ["violations"]}`
	axeContrast = `{runOnly: {type: "rule", values: ["color-contrast", "link-in-text-block"]}, resultTypes: ["violations"]}`
)

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

// axeStrict are rules whose faults fail the test whatever axe's impact: the
// test checked them by hand before axe was part of it.
var axeStrict = map[string]bool{"heading-order": true, "nested-interactive": true}

// runAxe injects axe-core into the page the browser is on and returns what
// it finds with the given options.
func runAxe(t *testing.T, ctx context.Context, src, opts string) []axeViolation {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(actx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	got, err := chromedp.Run(actx, chromedp.Evaluate[[]axeViolation](fmt.Sprintf(axeRunJS, opts), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	return got
}

// linksJS lists the page's same-origin links that a person would follow to
// another page (downloads and exports are not pages).
const linksJS = `Array.from(document.querySelectorAll("a[href]")).filter(a => !a.hasAttribute("download")).map(a => new URL(a.getAttribute("href"), location.href).href).filter(h => h.startsWith(location.origin))`

// pageKey groups URLs of one kind of page (/entries/3 and /entries/4), so
// that the walk visits each kind of page once.
var pageKey = regexp.MustCompile(`/\d+`)

// Every GET page of the demo, at phone width (390 px) and at desktop width
// (1280 px), fits the window: nothing makes the document scroll sideways.
// axe-core checks each page against WCAG 2.1 A and AA and its best
// practices, in the light colour scheme and (for contrast) the dark one,
// with every <details> open: a serious or critical fault, a skipped heading
// level or a control inside another fails the test, a lesser one is logged,
// and the rules found broken are summed up at the end. The
// walk follows the links from the timelines page, as a person would, one
// page of each kind, and adds a timeline filter refused for a bad date.
func TestBrowserNoPageScrollsSideways(t *testing.T) {
	if raceDetector {
		// The walk renders pages and checks them in the browser: nothing
		// in it runs concurrently that the other tests do not run under
		// -race, and under it the walk takes minutes. CI runs it in the
		// plain test step.
		t.Skip("the page walk does not run under -race")
	}
	axeSrc, err := os.ReadFile(filepath.Join("..", "..", "testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browserFor(t, 5*time.Minute)
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.app); err != nil {
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
	// A title without a space to wrap at (a pasted address, a word of a
	// language written without spaces) wraps instead of widening the page.
	if _, err := h.st.CreateEntry(claimline.NewContextWithUser(context.Background(), ad), tl.ID,
		claimline.EntryInput{Date: "2022-03", Kind: "report", Title: "https://example.org/" + strings.Repeat("Ø", 200)}); err != nil {
		t.Fatal(err)
	}
	base := h.ts.URL
	found := map[string]map[string]int{} // rule → page → elements, for the summary
	check := func(width int64, scheme, u string) {
		t.Helper()
		page := strings.TrimPrefix(u, base)
		do(t, ctx, chromedp.Navigate(u), chromedp.WaitReady("body"))
		opts := axeContrast
		if scheme == "light" {
			opts = axeAll
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflowJS))
			if err != nil {
				t.Fatal(err)
			}
			if got != "" {
				t.Errorf("at %d px, %s %s", width, page, got)
			}
			faults, err := chromedp.Run(ctx, chromedp.Evaluate[string](faultsJS))
			if err != nil {
				t.Fatal(err)
			}
			if faults != "" {
				t.Errorf("at %d px, %s: %s", width, page, faults)
			}
		}
		for _, v := range runAxe(t, ctx, string(axeSrc), opts) {
			if found[v.ID] == nil {
				found[v.ID] = map[string]int{}
			}
			found[v.ID][pageKey.ReplaceAllString(strings.SplitN(page, "?", 2)[0], "/N")] += len(v.Targets)
			targets := v.Targets[:min(3, len(v.Targets))]
			msg := fmt.Sprintf("axe at %d px, %s scheme, %s: %s (%s, %d elements): %s, e.g. %s\n%s",
				width, scheme, page, v.ID, v.Impact, len(v.Targets), v.Help, strings.Join(targets, " | "), v.Summary)
			if v.Impact == "serious" || v.Impact == "critical" || axeStrict[v.ID] {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
	scheme := func(name string) {
		t.Helper()
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: name}}}); err != nil {
			t.Fatal(err)
		}
	}
	walk := func(pages []string) {
		t.Helper()
		for _, width := range []int64{390, 1280} {
			do(t, ctx, chromedp.EmulateViewport(width, 844))
			for _, name := range []string{"light", "dark"} {
				scheme(name)
				for _, p := range pages {
					check(width, name, p)
				}
			}
		}
		scheme("light")
	}
	walk([]string{base + "/login", base + "/help", base + "/help/claims-and-evidence"}) // signed out
	signIn(t, ctx, base, "ad")
	// The clippings tray, with one long passage of the demo's first source.
	if _, _, err := h.app.Sources.Clip(claimline.NewContextWithUser(context.Background(), ad), []claimline.Clipping{{SourceID: 1,
		Quote: "the Pentagon has maintained that current restrictions on Ukraine’s use of U.S.-supplied weapons remain in effect"}}); err != nil {
		t.Fatal(err)
	}
	tray := "/clippings"
	pages := crawl(t, ctx, base, []string{"/", "/timelines/" + demo.Slug + "?kind=statement&status=disputed", "/history", "/account", "/import", "/admin/users", tray})
	if len(pages) < 20 {
		t.Fatalf("the walk found only %d kinds of page: %v", len(pages), pages)
	}
	// A form shown with its errors: the timeline's filter refuses an
	// ambiguous date (422).
	pages = append(pages, base+"/timelines/"+demo.Slug+"?"+url.Values{"from": {"03/04/2024"}, "to": {"someday"}}.Encode())
	walk(pages)
	rules := make([]string, 0, len(found))
	for r := range found {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		t.Logf("axe %s on %d kinds of page: %v", r, len(found[r]), found[r])
	}
	t.Logf("%d pages checked at 390 and 1280 px, light and dark", len(pages)+1)
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
		if strings.HasPrefix(p, "/help/") {
			key = "/help/topic" // the guide's pages are one kind of page
		}
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
