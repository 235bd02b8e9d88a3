package claimline

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do.
type Role string

// Roles, from most to least powerful.
const (
	RoleAdmin  Role = "admin"
	RoleEditor Role = "editor"
	RoleViewer Role = "viewer"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleEditor, RoleViewer}

func (r Role) rank() int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleEditor:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// WithArticle is the role with "a" or "an": "an editor", "a viewer".
func (r Role) WithArticle() string {
	if r != "" && strings.ContainsRune("aeiou", rune(r[0])) {
		return "an " + string(r)
	}
	return "a " + string(r)
}

// AtLeast reports whether r grants everything min grants.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

// User is a team member.
type User struct {
	ID        int64
	Username  string
	Role      Role
	Disabled  bool
	CreatedAt time.Time
	// PasswordHash is the argon2id hash in its encoded form; never shown.
	PasswordHash string
	Revision     int64 // raised by one at every change of role or state
}

// CanEdit reports whether u may create and change content.
func (u *User) CanEdit() bool { return u != nil && !u.Disabled && u.Role.AtLeast(RoleEditor) }

// IsAdmin reports whether u may manage users.
func (u *User) IsAdmin() bool { return u != nil && !u.Disabled && u.Role == RoleAdmin }

type userKey struct{}

// NewContextWithUser returns ctx carrying u, the user on whose behalf work is done.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the user carried by ctx, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// ValidateUsername returns an EINVALID *Error on the "username" field unless
// name is 1 to 64 letters, digits, '.', '_', '-' or '@'.
func ValidateUsername(name string) error {
	p := Problems{}
	switch {
	case name == "":
		p.Add("username", "Enter a user name.")
	case len(name) > 64:
		p.Add("username", "A user name may be at most 64 characters long.")
	default:
		for _, r := range name {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == '@') {
				p.Add("username", "Use only letters, digits and . _ - @ in a user name.")
				break
			}
		}
	}
	return p.Err()
}
