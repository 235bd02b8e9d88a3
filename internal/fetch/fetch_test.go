package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"claimline/internal/fetch"
)

// listener accepts TCP connections on addr and counts them, answering none.
func listener(t *testing.T, addr string) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			c.Close()
		}
	}()
	return ln.Addr().String(), &n
}

// server serves h on a loopback address (127.0.0.2, so that it can be
// allowed while 127.0.0.1 stays refused).
func server(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func TestRefusesLoopbackAndPrivate(t *testing.T) {
	addr, accepted := listener(t, "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(addr)
	guarded := fetch.New()
	anyPort := fetch.NewAllowing() // any port, but the address rules hold
	for _, tc := range []struct {
		f    *fetch.Fetcher
		url  string
		want string
	}{
		{anyPort, "http://" + addr + "/", "private, local or reserved"},
		{anyPort, "http://localhost:" + port + "/", "private, local or reserved"},
		{anyPort, "http://[::1]:" + port + "/", "private, local or reserved"},
		{guarded, "http://" + addr + "/", "80 and 443"},
		{guarded, "http://169.254.169.254/latest/meta-data/", "private, local or reserved"},
		{guarded, "http://10.0.0.1/", "private, local or reserved"},
		{guarded, "http://100.64.0.1/", "private, local or reserved"},
		{guarded, "http://[fd00::1]/", "private, local or reserved"},
		{guarded, "http://0.0.0.0/", "private, local or reserved"},
		{guarded, "file:///etc/passwd", "only http and https"},
		{guarded, "ftp://example.com/", "only http and https"},
		{guarded, "http://user:pw@example.com/", "user name or password"},
	} {
		_, err := tc.f.Get(context.Background(), tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Get(%s): %v; want %q", tc.url, err, tc.want)
		}
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the loopback listener accepted %d connections", n)
	}
}

func TestRefusesLoopbackBehindRedirect(t *testing.T) {
	target, accepted := listener(t, "127.0.0.1:0")
	redirector := server(t, http.RedirectHandler("http://"+target+"/secret", http.StatusFound))
	f := fetch.NewAllowing("127.0.0.2/32")
	_, err := f.Get(context.Background(), redirector+"/")
	if err == nil || !strings.Contains(err.Error(), "private, local or reserved") {
		t.Errorf("redirect to loopback: %v", err)
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the loopback listener accepted %d connections through the redirect", n)
	}
}

func TestFetchLimits(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><title>T</title><body><p>Hello</p></body></html>")
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		// 6 MiB of text that compresses to a few kilobytes.
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(bytes.Repeat([]byte("a"), 6<<20))
		zw.Close()
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	})
	var hops int
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		hops++
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	base := server(t, mux)
	f := fetch.NewAllowing("127.0.0.2/32")

	p, err := f.Get(context.Background(), base+"/article")
	if err != nil || p.ContentType != "text/html" || !strings.Contains(string(p.Body), "Hello") {
		t.Fatalf("article: %+v, %v", p, err)
	}
	for path, want := range map[string]string{
		"/image":   "not HTML or plain text",
		"/bomb":    "larger than 5 MiB",
		"/loop":    "more than 5 times",
		"/missing": "404",
	} {
		_, err := f.Get(context.Background(), base+path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want %q", path, err, want)
		}
	}
	if hops != fetch.MaxRedirects+1 {
		t.Errorf("followed %d hops, want %d", hops, fetch.MaxRedirects+1)
	}
}

func TestRedactDropsCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/a?b=c":              "https://example.com/a?b=c",
		"https://medium.com/@ann/post":           "https://medium.com/@ann/post",
		"https://ann:s3cret@example.com/a":       "https://example.com/a",
		"https://ann@example.com/":               "https://example.com/",
		"http://ann:s3 cret@example.com/":        "http://example.com/",
		"http://ann:s3cret/x@example.com/?q=a@b": "http://example.com/?q=a@b",
		"ann:s3cret@example.com/x":               "example.com/x",
		"not a url":                              "not a url",
	} {
		if got := fetch.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
