package auth

import (
	"context"
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
		{strings.Repeat("a", MaxPasswordLen+1), "ann", false},
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
		if w := th.Wait("ann"); w != 0 {
			t.Fatalf("attempt %d must wait %v; the first five are free", i+1, w)
		}
		th.Fail("ann")
	}
	if w := th.Wait("ann"); w != time.Second {
		t.Errorf("after 5 failures wait %v, want 1s", w)
	}
	if th.Wait("bob") != 0 {
		t.Error("another key is throttled")
	}
	now = now.Add(time.Second)
	th.Fail("ann")
	if w := th.Wait("ann"); w != 2*time.Second {
		t.Errorf("after 6 failures wait %v, want 2s (doubling)", w)
	}
	for i := 0; i < 30; i++ {
		th.Fail("ann")
	}
	if w := th.Wait("ann"); w != 15*time.Minute {
		t.Errorf("wait %v, want the 15m cap", w)
	}
	now = now.Add(16 * time.Minute) // every failure has left the window
	if w := th.Wait("ann"); w != 0 {
		t.Errorf("after the window wait %v, want 0", w)
	}
	th.Fail("cy")
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
