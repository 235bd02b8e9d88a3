package storetest

import (
	"bytes"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// Proxy stands between the store and a PostgreSQL server, so that a test
// can take the database away and give it back: the server stays up (other
// tests use it) while, for the store, it is gone.
type Proxy struct {
	l      net.Listener
	target string

	mu    sync.Mutex
	cut   bool
	conns map[net.Conn]bool
	after []byte // CutAfter's text
}

// NewProxy starts a proxy to the server of the PostgreSQL URL addr and
// returns it with addr rewritten to go through it. It stops at the test's
// end.
func NewProxy(t testing.TB, addr string) (*Proxy, string) {
	t.Helper()
	u, err := url.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{l: l, target: u.Host, conns: map[net.Conn]bool{}}
	go p.serve()
	t.Cleanup(func() { l.Close(); p.Cut() })
	u.Host = l.Addr().String()
	return p, u.String()
}

func (p *Proxy) serve() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			c.Close()
			continue
		}
		go p.pipe(c)
	}
}

func (p *Proxy) pipe(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.cut {
		p.mu.Unlock()
		c.Close()
		s.Close()
		return
	}
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { p.forward(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
}

// forward copies what the store sends to the server, and cuts after a
// chunk holding CutAfter's text.
func (p *Proxy) forward(s, c net.Conn) {
	buf := make([]byte, 64<<10)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			p.mu.Lock()
			if len(p.after) > 0 && bytes.Contains(buf[:n], p.after) {
				// Cut, but for this message's way to the server: the
				// store's side goes first, so that no answer of the
				// server, however quick, reaches the store. All under
				// the lock, so that a Restore after the store has seen
				// the cut is not undone.
				p.cut, p.after = true, nil
				for conn := range p.conns {
					if conn != s {
						conn.Close()
						delete(p.conns, conn)
					}
				}
				p.mu.Unlock()
				s.Write(buf[:n])
				s.Close()
				return
			}
			p.mu.Unlock()
			if _, werr := s.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// CutAfter has the proxy Cut as soon as it has passed on to the server
// a message of the store holding text: the server gets it and acts on
// it, but its answer never comes back.
func (p *Proxy) CutAfter(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.after = []byte(text)
}

// Cut closes every connection through the proxy and refuses new ones until
// Restore: the database is gone.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// Restore lets connections through again: the database is back.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut, p.after = false, nil
}
