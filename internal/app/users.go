package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"claimline/internal/auth"
	"claimline/internal/claimline"
)

// Users is the use cases of the team: members and their roles, passwords
// and sign-in sessions. Every door that creates a user (the admin page,
// the first-admin setup link, the command line and the demo) goes through
// Add, so that the same name and password rules hold everywhere.
type Users struct {
	st     userStore
	hasher *auth.Hasher
	logins *auth.Logins // the sign-in throttle, counting in the store
}

// SignInFailed is the one message of every failed sign-in, whether or not
// the user exists.
const SignInFailed = "Wrong user name or password."

// List returns every user by name.
func (u *Users) List(ctx context.Context) ([]claimline.User, error) {
	return u.st.Users(ctx)
}

// Get returns a user.
func (u *Users) Get(ctx context.Context, id int64) (*claimline.User, error) {
	return u.st.User(ctx, id)
}

// ByName returns the user with that name.
func (u *Users) ByName(ctx context.Context, name string) (*claimline.User, error) {
	return u.st.UserByName(ctx, name)
}

// HasAdmin reports whether any admin account exists, enabled or not.
func (u *Users) HasAdmin(ctx context.Context) (bool, error) {
	return u.st.HasAdmin(ctx)
}

// Add checks the user name and the password rules, hashes the password and
// creates the user. Every problem is an EINVALID error on its field
// ("username", "password", "role").
func (u *Users) Add(ctx context.Context, username string, role claimline.Role, password string) (*claimline.User, error) {
	p := claimline.Problems{}
	for f, m := range claimline.FieldErrors(claimline.ValidateUsername(username)) {
		p.Add(f, m)
	}
	for f, m := range claimline.FieldErrors(auth.CheckPassword(password, username)) {
		p.Add(f, m)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	hash, err := u.hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	return u.st.CreateUser(ctx, username, role, hash)
}

// Update changes a user's role and whether they are disabled, read at
// revision rev. Leaving no enabled admin is ECONFLICT.
func (u *Users) Update(ctx context.Context, id, rev int64, role claimline.Role, disabled bool) (*claimline.User, error) {
	return u.st.UpdateUser(ctx, id, rev, role, disabled)
}

// SignIn checks a sign-in as username with password from the client
// address addr, under the throttle (auth.Logins): when the attempt must
// wait, it returns how long and checks nothing. Otherwise the attempt
// counts as a failure until the password proves right; a wrong password,
// an unknown or a disabled user is Authenticate's EUNAUTH.
func (u *Users) SignIn(ctx context.Context, username, password, addr string) (*claimline.User, time.Duration, error) {
	attempt, wait, err := u.logins.Begin(ctx, username, addr)
	if err != nil || wait > 0 {
		return nil, wait, err
	}
	user, err := u.Authenticate(ctx, username, password)
	if err != nil {
		return nil, 0, err
	}
	if err := attempt.Succeeded(ctx); err != nil {
		return nil, 0, err
	}
	return user, 0, nil
}

// Authenticate returns the enabled user with that name and password. Any
// failure is the same EUNAUTH error (SignInFailed), and takes the same
// time whether or not the user exists.
func (u *Users) Authenticate(ctx context.Context, username, password string) (*claimline.User, error) {
	user, err := u.st.UserByName(ctx, username)
	hash := ""
	if err == nil {
		hash = user.PasswordHash
	} else if claimline.ErrorCode(err) != claimline.ENOTFOUND {
		return nil, err
	}
	// Verified even for unknown users (against a dummy hash), so that
	// timing does not tell which names exist.
	ok, err := u.hasher.Verify(ctx, password, hash)
	if err != nil {
		return nil, err
	}
	if !ok || user.Disabled {
		return nil, claimline.Errorf(claimline.EUNAUTH, SignInFailed)
	}
	return user, nil
}

// ChangePassword sets a user's own password after checking their current
// one: EINVALID on "current" when it is wrong, on "password" when the new
// one breaks the rules. With endOthers, every other session of the user
// ends (keep names the session to keep).
func (u *Users) ChangePassword(ctx context.Context, id int64, current, password string, endOthers bool, keep string) error {
	user, err := u.st.User(ctx, id)
	if err != nil {
		return err
	}
	ok, err := u.hasher.Verify(ctx, current, user.PasswordHash)
	if err != nil {
		return err
	}
	p := claimline.Problems{}
	if !ok {
		p.Add("current", "This is not your current password.")
	}
	for f, m := range claimline.FieldErrors(auth.CheckPassword(password, user.Username)) {
		p.Add(f, m)
	}
	if err := p.Err(); err != nil {
		return err
	}
	return u.setPassword(ctx, user.ID, password, endOthers, keep)
}

// ResetPassword gives a user a new password (an admin's reset) and ends
// all their sessions. A password that breaks the rules is EINVALID on
// "password".
func (u *Users) ResetPassword(ctx context.Context, id int64, password string) error {
	user, err := u.st.User(ctx, id)
	if err != nil {
		return err
	}
	if err := auth.CheckPassword(password, user.Username); err != nil {
		return err
	}
	return u.setPassword(ctx, user.ID, password, true, "")
}

func (u *Users) setPassword(ctx context.Context, id int64, password string, endSessions bool, keep string) error {
	hash, err := u.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return u.st.SetPassword(ctx, id, hash, endSessions, keep)
}

// StartSession starts a session for a user and returns its token, shown
// to the user once; only its hash is stored.
func (u *Users) StartSession(ctx context.Context, userID int64, lim claimline.SessionLimits) (string, error) {
	return u.st.CreateSession(ctx, userID, lim)
}

// Session returns the live session with this token; one past its limits,
// or of a disabled user, is ended and EUNAUTH.
func (u *Users) Session(ctx context.Context, token string, lim claimline.SessionLimits) (claimline.Session, error) {
	return u.st.Session(ctx, token, lim)
}

// EndSession ends the session with this token (signing out).
func (u *Users) EndSession(ctx context.Context, token string) error {
	return u.st.DeleteSession(ctx, token)
}

// CreateToken makes a personal API token for a user: a name, scopes and a
// lifetime (ParseTokenLife), each checked, every problem an EINVALID error
// on its field ("name", "scopes", "expires"). It returns the token and its
// secret, which is shown once and never again.
func (u *Users) CreateToken(ctx context.Context, userID int64, in claimline.TokenInput) (*claimline.Token, string, error) {
	p := claimline.Problems{}
	name := strings.TrimSpace(in.Name)
	switch {
	case name == "":
		p.Add("name", "Give the token a name that says where it is used.")
	case !utf8.ValidString(name) || utf8.RuneCountInString(name) > claimline.MaxTokenName:
		p.Add("name", "The name may be at most 100 characters long.")
	}
	scopes, err := claimline.ParseScopes(in.Scopes)
	for f, m := range claimline.FieldErrors(err) {
		p.Add(f, m)
	}
	life, err := claimline.ParseTokenLife(in.Expires)
	for f, m := range claimline.FieldErrors(err) {
		p.Add(f, m)
	}
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	return u.st.CreateToken(ctx, userID, name, scopes, life)
}

// Tokens returns a user's tokens (everyone's, for userID 0), newest first.
func (u *Users) Tokens(ctx context.Context, userID int64) ([]claimline.Token, error) {
	return u.st.Tokens(ctx, userID)
}

// RevokeToken ends a token at once. With userID other than 0, only that
// user's own token: another's is ENOTFOUND.
func (u *Users) RevokeToken(ctx context.Context, id, userID int64) error {
	return u.st.RevokeToken(ctx, id, userID)
}

// TokenUser returns the enabled user of a live token, and the token; any
// other secret is EUNAUTH.
func (u *Users) TokenUser(ctx context.Context, secret string) (*claimline.User, *claimline.Token, error) {
	return u.st.TokenUser(ctx, secret)
}
