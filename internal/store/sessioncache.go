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

// sessionCache answers Session from memory while nothing a session shows
// has been committed since the session was read: every change that can
// end a session or change what it shows (sign-out, disabling, a new
// password or role, a mention, a clipping) is a commit that changes a row
// of sessionTables, and each such commit moves Store.sessionCommits (as
// does any commit by another process, and on PostgreSQL any commit at
// all), so a cached answer is never older than the last of those. The limits are checked on every answer,
// and a session due for its once-a-minute touch goes to the database.
type sessionCache struct {
	mu      sync.Mutex
	commits uint64
	m       map[[32]byte]cachedSession
}

type cachedSession struct {
	user          claimline.User
	csrf          string
	unread, tray  int
	created, seen int64 // unix seconds
}

// get returns a live session cached at commits, with a copy of its user.
func (c *sessionCache) get(key [32]byte, commits uint64, now time.Time, lim claimline.SessionLimits) (claimline.Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance(commits)
	cs, ok := c.m[key]
	if !ok || c.commits != commits || cs.user.Disabled || now.Unix()-cs.seen >= touchEvery ||
		now.Sub(time.Unix(cs.created, 0)) > lim.Absolute || now.Sub(time.Unix(cs.seen, 0)) > lim.Idle {
		return claimline.Session{}, false
	}
	u := cs.user
	return claimline.Session{User: &u, CSRFToken: cs.csrf, Unread: cs.unread, Tray: cs.tray}, true
}

// put remembers a live session read after Commits returned commits.
func (c *sessionCache) put(key [32]byte, commits uint64, ses claimline.Session, created, seen int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance(commits)
	if commits != c.commits {
		return // read before a commit that another request has seen
	}
	if c.m == nil || len(c.m) >= maxCachedSessions {
		c.m = map[[32]byte]cachedSession{}
	}
	c.m[key] = cachedSession{user: *ses.User, csrf: ses.CSRFToken, unread: ses.Unread, tray: ses.Tray, created: created, seen: seen}
}

// advance forgets every session when the commit count has moved on.
func (c *sessionCache) advance(commits uint64) {
	if commits > c.commits {
		c.commits, c.m = commits, nil
	}
}
