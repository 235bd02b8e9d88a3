package claimline

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scope is one thing an API token may do: read or write an area, or
// administer (users and backups, never content).
type Scope string

// The scopes.
const (
	ScopeTimelinesRead  Scope = "timelines:read"
	ScopeTimelinesWrite Scope = "timelines:write"
	ScopeSourcesRead    Scope = "sources:read"
	ScopeSourcesWrite   Scope = "sources:write"
	ScopeClaimsRead     Scope = "claims:read"
	ScopeClaimsWrite    Scope = "claims:write"
	ScopeAdmin          Scope = "admin"
)

// AllScopes lists every scope in display order.
var AllScopes = []Scope{ScopeTimelinesRead, ScopeTimelinesWrite, ScopeSourcesRead, ScopeSourcesWrite,
	ScopeClaimsRead, ScopeClaimsWrite, ScopeAdmin}

// Valid reports whether s is one of AllScopes.
func (s Scope) Valid() bool { return slices.Contains(AllScopes, s) }

// The areas that scopes cover. Entries and citations belong to timelines;
// claims, stances and suggestions to claims; sources, versions, captures
// and clippings to sources.
const (
	AreaTimelines = "timelines"
	AreaSources   = "sources"
	AreaClaims    = "claims"
	AreaAdmin     = "admin"
)

// Allows reports whether scopes allow reading (or, with write, changing)
// an area: a write scope includes reading its area, and admin covers only
// the administration area.
func Allows(scopes []Scope, area string, write bool) bool {
	for _, s := range scopes {
		switch {
		case area == AreaAdmin && s == ScopeAdmin:
			return true
		case s == Scope(area+":write"):
			return true
		case !write && s == Scope(area+":read"):
			return true
		}
	}
	return false
}

// ScopeBeyondRole says, in words, which of a token's scopes its user's
// role r never allows ("" when all are allowed): a token's rights are its
// scopes intersected with its user's role, so those scopes are refused at
// every use (until the user's role changes).
func ScopeBeyondRole(scopes []Scope, r Role) string {
	for _, s := range scopes {
		switch {
		case s == ScopeAdmin && r != RoleAdmin:
			return fmt.Sprintf("the admin scope needs an admin, and the token's user is %s", r.WithArticle())
		case strings.HasSuffix(string(s), ":write") && !r.AtLeast(RoleEditor):
			return fmt.Sprintf("write scopes need an editor or admin, and the token's user is %s", r.WithArticle())
		}
	}
	return ""
}

// ParseScopes reads scope names ("timelines:read"), each at most once, in
// the order of AllScopes. An unknown name is an EINVALID error on "scopes";
// so is none at all.
func ParseScopes(names []string) ([]Scope, error) {
	var out []Scope
	for _, n := range names {
		s := Scope(strings.TrimSpace(n))
		if !s.Valid() {
			return nil, fieldError("scopes", fmt.Sprintf("Unknown scope %q: choose from %s.", n, joinScopes(AllScopes)))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fieldError("scopes", "Choose at least one scope.")
	}
	slices.SortFunc(out, func(a, b Scope) int { return slices.Index(AllScopes, a) - slices.Index(AllScopes, b) })
	return out, nil
}

// fieldError is an EINVALID error with one message on one field.
func fieldError(field, msg string) error { return Problems{field: msg}.Err() }

func joinScopes(ss []Scope) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

// Token lifetimes: every token expires, by default after DefaultTokenLife.
const (
	DefaultTokenLife = 90 * 24 * time.Hour
	MaxTokenLife     = 365 * 24 * time.Hour
)

// ParseTokenLife reads how long a token lives: a whole number of days
// ("90d") or a Go duration ("12h", "30s"), from one second to a year; ""
// is DefaultTokenLife. Anything else is an EINVALID error on "expires".
func ParseTokenLife(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultTokenLife, nil
	}
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
		if n > 366 {
			d = MaxTokenLife + 1
		}
	} else {
		d, err = time.ParseDuration(s)
	}
	switch {
	case err != nil:
		return 0, fieldError("expires", "Give a lifetime such as 90d, 12h or 30s.")
	case d < time.Second:
		return 0, fieldError("expires", "A token must live at least one second.")
	case d > MaxTokenLife:
		return 0, fieldError("expires", "A token may live at most 365 days.")
	}
	return d, nil
}

// Token is a personal API token, as listed: its secret is shown once, at
// creation, and only its hash is kept.
type Token struct {
	ID       int64
	UserID   int64
	Username string
	Name     string
	Suffix   string // the secret's last characters, to tell tokens apart
	Scopes   []Scope
	Created  time.Time
	Expires  time.Time
	LastUsed time.Time // zero until first used
}

// ScopeNames returns the token's scopes as text, space-separated.
func (t Token) ScopeNames() string { return strings.ReplaceAll(joinScopes(t.Scopes), ", ", " ") }

// TokenInput is what a user asks for when creating a token.
type TokenInput struct {
	Name    string
	Scopes  []string
	Expires string // a lifetime for ParseTokenLife
}

// MaxTokenName bounds a token's name.
const MaxTokenName = 100

// Access is what a request may do beyond its user's role, when it came
// with an API token: the token's scopes, and the token's name, which
// history records the request's changes under.
type Access struct {
	Scopes []Scope
	Via    string
}

type accessKey struct{}

// NewContextWithAccess returns ctx carrying a token's access.
func NewContextWithAccess(ctx context.Context, a Access) context.Context {
	return context.WithValue(ctx, accessKey{}, a)
}

// AccessFromContext returns the token access ctx carries, and whether it
// carries any (a web session or the command line carries none: their
// user's role alone decides).
func AccessFromContext(ctx context.Context) (Access, bool) {
	a, ok := ctx.Value(accessKey{}).(Access)
	return a, ok
}

// MayRead reports whether the request in ctx may read an area: any signed
// in user may, unless an API token's scopes say otherwise.
func MayRead(ctx context.Context, area string) bool {
	a, ok := AccessFromContext(ctx)
	return !ok || Allows(a.Scopes, area, false)
}
