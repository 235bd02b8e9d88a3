package auth

import (
	"sync"
	"time"
)

// Throttle limits login attempts. After Free failures within Window for one
// key, each further attempt must wait a delay that doubles with every
// failure, up to MaxDelay. An attempt is counted before the password is
// checked (Reserve), so that concurrent guesses cannot all slip in before
// the first failure is recorded; a successful attempt is released.
type Throttle struct {
	Free     int
	Window   time.Duration
	MaxDelay time.Duration
	Now      func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle returns a throttle allowing free failures per window.
func NewThrottle(free int, window, maxDelay time.Duration) *Throttle {
	return &Throttle{Free: free, Window: window, MaxDelay: maxDelay, Now: time.Now, failures: map[string][]time.Time{}}
}

// Wait returns how long key must still wait before its next attempt; zero
// means it may try now.
func (t *Throttle) Wait(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.wait(key)
}

// Reserve counts an attempt for key as a failure, unless key must wait: then
// it returns the wait and counts nothing. Checking and counting happen under
// one lock. It returns the reservation's time, for Release.
func (t *Throttle) Reserve(key string) (time.Time, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if wait := t.wait(key); wait > 0 {
		return time.Time{}, wait
	}
	now := t.Now()
	t.failures[key] = append(t.recent(key), now)
	if len(t.failures) > 10000 {
		t.prune()
	}
	return now, 0
}

// Release takes back the attempt that Reserve counted at time at: it
// succeeded.
func (t *Throttle) Release(key string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fs := t.failures[key]
	for i := len(fs) - 1; i >= 0; i-- {
		if fs[i].Equal(at) {
			t.failures[key] = append(fs[:i:i], fs[i+1:]...)
			break
		}
	}
	if len(t.failures[key]) == 0 {
		delete(t.failures, key)
	}
}

// wait is Wait with t.mu held.
func (t *Throttle) wait(key string) time.Duration {
	fs := t.recent(key)
	if len(fs) < t.Free {
		return 0
	}
	delay := time.Second << min(len(fs)-t.Free, 20)
	if delay > t.MaxDelay {
		delay = t.MaxDelay
	}
	if left := fs[len(fs)-1].Add(delay).Sub(t.Now()); left > 0 {
		return left
	}
	return 0
}

// Reset forgets key's failures.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}

// recent returns key's failures inside the window; t.mu must be held.
func (t *Throttle) recent(key string) []time.Time {
	fs := t.failures[key]
	cut := t.Now().Add(-t.Window)
	i := 0
	for i < len(fs) && fs[i].Before(cut) {
		i++
	}
	return fs[i:]
}

// prune drops keys with no failure inside the window, bounding memory under
// a spray of usernames or addresses; t.mu must be held.
func (t *Throttle) prune() {
	for k := range t.failures {
		if len(t.recent(k)) == 0 {
			delete(t.failures, k)
		}
	}
}
