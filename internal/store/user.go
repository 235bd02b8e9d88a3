package store

import (
	"context"
	"database/sql"
	"fmt"

	"claimline/internal/claimline"
)

type userSnapshot struct {
	Username string `json:"username"`
	Role     string `json:"role"`
	Disabled bool   `json:"disabled"`
	Password string `json:"password,omitempty"` // "changed" when it was; never the hash
}

const userColumns = `id, username, role, disabled, created_at, password_hash, revision FROM users`

func scanUser(row interface{ Scan(...any) error }) (*claimline.User, error) {
	var u claimline.User
	var role, at string
	if err := row.Scan(&u.ID, &u.Username, &role, &u.Disabled, &at, &u.PasswordHash, &u.Revision); err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt = claimline.Role(role), parseTime(at)
	return &u, nil
}

// CreateUser adds a user with an already hashed password. A name in use
// (whatever its case) is an EINVALID error on the "username" field.
func (s *Store) CreateUser(ctx context.Context, username string, role claimline.Role, passwordHash string) (*claimline.User, error) {
	if err := claimline.ValidateUsername(username); err != nil {
		return nil, err
	}
	if !role.Valid() {
		return nil, &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"role": "Choose admin, editor or viewer."}}
	}
	var id int64
	err := s.write(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			username, passwordHash, string(role), tx.now).Scan(&id)
		if isUnique(err) {
			return &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"username": "The user name “" + username + "” is taken."}}
		} else if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		return record(ctx, tx, claimline.Change{ObjectType: "user", ObjectID: id, Action: claimline.ActionCreate, Label: username},
			nil, userSnapshot{Username: username, Role: string(role)})
	})
	if err != nil {
		return nil, err
	}
	return s.User(ctx, id)
}

// User returns the user with that id, or ENOTFOUND.
func (s *Store) User(ctx context.Context, id int64) (*claimline.User, error) {
	var u *claimline.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` WHERE id = ?`, id))
		return notFound(err, "User")
	})
	return u, err
}

// UserByName returns the user with that name (any case), or ENOTFOUND.
func (s *Store) UserByName(ctx context.Context, name string) (*claimline.User, error) {
	var u *claimline.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` WHERE username = ?`, name))
		return notFound(err, "User")
	})
	return u, err
}

// Users returns every user by name.
func (s *Store) Users(ctx context.Context) ([]claimline.User, error) {
	var out []claimline.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT `+userColumns+` ORDER BY username COLLATE NOCASE`, nil, viaNew(scanUser))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	return out, nil
}

// HasAdmin reports whether any admin account exists, enabled or not: once
// one does, the setup page is gone for good.
func (s *Store) HasAdmin(ctx context.Context) (bool, error) {
	var n int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin'`).Scan(&n)
	})
	return n > 0, err
}

// UpdateUser sets a user's role and disabled flag, if the user is still at
// revision rev (0: unchecked; otherwise an ECONFLICT carrying the user as
// now). Disabling ends every session of the user in the same transaction.
// Leaving no enabled admin is an ECONFLICT too (without a Conflict).
func (s *Store) UpdateUser(ctx context.Context, id, rev int64, role claimline.Role, disabled bool) (*claimline.User, error) {
	if !role.Valid() {
		return nil, claimline.Errorf(claimline.EINVALID, "Choose admin, editor or viewer.")
	}
	err := s.write(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "User")
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, disabled = ?, revision = revision + 1 WHERE id = ? AND `+revisionMatch,
			append([]any{string(role), boolInt(disabled), id}, revArgs(rev)...)...)
		if err := guarded(ctx, tx, res, err, "user", "user", id, before.Revision, before); err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0`).Scan(&admins); err != nil {
			return err
		}
		if admins == 0 {
			return claimline.Errorf(claimline.ECONFLICT, "This would leave no enabled admin; make another user admin first.")
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		return record(ctx, tx, claimline.Change{ObjectType: "user", ObjectID: id, Action: claimline.ActionUpdate, Label: before.Username},
			userSnapshot{Username: before.Username, Role: string(before.Role), Disabled: before.Disabled},
			userSnapshot{Username: before.Username, Role: string(role), Disabled: disabled})
	})
	if err != nil {
		return nil, err
	}
	return s.User(ctx, id)
}

// SetPassword stores a new password hash for a user. With endSessions it
// also ends the user's sessions except the one whose token is keepToken
// (empty: all of them), in the same transaction.
func (s *Store) SetPassword(ctx context.Context, id int64, passwordHash string, endSessions bool, keepToken string) error {
	return s.write(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "User")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, id); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if endSessions {
			if err := endUserSessions(ctx, tx, id, keepToken); err != nil {
				return err
			}
		}
		snap := userSnapshot{Username: u.Username, Role: string(u.Role), Disabled: u.Disabled}
		after := snap
		after.Password = "changed"
		return record(ctx, tx, claimline.Change{ObjectType: "user", ObjectID: id, Action: claimline.ActionUpdate, Label: u.Username}, snap, after)
	})
}
