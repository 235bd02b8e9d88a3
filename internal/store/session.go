package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"time"

	"claimline/internal/claimline"
)

// newToken returns 32 random bytes, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// CreateSession starts a session for a user and returns its token, a fresh
// random value; only the token's hash is stored. The session gets its own
// random CSRF token. Expired sessions of every user are removed on the way.
func (s *Store) CreateSession(ctx context.Context, userID int64, lim claimline.SessionLimits) (string, error) {
	token := newToken()
	err := s.write(ctx, func(tx *Tx) error {
		now := tx.at.Unix()
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?`,
			now-int64(lim.Absolute.Seconds()), now-int64(lim.Idle.Seconds())); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, csrf_token) VALUES (?, ?, ?, ?, ?)`,
			tokenHash(token), userID, now, now, newToken())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// Session returns the live session with this token: its enabled user, its
// CSRF token, the user's unread mentions and the size of their clippings
// tray. It marks the session used. A session past its idle or
// absolute limit, or of a disabled user, is deleted and EUNAUTH returned.
// Until the next commit, a live session is answered from memory
// (sessioncache.go).
func (s *Store) Session(ctx context.Context, token string, lim claimline.SessionLimits) (claimline.Session, error) {
	commits, now, key := s.sessionCommits(), s.now(), sha256.Sum256([]byte(token))
	if ses, ok := s.sessions.get(key, commits, now, lim); ok {
		return ses, nil
	}
	var u *claimline.User
	var created, seen int64
	var csrf string
	var unread, tray int
	// The unread mentions and the clippings tray's size come with the
	// session: every page's header shows them, and one query serves all.
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(scanMore{tx.QueryRowContext(ctx, `SELECT u.id, u.username, u.role, u.disabled, u.created_at,
			u.password_hash, u.revision, s.created_at, s.last_seen_at, s.csrf_token,
			(SELECT count(*) FROM note_mentions m WHERE m.user_id = u.id AND m.read_at = ''),
			(SELECT count(*) FROM clippings c WHERE c.user_id = u.id)
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, key[:]), []any{&created, &seen, &csrf, &unread, &tray}})
		return err
	})
	ended := claimline.Errorf(claimline.EUNAUTH, "Your session has ended; please sign in again.")
	if err == sql.ErrNoRows {
		return claimline.Session{}, ended
	} else if err != nil {
		return claimline.Session{}, fmt.Errorf("session: %w", err)
	}
	if u.Disabled || csrf == "" || now.Sub(time.Unix(created, 0)) > lim.Absolute || now.Sub(time.Unix(seen, 0)) > lim.Idle {
		if err := s.DeleteSession(ctx, token); err != nil {
			return claimline.Session{}, err
		}
		return claimline.Session{}, ended
	}
	// Touch at most once a minute: a write per request would serialise reads
	// behind the one writer for nothing.
	if now.Unix()-seen >= touchEvery {
		var touched int64
		err := s.write(ctx, func(tx *Tx) error {
			touched = tx.at.Unix()
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, touched, key[:])
			return err
		})
		// On a full or read-only disk, reading goes on: the touch waits.
		if err != nil && !claimline.IsFault(err) {
			return claimline.Session{}, fmt.Errorf("touch session: %w", err)
		} else if err == nil {
			seen = touched
		}
	}
	u.PasswordHash = ""
	ses := claimline.Session{User: u, CSRFToken: csrf, Unread: unread, Tray: tray}
	s.sessions.put(key, commits, ses, created, seen)
	return ses, nil
}

// DeleteSession ends the session with this token (logout).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	return s.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash(token))
		return err
	})
}

// EndSessions ends every session of a user except keepToken's.
func (s *Store) EndSessions(ctx context.Context, userID int64, keepToken string) error {
	return s.write(ctx, func(tx *Tx) error { return endUserSessions(ctx, tx, userID, keepToken) })
}

func endUserSessions(ctx context.Context, tx querier, userID int64, keepToken string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash != ?`, userID, tokenHash(keepToken))
	if err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	return nil
}
