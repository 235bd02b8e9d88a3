package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"claimline/internal/claimline"
)

// PendingImportLifetime is how long an uploaded file waits for its import.
const PendingImportLifetime = time.Hour

// maxPendingPerUser bounds what one user's abandoned previews keep on disk.
const maxPendingPerUser = 5

// SavePendingImport keeps an uploaded file for its import and returns a
// fresh random token naming it; only the token's hash is stored. Expired
// files of every user, and the oldest of this user's beyond a few, are
// removed on the way.
func (s *Store) SavePendingImport(ctx context.Context, userID int64, name string, data []byte) (string, error) {
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	err := s.write(ctx, func(tx *Tx) error {
		now := tx.at.Unix()
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_imports WHERE expires_at <= ?`, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, trimPendingSQL, userID, maxPendingPerUser-1); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pending_imports (token_hash, user_id, name, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tokenHash(token), userID, name, data, now, now+int64(PendingImportLifetime.Seconds()))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("save pending import: %w", err)
	}
	return token, nil
}

// PendingImport returns the name and content of a file the user uploaded
// for import. An unknown or expired token, or another user's, is ENOTFOUND.
func (s *Store) PendingImport(ctx context.Context, userID int64, token string) (string, []byte, error) {
	var name string
	var data []byte
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT name, data FROM pending_imports WHERE token_hash = ? AND user_id = ? AND expires_at > ?`,
			tokenHash(token), userID, s.now().Unix()).Scan(&name, &data)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, claimline.Errorf(claimline.ENOTFOUND, "The uploaded file is no longer here (an uploaded file waits an hour for its import). Upload it again.")
	}
	if err != nil {
		return "", nil, fmt.Errorf("pending import: %w", err)
	}
	return name, data, nil
}

// DeletePendingImport removes a pending import once it is imported.
func (s *Store) DeletePendingImport(ctx context.Context, userID int64, token string) error {
	return s.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM pending_imports WHERE token_hash = ? AND user_id = ?`, tokenHash(token), userID)
		return err
	})
}

// EntriesOf returns the entries of a timeline with the given ids, by id;
// ids of other timelines or of no entry are left out. An import preview
// compares them with the file's rows, so they are loaded whole, in one
// query.
func (s *Store) EntriesOf(ctx context.Context, timelineID int64, ids []int64) (map[int64]claimline.Entry, error) {
	idsJSON, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	var es []claimline.Entry
	err = s.read(ctx, func(tx *sql.Tx) error {
		es, err = loadEntries(ctx, tx, `SELECT `+entryColumns+` WHERE e.timeline_id = ? AND e.id IN (SELECT value FROM json_each(?))`, timelineID, string(idsJSON))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("entries of timeline: %w", err)
	}
	out := make(map[int64]claimline.Entry, len(es))
	for _, e := range es {
		out[e.ID] = e
	}
	return out, nil
}

// trimPendingSQL deletes a user's uploads but the newest ?2, the newest
// being the last written: of two uploads in one second, the later row.
var trimPendingSQL = dialects(`DELETE FROM pending_imports WHERE user_id = ?1 AND token_hash NOT IN (
			SELECT token_hash FROM pending_imports WHERE user_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2)`,
	// PostgreSQL's rows have no rowid: the id of the transaction that wrote
	// a row (xmin) orders the uploads of one second instead, but for those
	// written by one batch of writes, which tie. xmin wraps after 2³²
	// transactions; an upload lives an hour.
	`DELETE FROM pending_imports WHERE user_id = ?1 AND token_hash NOT IN (
			SELECT token_hash FROM pending_imports WHERE user_id = ?1
			ORDER BY created_at DESC, CAST(CAST(xmin AS text) AS bigint) DESC LIMIT ?2)`)
