// Package auth holds password hashing, password rules and login throttling.
// It knows nothing of HTTP or SQL.
package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"claimline/internal/claimline"
)

// Argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Password length rules: long passphrases are welcome and never truncated;
// the upper bound, in bytes, keeps a request from feeding megabytes to the
// hash.
const (
	MinPasswordLen   = 8    // characters
	MaxPasswordBytes = 1024 // bytes of UTF-8
)

// ErrPasswordTooLong is returned by Hash for a password over
// MaxPasswordBytes; no hash is computed.
var ErrPasswordTooLong = errors.New("password longer than 1024 bytes")

// Hasher hashes and verifies passwords with argon2id, at most a fixed number
// at a time: each hash takes about 20 MB, so unbounded concurrent logins
// could exhaust memory.
type Hasher struct {
	sem   chan struct{}
	dummy string
}

// NewHasher returns a Hasher running at most concurrent hashes at once.
func NewHasher(concurrent int) *Hasher {
	return &Hasher{sem: make(chan struct{}, max(concurrent, 1)), dummy: dummyHash}
}

// dummyHash is what Verify checks a password against when there is no such
// user. It needs only the real parameters, so that the check costs what a
// real one does, and no real key: its result is discarded. Hashing a dummy
// password at start, as claimline once did, cost 20-40 ms of every start.
var dummyHash = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
	base64.RawStdEncoding.EncodeToString(make([]byte, saltLen)), base64.RawStdEncoding.EncodeToString(make([]byte, argonKeyLen)))

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Hash returns the argon2id hash of password in the standard encoded form
// $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
// A password over MaxPasswordBytes gives ErrPasswordTooLong.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if len(password) > MaxPasswordBytes {
		return "", ErrPasswordTooLong
	}
	salt := make([]byte, saltLen)
	rand.Read(salt)
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	<-h.sem
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the encoded hash. An empty hash
// (no such user) is checked against a dummy hash so that the time taken does
// not reveal whether the user exists. A password over MaxPasswordBytes
// never matches and is not hashed: no account can have one.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	if len(password) > MaxPasswordBytes {
		return false, nil
	}
	known := encoded != ""
	if !known {
		encoded = h.dummy
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("unknown password hash format")
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, fmt.Errorf("argon2 parameters: %w", err)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err := errors.Join(err1, err2); err != nil {
		return false, fmt.Errorf("argon2 hash: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	<-h.sem
	return known && subtle.ConstantTimeCompare(got, want) == 1, nil
}

//go:embed common-passwords.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonList))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}()

// CheckPassword returns an EINVALID *Error on the "password" field when the
// password is too short, too long, common, or the user's own name.
func CheckPassword(password, username string) error {
	p := claimline.Problems{}
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	switch {
	case n < MinPasswordLen:
		p.Add("password", fmt.Sprintf("Use at least %d characters; a few unrelated words make a strong password.", MinPasswordLen))
	case len(password) > MaxPasswordBytes:
		p.Add("password", fmt.Sprintf("Use at most %d bytes: that many plain letters, fewer accented or non-Latin ones.", MaxPasswordBytes))
	case common[lower] || lower == strings.ToLower(username):
		p.Add("password", "This password is too common or too easy to guess; choose another.")
	}
	return p.Err()
}
