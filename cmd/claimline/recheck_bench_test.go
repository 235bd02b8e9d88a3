package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"claimline/internal/app"
	"claimline/internal/claimline"
	"claimline/internal/fetch"
)

// BenchmarkRecheck1000Unchanged: "source recheck --all" over 1,000 sources
// whose pages (about 5 KB of text each, served by a local server) have not
// changed. It reports the time per full recheck, and the heap in use after
// it as heap-MB. go test ./cmd/claimline -run XXX -bench Recheck1000 -benchmem
func BenchmarkRecheck1000Unchanged(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		b.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	// Each page is its own text (about 5 KB of words that no other page
	// shares), so the library holds no copies.
	page := func(i string) string {
		n, _ := strconv.Atoi(strings.TrimPrefix(i, "/"))
		var b strings.Builder
		for k := 0; b.Len() < 5000; k++ {
			fmt.Fprintf(&b, "w%d ", (n*7919+k*104729)%1000003)
			if k%15 == 14 {
				b.WriteString("end.\n")
			}
		}
		return b.String()
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(page(strings.TrimPrefix(r.URL.Path, "/story/"))))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	a, err := app.Open(context.Background(), app.Config{DB: filepath.Join(b.TempDir(), "r.db"), Getter: fetch.NewAllowing("127.0.0.2/32")})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	ctx := claimline.NewContextWithUser(context.Background(), &claimline.User{Username: "bench"})
	// Added from many goroutines, so that the writer commits them in batches.
	var wg sync.WaitGroup
	for w := 0; w < 20; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 1000; i += 20 {
				id := fmt.Sprint(i)
				if _, _, err := a.Sources.AddText(ctx, claimline.SourceInput{Title: "Story " + id, URL: "http://" + ln.Addr().String() + "/story/" + id, Text: page(id)}); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	ids, _ := a.Sources.RecheckTargets(ctx)
	b.ResetTimer()
	for b.Loop() {
		rs, err := recheckAll(ctx, a.Sources, ids)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			if r.Outcome != "unchanged" {
				b.Fatalf("source %d: %s %s", r.SourceID, r.Outcome, r.Reason)
			}
		}
	}
	b.StopTimer()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
}
