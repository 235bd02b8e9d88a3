package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"claimline/internal/claimline"
)

const tokenUsage = `Usage:
  claimline token add [--db DB] --user NAME [--name LABEL] [--scope SCOPE]... [--expires DURATION]
  claimline token list [--db DB] [--user NAME]
  claimline token revoke [--db DB] ID
`

// tokenCmd is "claimline token add|list|revoke": personal API tokens for
// scripted set-ups, as /account/tokens makes them on the web.
func tokenCmd(ctx context.Context, args []string, sys stdio) error {
	if len(args) == 0 {
		fmt.Fprint(sys.err, tokenUsage)
		return errUsage
	}
	switch args[0] {
	case "add":
		return tokenAddCmd(ctx, args[1:], sys)
	case "list":
		return tokenListCmd(ctx, args[1:], sys)
	case "revoke":
		return tokenRevokeCmd(ctx, args[1:], sys)
	}
	fmt.Fprint(sys.err, tokenUsage)
	return errUsage
}

// scopeFlags collects repeated --scope flags.
type scopeFlags []string

func (s *scopeFlags) String() string     { return strings.Join(*s, ",") }
func (s *scopeFlags) Set(v string) error { *s = append(*s, v); return nil }

// tokenAddCmd prints the new token alone on its last line, so that a
// script can take it with tail -n 1.
func tokenAddCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("token add", "token add [flags]", sys)
	db := dbFlag(fs, sys)
	user := fs.String("user", "", "the user the token acts as (required)")
	name := fs.String("name", "cli", "a label that says where the token is used")
	var scopes scopeFlags
	fs.Var(&scopes, "scope", "a scope, repeatable: timelines:read, timelines:write, sources:read, sources:write, claims:read, claims:write, admin (default: the three read scopes)")
	expires := fs.String("expires", "90d", "how long the token lives: 90d, 12h, 30s… (at most 365d)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *user == "" {
		fs.Usage()
		return errUsage
	}
	if len(scopes) == 0 {
		scopes = scopeFlags{string(claimline.ScopeTimelinesRead), string(claimline.ScopeSourcesRead), string(claimline.ScopeClaimsRead)}
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Users.ByName(ctx, *user)
	if err != nil {
		return fmt.Errorf("--user %q: %s", *user, claimline.ErrorMessage(err))
	}
	t, secret, err := a.Users.CreateToken(ctx, u.ID, claimline.TokenInput{Name: *name, Scopes: scopes, Expires: *expires})
	if claimline.FieldErrors(err) != nil {
		return errors.New(claimline.FieldErrorText(err))
	} else if err != nil {
		return err
	}
	if why := claimline.ScopeBeyondRole(t.Scopes, u.Role); why != "" {
		fmt.Fprintf(sys.err, "Note: %s, so what only those scopes allow is refused.\n", why)
	}
	fmt.Fprintf(sys.out, "Token %d for %s (%s), expires %s. It is shown this once:\n%s\n",
		t.ID, t.Username, t.ScopeNames(), t.Expires.UTC().Format(time.RFC3339), secret)
	return nil
}

// tokenListCmd prints one token a line: its id, name, user, scopes, expiry
// and last use, tab-separated.
func tokenListCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("token list", "token list [flags]", sys)
	db := dbFlag(fs, sys)
	user := fs.String("user", "", "only this user's tokens")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fs.Usage()
		return errUsage
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	var userID int64
	if *user != "" {
		u, err := a.Users.ByName(ctx, *user)
		if err != nil {
			return fmt.Errorf("--user %q: %s", *user, claimline.ErrorMessage(err))
		}
		userID = u.ID
	}
	tokens, err := a.Users.Tokens(ctx, userID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		used := "never used"
		if !t.LastUsed.IsZero() {
			used = "last used " + t.LastUsed.UTC().Format(time.RFC3339)
		}
		expires := "expires "
		if !t.Expires.After(time.Now()) {
			expires = "EXPIRED "
		}
		fmt.Fprintf(sys.out, "%d\t%s\t%s\t%s\t%s%s\t%s\n", t.ID, oneLine(t.Name), t.Username, t.ScopeNames(),
			expires, t.Expires.UTC().Format(time.RFC3339), used)
	}
	return nil
}

func tokenRevokeCmd(ctx context.Context, args []string, sys stdio) error {
	fs := newFlags("token revoke", "token revoke [--db DB] ID", sys)
	db := dbFlag(fs, sys)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var id int64
	if len(pos) == 1 {
		id, err = strconv.ParseInt(pos[0], 10, 64)
	}
	if len(pos) != 1 || err != nil || id <= 0 {
		fs.Usage()
		return errUsage
	}
	a, ctx, err := openApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Users.RevokeToken(ctx, id, 0); err != nil {
		return fmt.Errorf("token %d: %s", id, claimline.ErrorMessage(err))
	}
	fmt.Fprintf(sys.out, "Revoked token %d.\n", id)
	return nil
}

var _ flag.Value = (*scopeFlags)(nil)
