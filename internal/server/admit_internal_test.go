package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
)

// At most MaxWrites state-changing requests are worked on at once; the
// next waits until one is done, reads pass meanwhile, and a writer whose
// client hangs up while waiting leaves without being worked on.
func TestAdmitBoundsWrites(t *testing.T) {
	s := &Server{writeSlots: make(chan struct{}, 2)}
	e := echo.New()
	release := make(chan struct{})
	entered := make(chan string, 10)
	h := s.admit(func(c echo.Context) error {
		entered <- c.Request().Method + " " + c.Request().URL.Path
		if c.Request().Method == http.MethodPost {
			<-release
		}
		return nil
	})
	run := func(ctx context.Context, method, path string) error {
		req := httptest.NewRequest(method, path, nil).WithContext(ctx)
		return h(e.NewContext(req, httptest.NewRecorder()))
	}
	var wg sync.WaitGroup
	for _, p := range []string{"/a", "/b"} {
		wg.Go(func() { run(context.Background(), http.MethodPost, p) })
	}
	<-entered
	<-entered // both slots taken
	third := make(chan error, 1)
	go func() { third <- run(context.Background(), http.MethodPost, "/c") }()
	if err := run(context.Background(), http.MethodGet, "/page"); err != nil || <-entered != "GET /page" {
		t.Fatalf("a read while the writes are full: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	hungUp := make(chan error, 1)
	go func() { hungUp <- run(ctx, http.MethodPost, "/gone") }()
	cancel()
	if err := <-hungUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("a writer that hung up while waiting: %v", err)
	}
	select {
	case got := <-entered:
		t.Fatalf("%s was worked on while two writes were", got)
	default:
	}
	release <- struct{}{} // one of the first two finishes: the third goes in
	if got := <-entered; got != "POST /c" {
		t.Fatalf("after a write finished, %q went in, want POST /c", got)
	}
	close(release)
	wg.Wait()
	if err := <-third; err != nil {
		t.Fatal(err)
	}
}
