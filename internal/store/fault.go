package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"claimline/internal/claimline"
)

// Messages of the faults a write can meet. They say what the user needs to
// know: the cause is the server's, and nothing of theirs was saved.
const (
	fullMessage     = "The server's disk is full; nothing was saved."
	readOnlyMessage = "The database cannot be written at the moment; nothing was saved."
)

// asFault maps SQLite's "disk full" to EFULL, and its "read-only", "cannot
// open" and I/O errors (a file system remounted read-only, a failing disk)
// to EREADONLY. It returns nil for any other error.
//
// On PostgreSQL, a full disk (53100) is EFULL too, and a server or
// transaction that takes no writes (25006: a standby, a read-only
// default) EREADONLY.
func asFault(err error) *claimline.Error {
	switch postgresCode(err) {
	case pgDiskFull:
		return claimline.Errorf(claimline.EFULL, fullMessage)
	case pgReadOnly:
		return claimline.Errorf(claimline.EREADONLY, readOnlyMessage)
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code() & 0xff { // the primary code of an extended one
	case sqlite3.SQLITE_FULL:
		return claimline.Errorf(claimline.EFULL, fullMessage)
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR:
		return claimline.Errorf(claimline.EREADONLY, readOnlyMessage)
	}
	return nil
}

// writeFault is applied to what every write transaction returns. A fault
// becomes its domain error (still wrapping SQLite's, for the log) and is
// remembered, so that Ping reports it; a commit forgets it.
//
// A PostgreSQL server out of reach is EUNAVAILABLE, not remembered: Ping
// asks the server itself.
func (s *Store) writeFault(err error) error {
	if err == nil {
		s.fault.Store(nil)
		return nil
	}
	if s.pg && unreachable(err) {
		return s.unavailable(err)
	}
	f := asFault(err)
	if f == nil {
		return err
	}
	s.fault.Store(f)
	return fmt.Errorf("%w (%w)", f, err)
}

// probeBytes is the size of the health probe's write: more than any write
// claimline makes but a source's text, so that health does not come back
// while the writes people make still fail.
const probeBytes = 512 << 10

// checkWrites is Ping's check of the writer. While a write fault is
// remembered it writes probeBytes (committed, then removed) and so finds
// out when space or writability has come back, even when no user is
// writing; otherwise it only pings the writer.
func (s *Store) checkWrites(ctx context.Context) error {
	if s.fault.Load() == nil {
		return s.w.PingContext(ctx)
	}
	// Unprepared, on the *sql.Tx: the statements are not worth keeping.
	// Two transactions: a row inserted and deleted in one might never
	// reach the WAL.
	if err := s.write(ctx, func(tx *Tx) error {
		_, err := tx.Tx.ExecContext(tx.ctx, probeSQL, probeBytes)
		return err
	}); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		_, err := tx.Tx.ExecContext(tx.ctx, `DELETE FROM health_probe`)
		return err
	})
}

var probeSQL = dialects(`INSERT INTO health_probe (data) VALUES (zeroblob(?))`,
	`INSERT INTO health_probe (data) VALUES (decode(repeat('00', ?), 'hex'))`)

// prepareFile makes sure, before SQLite opens path, that the database can be
// written, and refuses to start with a message that says why when it
// cannot: every sign-in writes a session, so a read-only claimline could
// serve no one. It creates a new database file itself, owner-only (0600)
// whatever the umask, because SQLite gives the -wal and -shm files the mode
// of the database, and all three hold password hashes. An existing
// database readable by others is made owner-only too.
func prepareFile(path string) error {
	refuse := func(err error) error {
		return claimline.Errorf(claimline.EREADONLY, "the database %s cannot be written (%v). claimline writes to it, "+
			"and creates the -wal and -shm files beside it, at every sign-in: make the file and its directory writable "+
			"for the user running claimline, on a file system mounted read-write.", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return refuse(err)
	}
	f.Close()
	// Created owner-only, or made so: files of an older claimline were
	// 0644. Best effort: a file claimline does not own keeps its mode.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm() != 0o600 {
			os.Chmod(p, 0o600)
		}
	}
	// The directory must take new files: SQLite creates -wal and -shm there.
	probe, err := os.CreateTemp(filepath.Dir(path), ".claimline-probe-*")
	if err != nil {
		return refuse(err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// privateTemp creates an empty file in dir, owner-only whatever the umask,
// and returns its name. VACUUM INTO accepts an empty file as its target and
// keeps its mode.
func privateTemp(dir, pattern string) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	f.Close()
	// CreateTemp asks for 0600, but the umask may have taken the owner's bits.
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
