package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
)

// While nothing is read, writes go in up to the idle limit; while a page
// is being read, only up to the busy limit, the others waiting first come
// first served; reads always pass; a writer whose client hangs up while
// waiting leaves without being worked on, and its place is not lost.
func TestAdmissionBoundsWrites(t *testing.T) {
	s := &Server{admission: newAdmission(2, 3)}
	e := echo.New()
	var mu sync.Mutex
	blocks := map[string]chan struct{}{}
	block := func(path string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if blocks[path] == nil {
			blocks[path] = make(chan struct{})
		}
		return blocks[path]
	}
	entered := make(chan string, 20)
	h := s.admit(func(c echo.Context) error {
		entered <- c.Request().Method + " " + c.Request().URL.Path
		<-block(c.Request().URL.Path)
		return nil
	})
	var wg sync.WaitGroup
	start := func(ctx context.Context, method, path string) chan error {
		done := make(chan error, 1)
		wg.Go(func() {
			done <- h(e.NewContext(httptest.NewRequest(method, path, nil).WithContext(ctx), httptest.NewRecorder()))
		})
		return done
	}
	want := func(what string) {
		t.Helper()
		if got := <-entered; got != what {
			t.Fatalf("%q went in, want %q", got, what)
		}
	}
	waiting := func(n int) { // until n writes wait: goroutines start in any order
		for {
			s.admission.mu.Lock()
			got := len(s.admission.waiting)
			s.admission.mu.Unlock()
			if got == n {
				return
			}
			runtime.Gosched()
		}
	}
	state := func(writing, waiting int) {
		t.Helper()
		s.admission.mu.Lock()
		defer s.admission.mu.Unlock()
		if s.admission.writing != writing || len(s.admission.waiting) != waiting {
			t.Fatalf("%d writing and %d waiting, want %d and %d", s.admission.writing, len(s.admission.waiting), writing, waiting)
		}
	}
	done := map[string]chan error{}
	for _, p := range []string{"/w1", "/w2", "/w3"} {
		done[p] = start(context.Background(), http.MethodPost, p)
		want("POST " + p) // nothing read: three at once
	}
	start(context.Background(), http.MethodPost, "/w4")
	waiting(1)
	start(context.Background(), http.MethodGet, "/page")
	want("GET /page") // reads pass while writes are full
	ctx, cancel := context.WithCancel(context.Background())
	gone := start(ctx, http.MethodPost, "/gone")
	waiting(2)
	start(context.Background(), http.MethodPost, "/w5")
	waiting(3)
	cancel()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Fatalf("a writer that hung up while waiting: %v", err)
	}
	state(3, 2)
	close(block("/w1")) // two left, while a page is read: none more
	<-done["/w1"]
	state(2, 2)
	close(block("/w2")) // one left: the oldest waiting goes in
	<-done["/w2"]
	want("POST /w4")
	state(2, 1)
	close(block("/w3"))
	want("POST /w5")
	for _, p := range []string{"/w4", "/w5", "/page"} {
		close(block(p))
	}
	wg.Wait()
	if s.admission.writing != 0 || s.admission.reading != 0 || len(s.admission.waiting) != 0 {
		t.Errorf("after every request: %d writing, %d reading, %d waiting", s.admission.writing, s.admission.reading, len(s.admission.waiting))
	}
}
