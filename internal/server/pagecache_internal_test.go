package server

import (
	"fmt"
	"testing"

	"claimline/internal/claimline"
	"claimline/views"
)

// The cache stays within its bytes, drops the least recently used page
// first, and does not keep a page too big for it.
func TestPageCacheBoundedByBytes(t *testing.T) {
	pc := newPageCache(64 << 10)
	page := func(i int) *cachedPage {
		return &cachedPage{key: newPageKey(fmt.Sprint("/timelines/t", i), views.Page{CSRF: "token"}),
			state: claimline.TimelineState{TimelineID: int64(i), Content: 1}, body: make([]byte, 4000)}
	}
	for i := 0; i < 100; i++ {
		pc.put(page(i))
		if _, ok := pc.get(page(0).key); !ok {
			t.Fatalf("after %d puts the page used after each is gone", i+1)
		}
		if pc.size > pc.max {
			t.Fatalf("after %d puts: %d bytes cached, more than %d", i+1, pc.size, pc.max)
		}
	}
	if _, ok := pc.get(page(1).key); ok {
		t.Error("the least recently used page is still cached")
	}
	if _, ok := pc.get(page(99).key); !ok {
		t.Error("the newest page is not cached")
	}
	if n := len(pc.byKey); n != pc.lru.Len() || n < 10 {
		t.Errorf("%d keys, %d list elements", n, pc.lru.Len())
	}
	big := page(1000)
	big.body = make([]byte, pc.max/8+1)
	pc.put(big)
	if _, ok := pc.get(big.key); ok {
		t.Error("a page bigger than an eighth of the cache was kept")
	}
}
