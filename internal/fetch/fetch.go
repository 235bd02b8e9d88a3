// Package fetch downloads a web page for the source library, guarded against
// server-side request forgery: only http and https, only ports 80 and 443,
// and only public addresses, checked on the resolved address when each
// connection is made, so that every redirect and any DNS rebinding is
// covered too.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"code.dny.dev/ssrf"
)

// Limits on a fetch.
const (
	MaxSize      = 5 << 20 // bytes, after decompression
	MaxRedirects = 5
	Timeout      = 15 * time.Second
)

// Page is a fetched document.
type Page struct {
	URL         *url.URL // after redirects
	ContentType string   // "text/html" or "text/plain"
	Body        []byte
}

// Fetcher fetches pages. The zero value is not usable; call New.
type Fetcher struct {
	client *http.Client
}

// New returns a Fetcher that refuses any address but public unicast ones.
func New() *Fetcher { return newFetcher(ssrf.New().Safe) }

func newFetcher(control func(network, address string, c syscall.RawConn) error) *Fetcher {
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: control}
	transport := &http.Transport{
		Proxy:                  nil, // never a proxy from the environment: it would bypass the address check
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  10 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		ForceAttemptHTTP2:      true,
	}
	return &Fetcher{client: &http.Client{
		Transport: transport,
		Timeout:   Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return errTooManyRedirects
			}
			return checkURL(req.URL)
		},
	}}
}

// errTooManyRedirects is what the client's CheckRedirect returns past
// MaxRedirects, for explain to tell.
var errTooManyRedirects = fmt.Errorf("more than %d redirects", MaxRedirects)

// Error is a fetch failure explained for the user.
type Error struct{ Reason string }

func (e *Error) Error() string { return e.Reason }

func checkURL(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return &Error{"only http and https addresses can be fetched"}
	case u.Host == "":
		return &Error{"the address has no host"}
	case u.User != nil:
		return &Error{"addresses with a user name or password are not fetched"}
	}
	return nil
}

// Get fetches rawURL. It returns an *Error saying why for an address that is
// not allowed, a failing server, a type other than HTML or plain text, or a
// body over MaxSize.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Page, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, &Error{"this is not a web address"}
	}
	if err := checkURL(u); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{"this is not a web address"}
	}
	req.Header.Set("Accept", "text/html, text/plain;q=0.9")
	req.Header.Set("User-Agent", "claimline (source library)")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, explain(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &Error{fmt.Sprintf("the server answered %s", resp.Status)}
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "text/html" && mt != "text/plain" {
		return nil, &Error{fmt.Sprintf("the page is %q, not HTML or plain text", mt)}
	}
	// The transport has already undone any gzip encoding: the cap applies to
	// what would be stored.
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxSize+1))
	if err != nil {
		return nil, explain(err)
	}
	if len(body) > MaxSize {
		return nil, &Error{fmt.Sprintf("the page is larger than %d MiB", MaxSize>>20)}
	}
	return &Page{URL: resp.Request.URL, ContentType: mt, Body: body}, nil
}

// explain turns a failed request or body read into an *Error, telling the
// failures apart by their types, never by their text (which holds the
// address, and may say "redirects" or "no such host" for another reason).
func explain(err error) error {
	var fe *Error
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.Is(err, ssrf.ErrProhibitedIP):
		return &Error{"the address points to a private, local or reserved network, which claimline does not fetch"}
	case errors.Is(err, ssrf.ErrProhibitedPort):
		return &Error{"only the standard web ports (80 and 443) are fetched"}
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return &Error{fmt.Sprintf("the page did not arrive within %s", Timeout)}
	case errors.Is(err, errTooManyRedirects):
		return &Error{fmt.Sprintf("the page redirects more than %d times", MaxRedirects)}
	case errors.As(err, &dns) && dns.IsNotFound:
		return &Error{"the host name could not be found"}
	}
	return &Error{"the page could not be fetched: " + err.Error()}
}

// Redact returns rawURL without its user name and password, for logs. Text
// that is not a URL with a host loses everything from "//" (or the start) to
// the last "@" before any query: a password may hold characters that break
// the parse.
func Redact(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		if u.User == nil {
			return rawURL
		}
		u.User = nil
		return u.String()
	}
	start := strings.Index(rawURL, "//") + 2
	if start < 2 {
		start = 0
	}
	end := len(rawURL)
	if i := strings.IndexAny(rawURL[start:], "?#"); i >= 0 {
		end = start + i
	}
	if at := strings.LastIndex(rawURL[start:end], "@"); at >= 0 {
		return rawURL[:start] + rawURL[start+at+1:]
	}
	return rawURL
}
