package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"claimline/internal/claimline"
)

func TestHashAndVerify(t *testing.T) {
	h := NewHasher(2)
	ctx := context.Background()
	long := strings.Repeat("correct horse battery staple ", 5) // 145 characters, not truncated
	enc, err := h.Hash(ctx, long)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("encoded form = %q", enc)
	}
	enc2, _ := h.Hash(ctx, long)
	if enc == enc2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tt := range []struct {
		pw   string
		hash string
		want bool
	}{
		{long, enc, true},
		{long[:len(long)-1], enc, false},
		{long + "x", enc, false},
		{"", enc, false},
		{long, "", false}, // unknown user: checked against the dummy hash, never true
	} {
		ok, err := h.Verify(ctx, tt.pw, tt.hash)
		if err != nil || ok != tt.want {
			t.Errorf("Verify(len %d, hash %v) = %v, %v; want %v", len(tt.pw), tt.hash != "", ok, err, tt.want)
		}
	}
	if _, err := h.Verify(ctx, "x", "$bcrypt$nonsense"); err == nil {
		t.Error("a malformed hash was accepted")
	}
}

func TestHasherCapsConcurrency(t *testing.T) {
	h := NewHasher(1)
	h.sem <- struct{}{} // the only slot is busy
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "password here"); err == nil {
		t.Fatal("Hash ran although no slot was free")
	}
	<-h.sem
	if _, err := h.Hash(context.Background(), "password here"); err != nil {
		t.Fatalf("Hash with a free slot: %v", err)
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tt := range []struct {
		pw, user string
		ok       bool
	}{
		{"short", "ann", false},
		{"1234567", "ann", false},
		{"password", "ann", false},
		{"Password123", "ann", false},
		{"qwertyuiop", "ann", false},
		{"annabelle", "annabelle", false},
		{"river otter lantern", "ann", true},
		{strings.Repeat("é", 8), "ann", true},
		{strings.Repeat("a", 64) + "Z9", "ann", true},
		{strings.Repeat("a", MaxPasswordBytes), "ann", true},
		{strings.Repeat("a", MaxPasswordBytes+1), "ann", false},
		{strings.Repeat("é", MaxPasswordBytes/2), "ann", true},
		{strings.Repeat("é", MaxPasswordBytes/2+1), "ann", false}, // 513 characters, 1,026 bytes
	} {
		err := CheckPassword(tt.pw, tt.user)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPassword(%.20q) = %v, want ok=%v", tt.pw, err, tt.ok)
		}
		if err != nil && claimline.FieldErrors(err)["password"] == "" {
			t.Errorf("CheckPassword(%.20q): no message on the password field", tt.pw)
		}
	}
}

func TestThrottleDelaysAfterFreeFailures(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := NewThrottle(5, 15*time.Minute, 15*time.Minute)
	th.Now = func() time.Time { return now }
	for i := 0; i < 5; i++ {
		if _, w := th.Reserve("ann"); w != 0 {
			t.Fatalf("attempt %d must wait %v; the first five are free", i+1, w)
		}
	}
	if _, w := th.Reserve("ann"); w != time.Second {
		t.Errorf("after 5 failures wait %v, want 1s", w)
	}
	if th.Wait("bob") != 0 {
		t.Error("another key is throttled")
	}
	now = now.Add(time.Second)
	if _, w := th.Reserve("ann"); w != 0 {
		t.Errorf("a second later the sixth attempt waits %v", w)
	}
	if w := th.Wait("ann"); w != 2*time.Second {
		t.Errorf("after 6 failures wait %v, want 2s (doubling)", w)
	}
	for i := 0; i < 30; i++ { // failures recorded as if each waited its turn
		th.failures["ann"] = append(th.failures["ann"], now)
	}
	if w := th.Wait("ann"); w != 15*time.Minute {
		t.Errorf("wait %v, want the 15m cap", w)
	}
	now = now.Add(16 * time.Minute) // every failure has left the window
	if w := th.Wait("ann"); w != 0 {
		t.Errorf("after the window wait %v, want 0", w)
	}
	th.Reserve("cy")
	th.Reset("cy")
	if len(th.recent("cy")) != 0 {
		t.Error("Reset kept failures")
	}
}

// An unknown user's password is checked against the dummy hash; that check
// must cost what a real one does, so the dummy must carry the parameters,
// salt length and key length of a real hash.
func TestDummyHashCostsWhatARealOneDoes(t *testing.T) {
	h := NewHasher(1)
	real, err := h.Hash(context.Background(), "a real password")
	if err != nil {
		t.Fatal(err)
	}
	r, d := strings.Split(real, "$"), strings.Split(h.dummy, "$")
	if len(d) != len(r) || d[1] != r[1] || d[2] != r[2] || d[3] != r[3] || len(d[4]) != len(r[4]) || len(d[5]) != len(r[5]) {
		t.Errorf("dummy hash %q does not have the shape of a real one %q", h.dummy, real)
	}
}

// Issue 13 item 1: checking and counting are one step, so many concurrent
// attempts get exactly Free through, and a released attempt is taken back.
func TestThrottleReserveIsAtomic(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := NewThrottle(5, 15*time.Minute, 15*time.Minute)
	th.Now = func() time.Time { return now }
	var wg sync.WaitGroup
	var through atomic.Int32
	start := make(chan struct{})
	for i := 0; i < 300; i++ {
		wg.Go(func() {
			<-start
			if _, w := th.Reserve("ann"); w == 0 {
				through.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if through.Load() != 5 {
		t.Errorf("%d of 300 concurrent attempts got through, want 5", through.Load())
	}
	th2 := NewThrottle(1, time.Minute, time.Minute)
	th2.Now = th.Now
	at, _ := th2.Reserve("bob")
	th2.Release("bob", at)
	if _, w := th2.Reserve("bob"); w != 0 {
		t.Errorf("a released attempt still counts: wait %v", w)
	}
}

// Issue 13 item 5: failures at one address do not keep the account out at
// another, and an address over its own limit still lets in an account that
// has signed in from it before.
func TestLoginsDoNotLockOutOthers(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLogins(func() time.Time { return now })
	// bob signs in from the office once.
	a, _ := l.Begin("bob", "198.51.100.1")
	a.Succeeded()
	for i := 0; i < PairFree; i++ {
		if a, w := l.Begin("Ann", "203.0.113.9"); a == nil {
			t.Fatalf("attempt %d refused (%v)", i+1, w)
		}
	}
	if a, _ := l.Begin("ann", "203.0.113.9"); a != nil {
		t.Error("the failing address may keep guessing")
	}
	if a, w := l.Begin("ann", "198.51.100.1"); a == nil {
		t.Errorf("ann is locked out at another address for %v", w)
	}
	// Someone at the office sprays user names.
	for i := 0; i < AddrFree; i++ {
		l.Begin(fmt.Sprintf("user%d", i), "198.51.100.1")
	}
	if a, _ := l.Begin("carol", "198.51.100.1"); a != nil {
		t.Error("the address may keep spraying")
	}
	if a, w := l.Begin("bob", "198.51.100.1"); a == nil {
		t.Errorf("bob, who signs in from this address, waits %v", w)
	}
}

// Issue 13 item 6: a password over 1,024 bytes is never hashed. With the
// hasher's only slot taken, hashing would block until the deadline.
func TestLongPasswordsAreNotHashed(t *testing.T) {
	h := NewHasher(1)
	enc, err := h.Hash(context.Background(), "river otter lantern")
	if err != nil {
		t.Fatal(err)
	}
	h.sem <- struct{}{}
	defer func() { <-h.sem }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	long := strings.Repeat("x", MaxPasswordBytes+1)
	if ok, err := h.Verify(ctx, long, enc); ok || err != nil {
		t.Errorf("Verify of a 1,025-byte password = %v, %v; want false at once", ok, err)
	}
	if _, err := h.Hash(ctx, strings.Repeat("x", 5<<20)); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("Hash of 5 MiB: %v, want ErrPasswordTooLong", err)
	}
}
