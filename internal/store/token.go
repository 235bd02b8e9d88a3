package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"claimline/internal/claimline"
)

// TokenPrefix starts every API token's secret.
const TokenPrefix = "cl_"

// tokenSuffixLen is how many of a secret's last characters are kept in
// the clear, to tell tokens apart in lists.
const tokenSuffixLen = 4

// tokenTouchEvery is how often a token's last use is written: a write per
// API call would serialise reads behind the one writer for nothing.
const tokenTouchEvery = time.Minute

// newSecret returns a fresh token secret: the prefix and 43 characters of
// 32 random bytes.
func newSecret() string { return TokenPrefix + newToken() }

const tokenColumns = `k.id, k.user_id, u.username, k.name, k.suffix, k.scopes, k.created_at, k.expires_at, k.last_used_at`

func scanToken(row rowScanner, t *claimline.Token, more ...any) error {
	var scopes, created, expires, used string
	if err := row.Scan(append([]any{&t.ID, &t.UserID, &t.Username, &t.Name, &t.Suffix, &scopes, &created, &expires, &used}, more...)...); err != nil {
		return err
	}
	for _, s := range strings.Fields(scopes) {
		t.Scopes = append(t.Scopes, claimline.Scope(s))
	}
	t.Created, t.Expires = parseTime(created), parseTime(expires)
	if used != "" {
		t.LastUsed = parseTime(used)
	}
	return nil
}

// CreateToken makes a token for a user that lives for life from now, with
// scopes already checked, and returns it with its secret: the one time the
// secret exists outside the caller. A user that does not exist is
// ENOTFOUND.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string, scopes []claimline.Scope, life time.Duration) (*claimline.Token, string, error) {
	secret := newSecret()
	names := make([]string, len(scopes))
	for i, sc := range scopes {
		names[i] = string(sc)
	}
	var t claimline.Token
	err := s.write(ctx, func(tx *Tx) error {
		expires := tx.at.Add(life).Format(timeFormat)
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, secret_hash, suffix, scopes, created_at, expires_at)
			SELECT id, ?, ?, ?, ?, ?, ? FROM users WHERE id = ? RETURNING id`,
			name, tokenHash(secret), secret[len(secret)-tokenSuffixLen:], strings.Join(names, " "), tx.now, expires, userID).Scan(&id)
		if err != nil {
			return notFound(err, "User")
		}
		return scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens k JOIN users u ON u.id = k.user_id WHERE k.id = ?`, id), &t)
	})
	if err != nil {
		return nil, "", fmt.Errorf("create token: %w", err)
	}
	return &t, secret, nil
}

// Tokens returns the tokens of a user (every user's, for userID 0), newest
// first, expired ones included.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]claimline.Token, error) {
	var out []claimline.Token
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT `+tokenColumns+` FROM api_tokens k JOIN users u ON u.id = k.user_id
			WHERE ?1 = 0 OR k.user_id = ?1 ORDER BY k.id DESC`, []any{userID},
			func(rows *sql.Rows, t *claimline.Token) error { return scanToken(rows, t) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// RevokeToken deletes a token, which stops working at once. With userID
// other than 0, only that user's token is revoked; another's, or none, is
// ENOTFOUND.
func (s *Store) RevokeToken(ctx context.Context, id, userID int64) error {
	return s.write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = ?1 AND (?2 = 0 OR user_id = ?2)`, id, userID)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return claimline.Errorf(claimline.ENOTFOUND, "No such token.")
		}
		return nil
	})
}

// TokenUser returns the token with this secret and its user, and records
// its use (at most once a minute). A secret that is not a live token of an
// enabled user (unknown, revoked, expired, or its user disabled) is
// EUNAUTH, the same for each.
func (s *Store) TokenUser(ctx context.Context, secret string) (*claimline.User, *claimline.Token, error) {
	refused := claimline.Errorf(claimline.EUNAUTH, "The token is not valid: it is unknown, revoked or expired, or its user is disabled.")
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, nil, refused
	}
	var t claimline.Token
	var role string
	var disabled bool
	// One statement, so no transaction around it: every API request makes
	// this check, and a BEGIN and ROLLBACK would double its cost.
	err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenColumns+`, u.role, u.disabled
		FROM api_tokens k JOIN users u ON u.id = k.user_id WHERE k.secret_hash = ?`, tokenHash(secret)), &t, &role, &disabled)
	u := &claimline.User{ID: t.UserID, Username: t.Username, Role: claimline.Role(role), Disabled: disabled}
	now := s.now()
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil, refused
	case err != nil:
		return nil, nil, fmt.Errorf("token: %w", err)
	case u.Disabled || !now.Before(t.Expires):
		return nil, nil, refused
	}
	if now.Sub(t.LastUsed) >= tokenTouchEvery {
		err := s.write(ctx, func(tx *Tx) error {
			return tx.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.now, t.ID)
		})
		// On a full or read-only disk, reading goes on: the touch waits.
		if err != nil && !claimline.IsFault(err) {
			return nil, nil, fmt.Errorf("touch token: %w", err)
		}
		t.LastUsed = now
	}
	return u, &t, nil
}
