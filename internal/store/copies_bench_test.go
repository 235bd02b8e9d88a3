package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// articleText returns a pseudo-random article of about n bytes over a
// vocabulary of a few thousand words, as news prose has.
func articleText(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		for i := 0; i < 12+r.IntN(12); i++ {
			b.WriteString(fmt.Sprintf("w%d ", r.IntN(3000)))
		}
		b.WriteString("end.\n")
	}
	return b.String()
}

// BenchmarkCopyCheck10k: the copy check of a 5 KB text against a library of
// 10,000 sources of about 5 KB each (about 8 million indexed shingles), one
// of which it copies. go test ./internal/store -run XXX -bench CopyCheck10k
func BenchmarkCopyCheck10k(b *testing.B) {
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := as("bench")
	r := rand.New(rand.NewPCG(1, 2))
	texts := make([]string, 10000)
	for i := range texts {
		texts[i] = articleText(r, 5000)
	}
	copied := texts[5000]
	// Added from many goroutines, so that the writer commits them in
	// batches: the set-up would otherwise wait on 10,000 fsyncs.
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if _, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: fmt.Sprint("s", i), Text: texts[i]}}); err != nil {
					panic(err)
				}
			}
		}()
	}
	for i := range texts {
		next <- i
	}
	close(next)
	wg.Wait()
	probe := "A new first paragraph written by the copying outlet.\n" + copied[len(copied)/4:]
	b.ResetTimer()
	for b.Loop() {
		cs, err := st.CheckCopies(ctx, probe)
		if err != nil || len(cs) != 1 {
			b.Fatalf("copies %+v %v", cs, err)
		}
	}
}
