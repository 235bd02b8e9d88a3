//go:build unix

package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/server"
	"claimline/internal/store"
)

// seedEvidence gives every third entry of the timeline's first page a
// citation with a quote, a claim and an assessment of it, as a worked
// timeline has.
func seedEvidence(b testing.TB, st *store.Store, slug string) {
	b.Helper()
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "bench"})
	text := "Putin said NATO countries would be at war with Russia if Ukraine may strike deep into Russia."
	src, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: "Article", Outlet: "Outlet", Text: text}})
	if err != nil {
		b.Fatal(err)
	}
	tl, err := st.TimelineBySlug(ctx, slug)
	if err != nil {
		b.Fatal(err)
	}
	page, err := st.Entries(ctx, tl.ID, claimline.EntryFilter{Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	for i, e := range page.Entries {
		if i%3 != 0 {
			continue
		}
		if _, err := st.AddCitation(ctx, e.ID, src.ID, "at war with Russia"); err != nil {
			b.Fatal(err)
		}
		c, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "NATO would be at war with Russia", Claimant: "Vladimir Putin"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: src.ID, Stance: "supports", Quote: "strike deep into Russia"}); err != nil {
			b.Fatal(err)
		}
	}
}

// discardWriter is a ResponseWriter that, like a connection, keeps nothing
// of the body (a recorder's growing buffer would be most of the garbage).
type discardWriter struct {
	header http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *discardWriter) Flush() {}
func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += len(p)
	return len(p), nil
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchTimelinePage serves the first page (up to PageSize entries) of an
// n-entry timeline (a third of its first 100 entries with evidence) through the real handler and
// database, one request at a time, and reports the server's CPU time and
// SQL statements per request. cacheBytes < 0 turns the page cache off.
func benchTimelinePage(b *testing.B, n int, cacheBytes int64) {
	h := newHarness(b, func(c *server.Config) { c.PageCacheBytes = cacheBytes })
	slug := seedTimeline(b, h, n)
	seedEvidence(b, h.st, slug)
	c := h.signedIn(h.user("vera", claimline.RoleViewer))
	cookie := "claimline_session=" + c.cookie("claimline_session")
	handler := h.srv.Handler()
	req := func() {
		r := httptest.NewRequest(http.MethodGet, "/timelines/"+slug, nil)
		r.Header.Set("Cookie", cookie)
		w := &discardWriter{header: http.Header{}}
		handler.ServeHTTP(w, r)
		if w.status != http.StatusOK || w.n < 10000 {
			b.Fatalf("status %d, %d bytes", w.status, w.n)
		}
	}
	req() // the session and, with the cache, the page are now in memory
	b.ReportAllocs()
	statements, cpu := h.st.Statements(), cpuTime()
	for b.Loop() {
		req()
	}
	b.ReportMetric(float64(h.st.Statements()-statements)/float64(b.N), "statements/op")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkTimelinePageUncached100 renders a 100-entry page, without the
// page cache, of a 100-entry timeline.
func BenchmarkTimelinePageUncached100(b *testing.B) { benchTimelinePage(b, 100, -1) }

// BenchmarkTimelinePageUncached600 and BenchmarkTimelinePageUncached20k
// render the first page (500 entries) of a 600- and of a 20,000-entry
// timeline: the timeline's length should not show in the cost.
func BenchmarkTimelinePageUncached600(b *testing.B) { benchTimelinePage(b, 600, -1) }
func BenchmarkTimelinePageUncached20k(b *testing.B) { benchTimelinePage(b, 20000, -1) }

// BenchmarkTimelinePageCached100 serves the unchanged page from memory.
func BenchmarkTimelinePageCached100(b *testing.B) { benchTimelinePage(b, 100, 0) }
