package auth

import (
	"context"
	"crypto/sha256"
	"strings"
	"time"

	"claimline/internal/claimline"
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
// that succeeds is taken back. The counts live in the database
// (LoginRecords), so that every node of one database counts the same
// failures: switching nodes does not reset a limit.
type Logins struct {
	rec LoginRecords
}

// LoginRecords keeps the counts of Logins: the store.
type LoginRecords interface {
	// ReserveSignIn asks decide about the attempt's history and counts the
	// attempt unless it must wait, in one step that concurrent attempts
	// take in turn. addressRow names the count against the address.
	ReserveSignIn(ctx context.Context, a claimline.SignIn, decide func(claimline.SignInHistory) claimline.SignInVerdict) (addressRow int64, wait time.Duration, err error)
	// SignInSucceeded takes the attempt back and remembers the pair.
	SignInSucceeded(ctx context.Context, a claimline.SignIn, addressRow int64) error
}

// Limits of Logins.
const (
	PairFree   = 5
	AddrFree   = 50
	LoginsSpan = 15 * time.Minute
	KnownFor   = 30 * 24 * time.Hour
)

// NewLogins returns a login guard keeping its counts in rec.
func NewLogins(rec LoginRecords) *Logins { return &Logins{rec: rec} }

// Attempt is a reserved sign-in attempt. It counts as a failure unless
// Succeeded is called.
type Attempt struct {
	l          *Logins
	key        claimline.SignIn
	addressRow int64
}

// loginKeys returns the throttle's keys for a sign-in as account from
// addr: hashes of the account (case folded) with the address, and of the
// address alone.
func loginKeys(account, addr string) claimline.SignIn {
	pair := sha256.Sum256([]byte("pair\x00" + strings.ToLower(account) + "\x00" + addr))
	address := sha256.Sum256([]byte("address\x00" + addr))
	return claimline.SignIn{Pair: pair[:], Address: address[:], Window: LoginsSpan, KnownFor: KnownFor}
}

// Begin reserves an attempt to sign in as account from addr. When the
// attempt may not be checked now, it returns nil and how long to wait, and
// counts nothing.
func (l *Logins) Begin(ctx context.Context, account, addr string) (*Attempt, time.Duration, error) {
	a := &Attempt{l: l, key: loginKeys(account, addr)}
	row, wait, err := l.rec.ReserveSignIn(ctx, a.key, DecideLogin)
	if err != nil || wait > 0 {
		return nil, wait, err
	}
	a.addressRow = row
	return a, 0, nil
}

// Succeeded takes the attempt back, forgets the account's failures at this
// address, and remembers that the account signs in from here.
func (a *Attempt) Succeeded(ctx context.Context) error {
	return a.l.rec.SignInSucceeded(ctx, a.key, a.addressRow)
}

// DecideLogin is the rule of Logins: the wait of the account at the
// address, then, unless the account is known there, the address's.
func DecideLogin(h claimline.SignInHistory) claimline.SignInVerdict {
	if w := Delay(h.Pair, PairFree, LoginsSpan, h.Now); w > 0 {
		return claimline.SignInVerdict{Wait: w}
	}
	if h.Known {
		return claimline.SignInVerdict{}
	}
	return claimline.SignInVerdict{Wait: Delay(h.Address, AddrFree, LoginsSpan, h.Now), CountAddress: true}
}

// Delay returns how long a key with these failures (within the window,
// oldest first) must still wait at now: nothing for the first free
// failures, then a delay after the last failure that doubles with every
// further one, up to max.
func Delay(failures []time.Time, free int, max time.Duration, now time.Time) time.Duration {
	if len(failures) < free {
		return 0
	}
	delay := min(time.Second<<min(len(failures)-free, 20), max)
	if left := failures[len(failures)-1].Add(delay).Sub(now); left > 0 {
		return left
	}
	return 0
}
