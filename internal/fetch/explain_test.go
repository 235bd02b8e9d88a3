package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestExplainTellsFailuresByType: each failure is explained by what it is,
// whatever its text says; an address that holds "redirects" or "no such
// host" does not make a refused connection a redirect loop or a missing
// host.
func TestExplainTellsFailuresByType(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	get := func(addr string, err error) error { return &url.Error{Op: "Get", URL: addr, Err: err} }
	timeout := fmt.Sprintf("the page did not arrive within %s", Timeout)
	for _, c := range []struct {
		err  error
		want string
	}{
		{get("http://example.com/", errTooManyRedirects), "the page redirects more than 5 times"},
		{get("http://example.com/", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "example.com", IsNotFound: true}}),
			"the host name could not be found"},
		{get("http://example.com/", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}), timeout},
		{get("http://example.com/", context.DeadlineExceeded), timeout},
		{get("http://example.com/redirects", refused), `the page could not be fetched: Get "http://example.com/redirects": dial tcp: connect: connection refused`},
		{get("http://example.com/no such host", refused), `the page could not be fetched: Get "http://example.com/no such host": dial tcp: connect: connection refused`},
		{get("http://example.com/Client.Timeout", refused), `the page could not be fetched: Get "http://example.com/Client.Timeout": dial tcp: connect: connection refused`},
	} {
		if got := explain(c.err).Error(); got != c.want {
			t.Errorf("explain(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// TestClientTimeoutIsExplained: the client's own time limit, whether it
// runs out awaiting the headers or reading the body, is explained as such.
func TestClientTimeoutIsExplained(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/body" {
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("the start of a page"))
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done() // the rest never comes
	}))
	defer srv.Close()
	f := newFetcher(nil) // no address check: the server is on the loopback
	f.client.Timeout = 100 * time.Millisecond
	for _, path := range []string{"/headers", "/body"} {
		_, err := f.Get(context.Background(), srv.URL+path)
		if want := fmt.Sprintf("the page did not arrive within %s", Timeout); err == nil || err.Error() != want {
			t.Errorf("%s: %v; want %q", path, err, want)
		}
	}
}
