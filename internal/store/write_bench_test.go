package store_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"claimline/internal/claimline"
)

// BenchmarkCreateEntry100 has 100 goroutines create entries at once, as 100
// people saving forms would: what the one writer sustains, without HTTP.
func BenchmarkCreateEntry100(b *testing.B) {
	st := open(b)
	ctx := as("ann")
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Load", Slug: "load"})
	if err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	b.ResetTimer()
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			for {
				i := n.Add(1)
				if i > int64(b.N) {
					return
				}
				_, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "12 Sep 2024", Kind: "statement",
					Title: fmt.Sprintf("Entry %d", i), Actors: []string{"Vladimir Putin"}, Tags: []string{"load"}})
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
