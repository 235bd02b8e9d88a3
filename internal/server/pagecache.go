package server

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

// DefaultPageCacheBytes is the page cache's size when Config leaves it 0.
const DefaultPageCacheBytes = 32 << 20

// pageCache keeps rendered timeline pages in memory, least recently used
// first out once their bytes pass max. A page is kept under everything that
// makes its bytes differ between two requests: the address, the layout's
// per-request props (the CSRF token, which the session decides) and the
// signed-in user (name, role). It is served again only while it is still
// at the state it was rendered at. Pages with a flash message are never
// kept: the message is shown once.
type pageCache struct {
	max      int64
	lastSize atomic.Int64 // of the last page rendered: the next one's buffer

	mu    sync.Mutex
	size  int64
	byKey map[pageKey]*list.Element // of *cachedPage
	lru   list.List                 // most recently used first
}

// pageKey is what a cached page's bytes depend on besides its timeline's state.
// views.Page and claimline.User are compared whole, so that a field added
// to either is part of the key without anyone having to remember.
type pageKey struct {
	uri  string
	page views.Page     // User nil, Title empty (the title is content)
	user claimline.User // the signed-in user, by value; zero when signed out
}

type cachedPage struct {
	key     pageKey
	commits uint64 // commit count at which state was last found current
	state   claimline.TimelineState
	etag    string
	body    []byte // never changed once cached
	// Header values, made once: setting them is then no work per request.
	etagHeader, typeHeader, lengthHeader []string
}

// pageCost is what a cached page counts against max: its body plus its key
// and bookkeeping, roughly.
func (p *cachedPage) cost() int64 {
	return int64(len(p.body) + len(p.key.uri) + len(p.key.page.CSRF) + 256)
}

func newPageCache(max int64) *pageCache {
	if max <= 0 {
		return nil
	}
	return &pageCache{max: max, byKey: map[pageKey]*list.Element{}}
}

// get returns a copy of the page cached under k, marking it used.
func (pc *pageCache) get(k pageKey) (cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.byKey[k]
	if !ok {
		return cachedPage{}, false
	}
	pc.lru.MoveToFront(el)
	return *el.Value.(*cachedPage), true
}

// confirm records that the page under k is still current at commits.
func (pc *pageCache) confirm(k pageKey, state claimline.TimelineState, commits uint64) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.byKey[k]; ok {
		if p := el.Value.(*cachedPage); p.state == state && commits > p.commits {
			p.commits = commits
		}
	}
}

// put caches p, replacing any page under its key, and evicts the least
// recently used pages past max. A page bigger than an eighth of the cache
// is not kept: it would push out many others.
func (pc *pageCache) put(p *cachedPage) {
	if p.cost() > pc.max/8 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.byKey[p.key]; ok {
		old := el.Value.(*cachedPage)
		if old.commits > p.commits {
			return // a newer rendering is already there
		}
		pc.size -= old.cost()
		el.Value = p
		pc.lru.MoveToFront(el)
	} else {
		pc.byKey[p.key] = pc.lru.PushFront(p)
	}
	pc.size += p.cost()
	for pc.size > pc.max {
		el := pc.lru.Back()
		old := el.Value.(*cachedPage)
		pc.lru.Remove(el)
		delete(pc.byKey, old.key)
		pc.size -= old.cost()
	}
}

// pageLookup carries a cache miss to renderCached: where to keep the page,
// and the commit count read before its data was.
type pageLookup struct {
	cacheable bool
	key       pageKey
	commits   uint64
}

// fromPageCache answers a timeline page request from the cache when its
// cached page is current, and reports whether it did. Current means no
// commit since the page was last checked, or, after one, that the
// timeline's state is still the page's (one indexed lookup).
func (s *Server) fromPageCache(c echo.Context, p views.Page) (pageLookup, bool, error) {
	if s.pages == nil || c.Request().Method != http.MethodGet || p.Flash != "" {
		return pageLookup{}, false, nil
	}
	look := pageLookup{cacheable: true, key: newPageKey(c.Request().URL.RequestURI(), p), commits: s.db.Commits()}
	cp, ok := s.pages.get(look.key)
	if !ok {
		return look, false, nil
	}
	if cp.commits != look.commits {
		state, err := s.timelines.PageState(c.Request().Context(), c.Param("slug"))
		if claimline.ErrorCode(err) == claimline.ENOTFOUND || err == nil && state != cp.state {
			return look, false, nil
		} else if err != nil {
			return look, false, err
		}
		s.pages.confirm(look.key, state, look.commits)
	}
	return look, true, writePage(c, &cp)
}

// renderCached renders a timeline page at the given state and, when it can be
// cached, keeps it. A request whose If-None-Match names the page's ETag
// gets 304 without it being rendered.
func (s *Server) renderCached(c echo.Context, look pageLookup, state claimline.TimelineState, status int, comp templ.Component) error {
	if !look.cacheable || status != http.StatusOK {
		return render(c, status, comp)
	}
	cp := &cachedPage{key: look.key, commits: look.commits, state: state, etag: pageETag(look.key, state)}
	cp.etagHeader = []string{cp.etag}
	if etagMatches(c.Request().Header.Get("If-None-Match"), cp.etag) {
		return writePage(c, cp)
	}
	var buf bytes.Buffer
	buf.Grow(int(s.pages.lastSize.Load()) + 4096) // rather than doubling up to it
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	cp.body = buf.Bytes()
	cp.typeHeader, cp.lengthHeader = []string{echo.MIMETextHTMLCharsetUTF8}, []string{strconv.Itoa(len(cp.body))}
	s.pages.lastSize.Store(int64(len(cp.body)))
	s.pages.put(cp)
	return writePage(c, cp)
}

// writePage sends a rendered page with its ETag, or 304 Not Modified when
// the request's If-None-Match names it. Header values are assigned, not
// Set: their keys are canonical already, and the values are shared slices
// that nothing changes in place.
func writePage(c echo.Context, p *cachedPage) error {
	h := c.Response().Header()
	h["Etag"] = p.etagHeader
	if etagMatches(c.Request().Header.Get("If-None-Match"), p.etag) {
		c.Response().WriteHeader(http.StatusNotModified)
		return nil
	}
	h[echo.HeaderContentType], h[echo.HeaderContentLength] = p.typeHeader, p.lengthHeader
	c.Response().WriteHeader(http.StatusOK)
	_, err := c.Response().Write(p.body)
	return err
}

func newPageKey(uri string, p views.Page) pageKey {
	k := pageKey{uri: uri, page: p}
	k.page.User, k.page.Title = nil, ""
	if p.User != nil {
		k.user = *p.User
		k.user.PasswordHash, k.user.CreatedAt = "", time.Time{} // neither is shown
	}
	return k
}

// pageETag names a page's bytes: its timeline's state and everything in its key.
// The same ETag is never given to pages that differ, for another user, in
// another session or at another state.
func pageETag(k pageKey, state claimline.TimelineState) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%d\x00%d\x00%q\x00%#v\x00%#v", state.TimelineID, state.Content, state.Names, k.uri, k.page, k.user)
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`
}

// etagMatches reports whether an If-None-Match header names etag (or is *).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
