package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/extensions"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
)

// The capture extension, loaded unpacked into Chromium, is set up through
// its options page and then captures local fixture pages through its real
// toolbar button (Extensions.triggerAction opens its popup), with a passage
// selected on each. Every capture is optionsChecked in the popup and on the server:
// the source, its version, the anchored passage and the user's tray.
func TestExtensionCapture(t *testing.T) {
	b := extensionBrowser(t, 120*time.Second)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", h.log.String())
		}
	})
	_, token, err := h.app.Users.CreateToken(claimline.NewContextWithUser(context.Background(), ed), ed.ID, claimline.TokenInput{
		Name: "browser extension", Scopes: []string{"sources:write", "sources:read", "claims:write", "claims:read"}, Expires: "1d"})
	if err != nil {
		t.Fatal(err)
	}
	api := tokenClient{t: t, base: h.ts.URL, token: token}
	pages := newFixtureServer(t)

	b.configure(h.ts.URL, token)
	if got := b.checkText(); !strings.Contains(got, "The address and the token work") {
		t.Fatalf("the options page's check after saving says %q", got)
	}

	axeExtensionPage(t, b.ctx, "the options page")
	// The first capture's result, with its passage and links, is optionsChecked
	// for accessibility.
	b.inspect = func(ctx context.Context) {
		axeExtensionPage(t, ctx, "the popup of a saved page")
		b.inspect = nil
	}
	run := &captureRun{t: t, b: b, api: api, sources: map[string]int64{}}
	for _, c := range captureCases() {
		if c.version == 2 {
			pages.changed.Store(true)
		}
		b.open(pages.base+c.path, c.ready)
		for i, passage := range c.passages {
			run.capture(c, i, passage, pages.base)
		}
	}
	share := float64(run.anchored) / float64(run.selections)
	t.Logf("anchored exactly: %d of %d selections (%.1f %%)", run.anchored, run.selections, 100*share)
	if run.selections < 40 || share < 0.95 {
		t.Errorf("anchored %d of %d selections; want at least 95 %% of at least 40", run.anchored, run.selections)
	}

	// A page of about 2 MB, from the click to the result shown.
	b.open(pages.base+"/big.html", "")
	passage := "The last bus of the night leaves the depot with its lights dimmed and one passenger asleep by the door."
	if got := b.selectText(passage); oneSpaced(got) != passage {
		t.Fatalf("selected %q on the big page", got)
	}
	res, took := b.capture()
	if res.State != "saved" || oneSpaced(res.Quote) != passage {
		t.Errorf("the 2 MB page: the popup says:\n%s", res.Text)
	}
	t.Logf("2 MB page (%d bytes of HTML): %v from the click to the result shown, %s ms of it in the server's handler",
		pages.bigSize, took.Round(time.Millisecond), lastCaptureMS(h.log.String()))

	// The menu entry. CDP cannot choose an entry of a context menu, so its
	// handler is called in the service worker as Chromium calls it after the
	// choice; the button's click on this page granted activeTab, as the
	// menu's choice would. The outcome opens in a tab of its own.
	b.open(pages.base+"/12-long.html", "")
	passage = "Foxes cross the ring road at the same junction most nights."
	b.selectText(passage)
	if res, _ := b.capture(); res.State != "saved" {
		t.Fatalf("capture before the menu: %s", res.Text)
	}
	b.inWorker(`chrome.tabs.query({active: true, lastFocusedWindow: true}).then(([tab]) => captureFromMenu({menuItemId: MENU_ID}, tab))`)
	res = b.result(b.waitTarget(b.url("popup.html?shown=")))
	if res.State != "saved" || res.Status != "200" || oneSpaced(res.Quote) != passage || res.SourceID != strconv.FormatInt(run.sources["/12-long.html"], 10) {
		t.Errorf("the menu's capture shows %s %s source %s:\n%s", res.State, res.Status, res.SourceID, res.Text)
	}
}

// captureRun captures the fixture pages one selection at a time and keeps
// count of the selections anchored exactly.
type captureRun struct {
	t                    *testing.T
	b                    *extBrowser
	api                  tokenClient
	sources              map[string]int64 // page path → the source it became
	selections, anchored int
}

// capture selects a passage on the open page (none for ""), clicks the
// extension's button and checks the outcome: the popup's answer, the source
// on the server at the version wanted, and the passage anchored and on the
// tray. The i-th capture of a page's version is new (201) when i is 0 and
// the page was not captured before, and otherwise changes nothing (200).
func (r *captureRun) capture(c captureCase, i int, passage, base string) {
	t := r.t
	t.Helper()
	selected := ""
	if passage != "" {
		selected = r.b.selectText(passage)
		r.selections++
	}
	res, _ := r.b.capture()
	where := fmt.Sprintf("%s, capture %d (%.40q)", c.path, i+1, passage)
	if res.State != "saved" {
		t.Errorf("%s: the popup shows %q, not a saved page:\n%s", where, res.State, res.Text)
		return
	}
	id, _ := strconv.ParseInt(res.SourceID, 10, 64)
	wantStatus := "200"
	if i == 0 && (r.sources[c.path] == 0 || c.version > 1) {
		wantStatus = "201"
	}
	if res.Status != wantStatus || res.Version != strconv.Itoa(c.version) {
		t.Errorf("%s: status %s, version %s; want %s, version %d", where, res.Status, res.Version, wantStatus, c.version)
	}
	if prev := r.sources[c.path]; prev != 0 && prev != id {
		t.Errorf("%s: source %d, but this address was captured as source %d before", where, id, prev)
	}
	r.sources[c.path] = id
	src := r.api.source(id)
	if src.Version != c.version || (c.version > 1 && len(src.Versions) != c.version) {
		t.Errorf("%s: the server's source %d is at version %d of %d; want %d", where, id, src.Version, len(src.Versions), c.version)
	}
	// The page's own address, or the canonical one it names, without the
	// tracking query.
	if want, _, _ := strings.Cut(base+c.path, "?"); src.URL != want {
		t.Errorf("%s: the source's address is %q, want %q", where, src.URL, want)
	}
	switch {
	case passage == "":
		if res.Quote != "" || !strings.Contains(res.Text, "No text was selected") {
			t.Errorf("%s: without a selection the popup says:\n%s", where, res.Text)
		}
	case res.Quote == "":
		t.Logf("NOT ANCHORED %s: selected %q; the popup says:\n%s", where, selected, res.Text)
	case oneSpaced(res.Quote) != oneSpaced(selected) || oneSpaced(selected) != oneSpaced(passage):
		t.Logf("ANCHORED ELSEWHERE %s: selected %q, anchored %q", where, selected, res.Quote)
	default:
		r.anchored++
		if !strings.Contains(src.Text, res.Quote) {
			t.Errorf("%s: the anchored passage %q is not in the source's text", where, res.Quote)
		}
		if !strings.Contains(res.Reader, "hl=") {
			t.Errorf("%s: the reader link %q does not go to the passage", where, res.Reader)
		}
		if !slices.ContainsFunc(r.api.tray(), func(cl tokenClipping) bool { return cl.SourceID == id && cl.Quote == res.Quote }) {
			t.Errorf("%s: the passage is not on the tray", where)
		}
	}
}

// A page with no readable text, one too large, and a token that is wrong
// or may not capture are explained in the popup, in the server's words and
// with a way to the settings; the options page tells a wrong token from a
// token without the scope and from a wrong address.
func TestExtensionCaptureProblems(t *testing.T) {
	b := extensionBrowser(t, 2*time.Minute)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	vi := h.user("vi", claimline.RoleViewer)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", h.log.String())
		}
	})
	token := func(u *claimline.User, scopes ...string) string {
		_, secret, err := h.app.Users.CreateToken(claimline.NewContextWithUser(context.Background(), u), u.ID,
			claimline.TokenInput{Name: "browser extension", Scopes: scopes, Expires: "1d"})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	pages := newFixtureServer(t)

	// Before any set-up, the popup sends nothing and says what to do.
	b.open(pages.base+"/01-article.html", "")
	if res, _ := b.capture(); res.State != "setup" || !res.Settings {
		t.Errorf("without settings the popup shows %q:\n%s", res.State, res.Text)
	}

	b.configure(h.ts.URL, token(ed, "sources:write"))
	b.open(pages.base+"/23-no-text.html", "")
	res, _ := b.capture()
	if res.State != "problem" || res.Status != "422" || !strings.Contains(res.Text, "no readable text") {
		t.Errorf("a page without text: %q %s:\n%s", res.State, res.Status, res.Text)
	}
	// An 11 MiB page takes its time to load on a busy machine (CI runs
	// three suites on two cores): more than do's 15 s a step.
	hctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	for _, step := range []chromedp.Action[chromedp.Void]{chromedp.Navigate(pages.base + "/huge.html"), chromedp.WaitReady("body")} {
		if err := chromedp.Do(hctx, step); err != nil {
			t.Fatalf("open the huge page: %v", err)
		}
	}
	cancel()
	res, _ = b.capture()
	if res.State != "problem" || res.Status != "413" || !strings.Contains(res.Text, "10 MiB") {
		t.Errorf("a page over 10 MiB: %q %s:\n%s", res.State, res.Status, res.Text)
	}

	// Checks in the options page: a token that is not claimline's, tokens
	// that cannot read the tray or cannot capture, a viewer's token, and an
	// address where nothing answers.
	checks := []struct {
		server, token, want string
	}{
		{h.ts.URL, "cl_not-a-real-token", "401"},
		{h.ts.URL, token(ed, "timelines:read"), "403"},
		{h.ts.URL, token(ed, "sources:read"), "403"},
		{h.ts.URL, token(vi, "sources:write"), "403"},
		{"http://127.0.0.1:1", token(ed, "sources:write"), "network"},
		{h.ts.URL, token(ed, "sources:write"), "ok"},
	}
	for _, c := range checks {
		if got := b.test(c.server, c.token); got != c.want {
			t.Errorf("the options page's check of %s with %.12s… says %q, want %q: %s", c.server, c.token, got, c.want, b.checkText())
		}
	}
	axeExtensionPage(t, b.ctx, "the options page after a failed check")

	// A viewer's token, saved all the same: capture is refused.
	b.configure(h.ts.URL, token(vi, "sources:write", "sources:read"))
	b.open(pages.base+"/01-article.html", "")
	b.selectText("voted nine to four on Tuesday evening")
	b.inspect = func(ctx context.Context) { axeExtensionPage(t, ctx, "the popup of a refused capture") }
	res, _ = b.capture()
	b.inspect = nil
	if res.State != "problem" || res.Status != "403" || !res.Settings {
		t.Errorf("a viewer's capture: %q %s:\n%s", res.State, res.Status, res.Text)
	}
	b.configure(h.ts.URL, "cl_revoked-or-mistyped")
	b.open(pages.base+"/01-article.html", "")
	res, _ = b.capture()
	if res.State != "problem" || res.Status != "401" || !res.Settings || !strings.Contains(res.Text, "token") {
		t.Errorf("a wrong token: %q %s:\n%s", res.State, res.Status, res.Text)
	}
	if srcs, _ := h.app.Sources.List(context.Background()); len(srcs) != 0 {
		t.Errorf("refused captures stored %d sources", len(srcs))
	}
}

// captureCase is a fixture page and the passages selected on it in turn,
// one capture each ("" captures with nothing selected).
type captureCase struct {
	path     string
	ready    string // a CSS selector that matches once the page's scripts have run
	version  int    // the source's version this page is
	passages []string
}

func captureCases() []captureCase {
	ready := "body[data-ready]"
	return []captureCase{
		{"/01-article.html", "", 1, []string{
			"voted nine to four on Tuesday evening to rebuild the ageing ferry terminal on the north quay",
			"building for the ferries of 2040 and forgetting the boats that are here today",
			"Ferries will use a temporary pontoon at the south slip during construction"}},
		{"/02-script-built.html", ready, 1, []string{
			"keeps all eleven branch libraries open six days a week",
			"between potholes we can patch and reading rooms we could not reopen once closed"}},
		{"/03-overlay.html", ready, 1, []string{
			"destroyed between a third and a half of this year's blossom",
			"You stand in the orchard at five in the morning and you can hear the ice cracking on the branches"}},
		{"/04-inline-markup.html", "", 1, []string{
			"received conflicting advice about whether to boil their tap water, a mix-up that left some households boiling water",
			"for the Hillcrest and Millbrook districts, but an automated text message",
			"We got the science right and the messages wrong. Nobody should have had to guess",
			"figures published on its water quality page."}},
		{"/05-greek.html", "", 1, []string{
			"θα συνδέει από τον Ιούνιο τρία μικρά νησιά",
			"Μέχρι σήμερα, για να δει κανείς γιατρό έπρεπε να χάσει δύο ημέρες"}},
		{"/06-russian.html", "", 1, []string{
			"высадят около тысячи молодых деревьев — клёнов, лип и дубов",
			"каждому участнику выдадут перчатки и лопату"}},
		{"/07-arabic.html", "", 1, []string{
			"بعد أعمال ترميم استمرت ثلاث سنوات",
			"وتضم المكتبة أكثر من عشرين ألف كتاب"}},
		{"/08-chinese.html", "", 1, []string{
			"十二名志愿教师抵达县里最偏远的三所山区小学",
			"孩子们第一次听到钢琴声的时候，教室里一下子安静了下来。"}},
		{"/09-hindi.html", "", 1, []string{
			"पहले गाँव की महिलाओं को रोज़ दो किलोमीटर दूर कुएँ से पानी लाना पड़ता था।",
			"पंप दिन में छह घंटे चलता है"}},
		{"/10-typography.html", "", 1, []string{
			"“It’s weeks, not months,” Fenella Achterberg told reporters outside the stage door.",
			"budgeted at 6–7 million when it began in 2022",
			"The building’s 1890s plasterwork – much of it hidden under later paint – took a team",
			"will be offered new dates or a refund… and, the theatre says, a free programme."}},
		{"/11-lists-headings.html", "", 1, []string{
			"The new yellow bin takes plastic bottles, tins and drinks cartons.",
			"paper and cardboard only, flattened. The new yellow bin takes",
			"Put bins out by seven in the morning."}},
		{"/12-long.html", "", 1, []string{
			"A petition organised by hospital staff gathered six thousand signatures in a fortnight",
			"engine off, doors open, listening to the city"}},
		{"/13-changed.html", "", 1, []string{
			"found a cracked bearing beneath the second span",
			"Pedestrians and cyclists can still use the footway on the northern side."}},
		{"/13-changed.html", "", 2, []string{
			"a temporary bus shuttle would run across it every half hour from Wednesday",
			"found a cracked bearing beneath the second span"}},
		{"/14-canonical.html?utm_source=newsletter&utm_medium=email", "", 1, []string{
			"adding a loop through the university campus instead",
			"The start will be split into five waves to ease crowding on the first bridge."}},
		{"/15-table.html", "", 1, []string{
			"with April alone bringing almost twice its usual rainfall",
			"Reservoir levels are now close to normal for the time of year."}},
		{"/16-interview.html", "", 1, []string{
			"By Wednesday we had people sleeping on mats between the tables",
			"Nobody was turned away. That was the one rule we kept, whatever else we had to bend."}},
		{"/17-live-updates.html", "", 1, []string{
			"",
			"Gusts of up to 110 kilometres an hour are now forecast for exposed headlands overnight",
			"Schools in the three coastal districts will open two hours late tomorrow"}},
		{"/18-accents.html", "", 1, []string{
			"crews from Saint-Aubin-sur-Lac answered calls in Großweiler",
			"« Le feu ne connaît pas de frontière »"}},
		{"/19-footnotes.html", "", 1, []string{
			"phone location data from more than two thousand volunteers.",
			"Cyclists were the most accurate, misjudging their times by under two minutes on average"}},
		{"/20-site-chrome.html", "", 1, []string{
			"were returned on Saturday to the mountain village where they were made",
			"made less sense every year"}},
		{"/21-fetched.html", ready, 1, []string{
			"opened to passengers on Sunday morning, six months behind schedule and slightly under budget",
			"Trams now run every seven minutes between the station and the hospital's main entrance"}},
		{"/22-symbols.html", "", 1, []string{
			"sorted 48 coloured blocks in 2 min 31 s, the fastest time at the regional round 🏆",
			"from −10 °C to 45 °C",
			"It took us three weeks to teach it that green and teal are different colours 😅"}},
	}
}

// fixtureServer serves testdata/capture from another origin than claimline:
// /13-changed.html is v1 of that page until changed is set, then v2;
// /big.html is about 2 MB of 12-long.html's paragraphs repeated, and one
// paragraph of its own at the end; /huge.html is the same over 11 MiB.
type fixtureServer struct {
	base    string
	changed atomic.Bool
	bigSize int
}

func newFixtureServer(t *testing.T) *fixtureServer {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "capture")
	f := &fixtureServer{}
	big := bigPage(t, filepath.Join(dir, "12-long.html"), 2<<20)
	f.bigSize = len(big)
	huge := sync.OnceValue(func() []byte { return bigPage(t, filepath.Join(dir, "12-long.html"), 11<<20) })
	files := http.FileServer(http.Dir(dir))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Never from the browser's cache: /13-changed.html changes.
		w.Header().Set("Cache-Control", "no-store")
		switch r.URL.Path {
		case "/13-changed.html":
			name := "13-changed-v1.html"
			if f.changed.Load() {
				name = "13-changed-v2.html"
			}
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(b)
		case "/big.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(big)
		case "/huge.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(huge())
		default:
			files.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	// localhost, where claimline is at 127.0.0.1: another site, as in life.
	f.base = strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)
	return f
}

// bigPage repeats the paragraphs of a fixture page until the page holds
// about size bytes, and ends it with a paragraph found nowhere else.
func bigPage(t *testing.T, path string, size int) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	paras := regexp.MustCompile(`(?s)<p>.*?</p>`).FindAll(b, -1)
	var body bytes.Buffer
	for body.Len() < size {
		for _, p := range paras {
			body.Write(p)
			body.WriteByte('\n')
		}
	}
	return fmt.Appendf(nil, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Night buses, the long read</title></head>
<body><main><article><h1>Night buses, the long read</h1>
%s<p>The last bus of the night leaves the depot with its lights dimmed and one passenger asleep by the door.</p>
</article></main></body></html>`, body.Bytes())
}

// extBrowser is headless Chromium with the extension loaded, and one tab
// that every page opens in.
type extBrowser struct {
	t   *testing.T
	ctx context.Context
	id  string // the extension's id
	// inspect, when set, looks at each result before it closes.
	inspect func(ctx context.Context)
	// done holds the results shown and closed, which may linger in the
	// list of targets for a moment.
	done map[target.ID]bool
}

// extensionBrowser starts Chromium with the unpacked extension, skipping
// and failing as browser does.
func extensionBrowser(t *testing.T, limit time.Duration) *extBrowser {
	t.Helper()
	path := chromium(t)
	dir, err := filepath.Abs(filepath.Join("..", "..", "web", "extension"))
	if err != nil {
		t.Fatal(err)
	}
	// --headless is the new headless mode, which runs extensions;
	// triggerAction needs the unsafe debugging switch, over chromedp's pipe.
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-extensions", false), chromedp.Flag("load-extension", dir),
		chromedp.Flag("disable-extensions-except", dir), chromedp.Flag("enable-unsafe-extension-debugging", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// A popup attached while it loads sends DOM events before its frame is
	// known, which chromedp logs as errors: harmless, so not logged.
	quiet := chromedp.WithErrorf(func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "no top-level frame") {
			log.Print(msg)
		}
	})
	ctx, cancel2 := chromedp.NewContext(actx, quiet)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, limit)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b := &extBrowser{t: t, ctx: ctx, done: map[target.ID]bool{}}
	// The extension's service worker names it: chrome-extension://<id>/.
	for deadline := time.Now().Add(10 * time.Second); b.id == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, ti := range infos {
			if rest, ok := strings.CutPrefix(ti.URL, "chrome-extension://"); ok && ti.Type == "service_worker" {
				b.id, _, _ = strings.Cut(rest, "/")
			}
		}
	}
	if b.id == "" {
		t.Fatal("the extension's service worker never started: Chromium did not load the extension")
	}
	return b
}

func (b *extBrowser) url(page string) string { return "chrome-extension://" + b.id + "/" + page }

// configure saves a server address and token on the options page, as a
// person would, and waits for the check that saving runs.
func (b *extBrowser) configure(server, token string) {
	b.t.Helper()
	do(b.t, b.ctx, chromedp.Navigate(b.url("options.html")), chromedp.WaitReady(`form[data-loaded]`),
		emptyOptions, chromedp.SendKeys("#server", server), chromedp.SendKeys("#token", token),
		chromedp.Click("#save"), optionsChecked)
}

// emptyOptions empties the options page's fields, as selecting their text
// and deleting it would (chromedp.Clear empties the value attribute only).
func emptyOptions(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := chromedp.Evaluate[bool](`["server", "token"].every(id => (document.getElementById(id).value = "") === "")`)(ctx, t)
	return chromedp.Void{}, err
}

// optionsChecked waits for the options page's check to end.
func optionsChecked(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := chromedp.Poll[bool](`(d => !!d && d !== "working")(document.getElementById("status").dataset.check)`,
		chromedp.WithPollingInterval(10*time.Millisecond))(ctx, t)
	return chromedp.Void{}, err
}

// test checks an address and a token with the options page's Test button,
// without saving, and returns what it found ("ok", "401", "network"…).
func (b *extBrowser) test(server, token string) string {
	b.t.Helper()
	do(b.t, b.ctx, chromedp.Navigate(b.url("options.html")), chromedp.WaitReady(`form[data-loaded]`),
		chromedp.SetValue("#server", server), chromedp.SetValue("#token", token),
		chromedp.Click("#test"), optionsChecked)
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById("status").dataset.check`))
	if err != nil {
		b.t.Fatal(err)
	}
	return got
}

func (b *extBrowser) checkText() string {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById("status").innerText`))
	if err != nil {
		b.t.Fatal(err)
	}
	return got
}

// open loads a page in the tab and waits for it (and for ready, if given).
func (b *extBrowser) open(pageURL, ready string) {
	b.t.Helper()
	do(b.t, b.ctx, chromedp.Navigate(pageURL), chromedp.WaitReady("body"))
	if ready != "" {
		do(b.t, b.ctx, chromedp.WaitReady(ready))
	}
}

// selectJS selects the first occurrence of a passage in the page, as a
// person dragging over it would: a Range from the text node of its first
// character to that of its last, across any elements between. White space
// is matched loosely, and element boundaries count as white space (a <br>
// or a new paragraph). It returns what the selection holds.
const selectJS = `(passage) => {
	const inline = /^(A|ABBR|B|BDI|BDO|CITE|CODE|DFN|EM|I|KBD|MARK|Q|S|SMALL|SPAN|STRONG|SUB|SUP|TIME|U|VAR)$/;
	let text = "", at = [], space = true;
	const put = (ch, node, i) => {
		if (/\s/.test(ch)) {
			if (!space) { text += " "; at.push(null); space = true; }
			return;
		}
		text += ch; at.push([node, i]); space = false;
	};
	const visit = (n) => {
		if (n.nodeType === 3) { for (let i = 0; i < n.data.length; i++) put(n.data[i], n, i); return; }
		if (n.nodeType !== 1 || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(n.tagName)) return;
		const block = !inline.test(n.tagName);
		if (block) put(" ");
		for (const c of n.childNodes) visit(c);
		if (block) put(" ");
	};
	visit(document.body);
	const want = passage.replace(/\s+/g, " ").trim();
	const i = text.indexOf(want);
	if (i < 0) return "";
	const [sn, so] = at[i], [en, eo] = at[i + want.length - 1];
	const r = document.createRange();
	r.setStart(sn, so);
	r.setEnd(en, eo + 1);
	const sel = getSelection();
	sel.removeAllRanges();
	sel.addRange(r);
	return sel.toString();
}`

func (b *extBrowser) selectText(passage string) string {
	b.t.Helper()
	arg, _ := json.Marshal(passage)
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string]("("+selectJS+")("+string(arg)+")"))
	if err != nil || got == "" {
		b.t.Fatalf("select %q: not on the page (%v)", passage, err)
	}
	return got
}

// popupResult is what the extension's popup shows once a capture is over.
type popupResult struct {
	State    string `json:"state"`  // saved, problem, network, setup, unreadable
	Status   string `json:"status"` // the server's HTTP status
	SourceID string `json:"sourceId"`
	Version  string `json:"version"`
	Quote    string `json:"quote"`    // the anchored passage shown
	Reader   string `json:"reader"`   // the link to the reader
	Settings bool   `json:"settings"` // a link to the settings is offered
	Focused  string `json:"focused"`  // the id of the focused element
	Text     string `json:"text"`
}

const popupResultJS = `(() => {
	const r = document.getElementById("result");
	if (!r || r.dataset.state === "working") return null;
	const q = document.getElementById("quote"), reader = document.getElementById("reader-link");
	return {state: r.dataset.state, status: r.dataset.status || "", sourceId: r.dataset.sourceId || "",
		version: r.dataset.version || "", quote: q ? q.textContent : "", reader: reader ? reader.href : "",
		settings: !!document.getElementById("open-settings"),
		focused: document.activeElement ? document.activeElement.id : "", text: r.innerText};
})()`

// capture clicks the extension's toolbar button for the tab, as a person
// would (Extensions.triggerAction opens the popup), and returns what the
// popup shows at the end and how long that took from the click.
func (b *extBrowser) capture() (popupResult, time.Duration) {
	b.t.Helper()
	tab := b.tabTarget()
	start := time.Now()
	if _, err := chromedp.CallBrowser(b.ctx, extensions.TriggerAction, extensions.TriggerActionParams{ID: b.id, TargetID: string(tab)}); err != nil {
		b.t.Fatalf("click the extension's button: %v", err)
	}
	res := b.result(b.waitTarget(b.url("popup.html")))
	return res, time.Since(start)
}

// result waits for the extension page at id (the popup, or the tab that
// a menu capture opens) to show the outcome of a capture, and closes it.
func (b *extBrowser) result(id target.ID) popupResult {
	b.t.Helper()
	pctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id))
	defer cancel()
	wctx, cancel2 := context.WithTimeout(pctx, 20*time.Second)
	defer cancel2()
	res, err := chromedp.Run(wctx, chromedp.Poll[popupResult](popupResultJS, chromedp.WithPollingInterval(10*time.Millisecond)))
	if err != nil {
		b.t.Fatalf("the extension never showed a result: %v", err)
	}
	if res.Focused != "headline" {
		b.t.Errorf("the result's focus is on %q, not on its headline", res.Focused)
	}
	if b.inspect != nil {
		b.inspect(wctx)
	}
	if _, err := chromedp.CallBrowser(b.ctx, target.CloseTarget, target.CloseTargetParams{TargetID: id}); err != nil {
		b.t.Fatalf("close the result: %v", err)
	}
	b.done[id] = true
	return res
}

// inWorker evaluates JavaScript in the extension's service worker and
// waits for the promise it returns.
func (b *extBrowser) inWorker(js string) {
	b.t.Helper()
	infos, err := chromedp.Targets(b.ctx)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, ti := range infos {
		if ti.Type == "service_worker" && strings.HasPrefix(ti.URL, b.url("")) {
			wctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(ti.TargetID))
			defer cancel()
			wctx, cancel2 := context.WithTimeout(wctx, 20*time.Second)
			defer cancel2()
			if _, err := chromedp.Run(wctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise)); err != nil {
				b.t.Fatalf("in the service worker: %v", err)
			}
			return
		}
	}
	b.t.Fatal("the extension's service worker is not running")
}

// tabTarget is the target of the tab, which triggerAction takes (not the
// page in it).
func (b *extBrowser) tabTarget() target.ID {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	res, err := chromedp.CallBrowser(b.ctx, target.GetTargets, target.GetTargetsParams{Filter: target.Filter{{Type: "tab"}}})
	if err != nil {
		b.t.Fatal(err)
	}
	for _, ti := range res.TargetInfos {
		if ti.Type == "tab" && ti.URL == loc {
			return ti.TargetID
		}
	}
	b.t.Fatalf("no tab shows %s", loc)
	return ""
}

// waitTarget waits for a new page target at an address and returns it.
func (b *extBrowser) waitTarget(addr string) target.ID {
	b.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		infos, err := chromedp.Targets(b.ctx)
		if err != nil {
			b.t.Fatal(err)
		}
		for _, ti := range infos {
			if ti.Type == "page" && strings.HasPrefix(ti.URL, addr) && !b.done[ti.TargetID] {
				return ti.TargetID
			}
		}
	}
	b.t.Fatalf("no page opened at %s", addr)
	return ""
}

// axeExtensionPage runs axe-core on an extension page, in the light colour
// scheme and, for contrast, the dark one: the pages are small and every
// fault fails the test.
func axeExtensionPage(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		opts := axeAll
		if scheme == "dark" {
			opts = axeContrast
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		for _, v := range runAxe(t, ctx, string(src), opts) {
			t.Errorf("%s, %s scheme: axe %s (%s): %s at %v\n%s", what, scheme, v.ID, v.Impact, v.Help, v.Targets, v.Summary)
		}
	}
}

// tokenClient calls claimline's API with a token, as the extension does.
type tokenClient struct {
	t           *testing.T
	base, token string
}

type tokenSource struct {
	Version  int    `json:"version"`
	Text     string `json:"text"`
	URL      string `json:"url"`
	Versions []struct {
		Number int `json:"number"`
	} `json:"versions"`
}

type tokenClipping struct {
	ID       int64  `json:"id"`
	SourceID int64  `json:"source_id"`
	Quote    string `json:"quote"`
}

func (a tokenClient) get(path string, v any) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.base+"/api/v1"+path, nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		a.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		a.t.Fatalf("GET %s: %v", path, err)
	}
}

func (a tokenClient) source(id int64) tokenSource {
	var s tokenSource
	a.get("/sources/"+strconv.FormatInt(id, 10), &s)
	return s
}

func (a tokenClient) tray() []tokenClipping {
	var l struct {
		Items []tokenClipping `json:"items"`
	}
	a.get("/clippings", &l)
	return l.Items
}

// lastCaptureMS reads from the server's log how many milliseconds the last
// capture took in its handler.
func lastCaptureMS(serverLog string) string {
	ms := "?"
	for _, m := range regexp.MustCompile(`path=/api/v1/captures status=\d+ ms=(\d+)`).FindAllStringSubmatch(serverLog, -1) {
		ms = m[1]
	}
	return ms
}

// oneSpaced folds runs of white space into one space, trimmed.
func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }
