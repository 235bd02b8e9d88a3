package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// BenchmarkSuggestEvidence times the claim page's suggestions on the search
// benchmark's library (10,000 sources): half the claims with no stance
// (the claim's words alone), half with one (its quoted passage's words too).
func BenchmarkSuggestEvidence(b *testing.B) {
	path, _ := buildLibrary(b)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{ID: 1, Username: "bench", Role: claimline.RoleEditor})
	var claims []int64
	for id := int64(1); id <= 20; id++ {
		claims = append(claims, id)
		if id%2 == 1 {
			continue
		}
		src, err := st.Source(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		quote := src.Text[:strings.LastIndexByte(src.Text[:120], ' ')]
		if _, err := st.SetAssessment(ctx, id, claimline.AssessmentInput{SourceID: id, Stance: "supports", Quote: quote}); err != nil {
			b.Fatal(err)
		}
	}
	var times []time.Duration
	shown := 0
	b.ResetTimer()
	for b.Loop() {
		for _, id := range claims {
			start := time.Now()
			sugg, err := st.SuggestEvidence(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(start))
			shown += len(sugg)
		}
	}
	if shown == 0 {
		b.Fatal("nothing suggested")
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/p50")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "ms/p90")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms/max")
}
