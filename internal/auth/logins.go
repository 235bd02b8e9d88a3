package auth

import (
	"strings"
	"sync"
	"time"
)

// Logins decides which sign-in attempts get their password checked.
//
//   - Per account and client address: 5 free failures in 15 minutes, then
//     waits that double up to 15 minutes. Failures from one address never
//     slow the same account down at another address, so nobody can lock a
//     user out by failing on purpose.
//   - Per client address: 50 free failures in 15 minutes, whatever the user
//     names, then the same doubling waits. An account that has signed in
//     from this address before (in the last 30 days) is not held back by
//     it, so people who share an address with an attacker still get in.
//
// Every attempt is counted before its password is checked, so concurrent
// guesses cannot slip in before the first failure is recorded; an attempt
// that succeeds is taken back.
type Logins struct {
	pair, addr *Throttle

	mu    sync.Mutex
	now   func() time.Time
	known map[string]time.Time // account and address → last sign-in
}

// Limits of Logins.
const (
	PairFree   = 5
	AddrFree   = 50
	LoginsSpan = 15 * time.Minute
	knownFor   = 30 * 24 * time.Hour
	maxKnown   = 100000
)

// NewLogins returns a login guard reading the time from now.
func NewLogins(now func() time.Time) *Logins {
	l := &Logins{
		pair:  NewThrottle(PairFree, LoginsSpan, LoginsSpan),
		addr:  NewThrottle(AddrFree, LoginsSpan, LoginsSpan),
		now:   now,
		known: map[string]time.Time{},
	}
	l.pair.Now, l.addr.Now = now, now
	return l
}

// Attempt is a reserved sign-in attempt. It counts as a failure unless
// Succeeded is called.
type Attempt struct {
	l                *Logins
	pairKey, addrKey string
	pairAt, addrAt   time.Time
	addrCounted      bool
}

// Begin reserves an attempt to sign in as account from addr. When the
// attempt may not be checked now, it returns nil and how long to wait, and
// counts nothing.
func (l *Logins) Begin(account, addr string) (*Attempt, time.Duration) {
	a := &Attempt{l: l, pairKey: strings.ToLower(account) + "\x00" + addr, addrKey: addr}
	var wait time.Duration
	if a.pairAt, wait = l.pair.Reserve(a.pairKey); wait > 0 {
		return nil, wait
	}
	if l.isKnown(a.pairKey) {
		return a, 0
	}
	if a.addrAt, wait = l.addr.Reserve(a.addrKey); wait > 0 {
		l.pair.Release(a.pairKey, a.pairAt)
		return nil, wait
	}
	a.addrCounted = true
	return a, 0
}

// Succeeded takes the attempt back, forgets the account's failures at this
// address, and remembers that the account signs in from here.
func (a *Attempt) Succeeded() {
	a.l.pair.Reset(a.pairKey)
	if a.addrCounted {
		a.l.addr.Release(a.addrKey, a.addrAt)
	}
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	if len(a.l.known) >= maxKnown {
		a.l.forgetOld()
	}
	a.l.known[a.pairKey] = a.l.now()
}

func (l *Logins) isKnown(pairKey string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.known[pairKey]
	return ok && l.now().Sub(at) < knownFor
}

// forgetOld bounds the memory of known sign-ins: expired ones go, and if
// that is not enough, all of them (they only relax a limit). l.mu must be
// held.
func (l *Logins) forgetOld() {
	for k, at := range l.known {
		if l.now().Sub(at) >= knownFor {
			delete(l.known, k)
		}
	}
	if len(l.known) >= maxKnown {
		clear(l.known)
	}
}
