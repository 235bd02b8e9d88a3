package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/server"
)

// seedTimeline adds a timeline of n entries, each with 2 actors and 2 tags
// drawn from small pools, spread over 2015–2024 at mixed precisions.
func seedTimeline(b testing.TB, h *harness, n int) string {
	b.Helper()
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "bench"})
	tl, err := h.st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Bench", Slug: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	ins := make([]claimline.EntryInput, n)
	for i := range ins {
		date := fmt.Sprintf("%d-%02d-%02d", 2015+i%10, 1+i%12, 1+i%28)
		if i%7 == 0 {
			date = fmt.Sprintf("%d-%02d", 2015+i%10, 1+i%12)
		}
		ins[i] = claimline.EntryInput{Date: date, Kind: string(claimline.Kinds[i%5]), Title: fmt.Sprintf("Entry %d about long-range strikes", i),
			Description: "A statement or policy move on the restrictions.",
			Actors:      []string{fmt.Sprintf("Actor %d", i%40), fmt.Sprintf("Actor %d", 40+i%13)},
			Tags:        []string{fmt.Sprintf("tag%d", i%20), fmt.Sprintf("tag%d", 20+i%7)}}
	}
	if err := h.st.CreateEntries(ctx, tl.ID, ins); err != nil {
		b.Fatal(err)
	}
	return tl.Slug
}

func benchPage(b *testing.B, n int) {
	h := newHarness(b, func(c *server.Config) { c.PageCacheBytes = -1 }) // render every time
	slug := seedTimeline(b, h, n)
	c := h.signedIn(h.user("ed", claimline.RoleViewer))
	cookie := "claimline_session=" + c.cookie("claimline_session")
	handler := h.srv.Handler()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/timelines/"+slug, nil)
		req.Header.Set("Cookie", cookie)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkTimelinePage1000 renders a whole 1,000-entry timeline page
// (entries, actors, tags, overview) through the real handler and database.
func BenchmarkTimelinePage1000(b *testing.B) { benchPage(b, 1000) }

// BenchmarkTimelinePage10000 renders the first page of a 10,000-entry
// timeline: paging keeps it close to the 1,000-entry figure.
func BenchmarkTimelinePage10000(b *testing.B) { benchPage(b, 10000) }
