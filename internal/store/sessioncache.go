package store

import (
	"sync"
	"time"

	"claimline/internal/claimline"
)

// touchEvery is how often, in seconds, a session's last use is written.
const touchEvery = 60

// maxCachedSessions bounds the session cache; past it, it starts again.
const maxCachedSessions = 10000

// sessionCache answers Session from memory while nothing has been
// committed since the session was read: every change that can end a
// session or change its user (sign-out, disabling, a new password or role)
// is a commit, and any commit moves Store.Generation, so a cached answer is
// never older than the last commit. The limits are checked on every answer,
// and a session due for its once-a-minute touch goes to the database.
type sessionCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[[32]byte]cachedSession
}

type cachedSession struct {
	user          claimline.User
	csrf          string
	unread        int
	created, seen int64 // unix seconds
}

// get returns a live session cached at gen, with a copy of its user.
func (c *sessionCache) get(key [32]byte, gen uint64, now time.Time, lim claimline.SessionLimits) (claimline.Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance(gen)
	cs, ok := c.m[key]
	if !ok || c.gen != gen || cs.user.Disabled || now.Unix()-cs.seen >= touchEvery ||
		now.Sub(time.Unix(cs.created, 0)) > lim.Absolute || now.Sub(time.Unix(cs.seen, 0)) > lim.Idle {
		return claimline.Session{}, false
	}
	u := cs.user
	return claimline.Session{User: &u, CSRFToken: cs.csrf, Unread: cs.unread}, true
}

// put remembers a live session read after Generation returned gen.
func (c *sessionCache) put(key [32]byte, gen uint64, ses claimline.Session, created, seen int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance(gen)
	if gen != c.gen {
		return // read before a commit that another request has seen
	}
	if c.m == nil || len(c.m) >= maxCachedSessions {
		c.m = map[[32]byte]cachedSession{}
	}
	c.m[key] = cachedSession{user: *ses.User, csrf: ses.CSRFToken, unread: ses.Unread, created: created, seen: seen}
}

// advance forgets every session when the generation has moved on.
func (c *sessionCache) advance(gen uint64) {
	if gen > c.gen {
		c.gen, c.m = gen, nil
	}
}
