package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"claimline/internal/claimline"
)

// A person drags the bookmarklet to the bar, selects a passage on a news
// page of another site and clicks it: claimline's window shows what it
// received, nothing is kept until they press Capture, and then the reader
// opens at the passage, which is on their tray.
func TestBrowserBookmarklet(t *testing.T) {
	ctx := browser(t)
	h := newHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	signIn(t, ctx, h.ts.URL, "ed")
	do(t, ctx, chromedp.Navigate(h.ts.URL+"/capture"), chromedp.WaitVisible("#bookmarklet"))
	bookmarklet, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("bookmarklet").getAttribute("href")`))
	if err != nil || !strings.HasPrefix(bookmarklet, "javascript:") {
		t.Fatalf("bookmarklet %q: %v", bookmarklet, err)
	}
	// The news site, with the bookmark standing in for the bookmarks bar
	// (pressing it must not move the selection, as the bar does not).
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html><head><title>Ministers split over port deal | Harbour Times</title>
<link rel="canonical" href="` + "http://" + r.Host + `/port-deal"></head><body>
<nav><a href="/">Home</a> <a href="/business">Business</a></nav>
<article><h1>Ministers split over port deal</h1>
<p>The transport minister said on Tuesday that the <a href="/port">port authority</a> would sign the lease <em>before the end of March</em>, a date the finance ministry has not confirmed.</p>
<p>Two officials familiar with the talks said the price was still open. The opposition called for the terms to be published in full.</p>
<p>Dock workers' unions, which were not consulted, plan a meeting next week to decide on their response.</p></article>
<a id="bm" href="` + strings.ReplaceAll(bookmarklet, `"`, "&quot;") + `">Capture in claimline</a>
<script>document.getElementById("bm").addEventListener("mousedown", function (e) { e.preventDefault(); });</script>
</body></html>`))
	}))
	defer site.Close()
	do(t, ctx, chromedp.Navigate(site.URL+"/port-deal?ref=home"), chromedp.WaitVisible("article"))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () {
		var p = document.querySelector("article p"), r = document.createRange();
		r.setStart(p.childNodes[0], p.childNodes[0].textContent.indexOf("the "));
		var em = p.querySelector("em");
		r.setEnd(em.firstChild, em.firstChild.textContent.length);
		getSelection().removeAllRanges(); getSelection().addRange(r);
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	popup := chromedp.WaitNewTarget(ctx, func(i *target.Info) bool { return strings.Contains(i.URL, "/capture/receive") })
	do(t, ctx, chromedp.Click("#bm"))
	window := <-popup
	// The window is read and pressed with scripts, each time through a
	// fresh attachment: chromedp's view of a window attached while it
	// loads goes stale, as its DOM queries do.
	poll := func(expr string) string {
		t.Helper()
		wctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(window))
		t.Cleanup(cancel) // cancelling closes the window: only at the end
		pctx, cancel2 := context.WithTimeout(wctx, 15*time.Second)
		defer cancel2()
		got, err := chromedp.Run(pctx, chromedp.Poll[string](expr, chromedp.WithPollingInterval(20*time.Millisecond)))
		if err != nil {
			t.Fatalf("the capture window: %v", err)
		}
		return got
	}
	// The window shows the passage it received; nothing is kept yet.
	const passage = "the port authority would sign the lease before the end of March"
	if got := poll(`(function () { var b = document.getElementById("capture-ready"); return b && !b.hidden && document.getElementById("capture-selection").textContent; })()`); got != passage {
		t.Fatalf("the window shows the selection %q", got)
	}
	if srcs, _ := h.app.Sources.List(context.Background()); len(srcs) != 0 {
		t.Fatal("something was kept before the user pressed Capture")
	}
	poll(`(setTimeout(function () { document.getElementById("capture-send").click(); }, 0), "pressed")`) // not awaited: it navigates
	if got := poll(`(function () { var m = document.querySelector('mark[data-stance="found"]'); return m && m.textContent; })()`); got != passage {
		t.Errorf("the reader marks %q", got)
	}
	srcs, _ := h.app.Sources.List(context.Background())
	if len(srcs) != 1 || srcs[0].URL != site.URL+"/port-deal" || srcs[0].Title != "Ministers split over port deal" {
		t.Fatalf("kept %+v", srcs)
	}
	tray, _ := h.app.Sources.Tray(claimline.NewContextWithUser(context.Background(), ed))
	if len(tray) != 1 || tray[0].Quote != passage {
		t.Errorf("tray %+v", tray)
	}
}
