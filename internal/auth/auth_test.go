package auth

import (
	"context"
	"errors"
	"slices"
	"strings"
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

func TestDelayDoublesAfterFreeFailures(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	failures := func(n int) []time.Time { return slices.Repeat([]time.Time{start}, n) }
	for _, tt := range []struct {
		failures int
		at       time.Duration // after the last failure
		want     time.Duration
	}{
		{4, 0, 0},               // the first five are free
		{5, 0, time.Second},     // then a second
		{5, time.Second, 0},     // which passes
		{6, 0, 2 * time.Second}, // and doubles with each failure
		{7, 500 * time.Millisecond, 3500 * time.Millisecond},
		{40, 0, 15 * time.Minute}, // up to the cap
		{40, 16 * time.Minute, 0},
	} {
		if got := Delay(failures(tt.failures), PairFree, LoginsSpan, start.Add(tt.at)); got != tt.want {
			t.Errorf("%d failures, %v later: wait %v, want %v", tt.failures, tt.at, got, tt.want)
		}
	}
}

// The address's limit holds back only accounts not known at the address,
// and only after the account's own limit.
func TestDecideLogin(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	many := slices.Repeat([]time.Time{now}, AddrFree)
	for _, tt := range []struct {
		name string
		h    claimline.SignInHistory
		want claimline.SignInVerdict
	}{
		{"fresh", claimline.SignInHistory{Now: now}, claimline.SignInVerdict{CountAddress: true}},
		{"address over its limit", claimline.SignInHistory{Now: now, Address: many}, claimline.SignInVerdict{Wait: time.Second, CountAddress: true}},
		{"known at the address", claimline.SignInHistory{Now: now, Address: many, Known: true}, claimline.SignInVerdict{}},
		{"account over its limit, known", claimline.SignInHistory{Now: now, Pair: many[:PairFree], Known: true}, claimline.SignInVerdict{Wait: time.Second}},
	} {
		if got := DecideLogin(tt.h); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
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
