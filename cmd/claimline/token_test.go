package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"claimline/internal/app"
	"claimline/internal/claimline"
)

// token add prints the token alone on its last line; token list shows it
// by id, name, user, scopes, expiry and use; token revoke ends it; bad
// input exits 1 and saves nothing.
func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	pw := writeFile(t, "pw", "river otter lantern\n")
	if code, _, errs := cli(t, "", nil, "user", "add", "--db", db, "--password-file", pw, "ann"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := cli(t, "", nil, "token", "add", "--db", db, "--user", "ann", "--name", "nightly", "--scope", "timelines:write", "--scope", "claims:read", "--expires", "12h")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	secret := lines[len(lines)-1]
	if code != 0 || !strings.HasPrefix(secret, "cl_") || strings.Contains(secret, " ") || errs != "" {
		t.Fatalf("token add: exit %d, out %q, err %q", code, out, errs)
	}
	// A scope the user's role never allows is kept (a token's rights are
	// its scopes and its user's role together), with a note saying so.
	code, _, errs = cli(t, "", nil, "token", "add", "--db", db, "--user", "ann", "--name", "ops", "--scope", "admin", "--scope", "claims:read")
	if code != 0 || !strings.Contains(errs, "the admin scope needs an admin, and the token's user is an editor") {
		t.Errorf("token add with the admin scope for an editor: exit %d, %q", code, errs)
	}
	if code, _, _ := cli(t, "", nil, "token", "revoke", "--db", db, "2"); code != 0 {
		t.Errorf("revoke the second token: exit %d", code)
	}
	// The token is good, and using it is recorded.
	a, err := app.Open(context.Background(), app.Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	u, tk, err := a.Users.TokenUser(context.Background(), secret)
	a.Close()
	if err != nil || u.Username != "ann" || tk.ScopeNames() != "timelines:write claims:read" {
		t.Fatalf("the token: %v %v %v", u, tk, err)
	}
	code, out, _ = cli(t, "", nil, "token", "list", "--db", db, "--user", "ann")
	fields := strings.Split(strings.TrimSpace(out), "\t")
	if code != 0 || len(fields) != 6 || fields[0] != "1" || fields[1] != "nightly" || fields[2] != "ann" ||
		fields[3] != "timelines:write claims:read" || !strings.HasPrefix(fields[4], "expires ") || !strings.HasPrefix(fields[5], "last used ") {
		t.Errorf("token list: exit %d, %q", code, out)
	}
	for _, bad := range [][]string{
		{"--user", "nobody"}, {"--user", "ann", "--scope", "everything"}, {"--user", "ann", "--expires", "2y"},
	} {
		if code, _, errs := cli(t, "", nil, append([]string{"token", "add", "--db", db}, bad...)...); code != 1 || errs == "" {
			t.Errorf("token add %v: exit %d, %q", bad, code, errs)
		}
	}
	if code, _, _ := cli(t, "", nil, "token", "revoke", "--db", db, "1"); code != 0 {
		t.Errorf("revoke: exit %d", code)
	}
	if code, _, errs := cli(t, "", nil, "token", "revoke", "--db", db, "1"); code != 1 || !strings.Contains(errs, "No such token") {
		t.Errorf("revoke again: exit %d, %q", code, errs)
	}
	if _, out, _ := cli(t, "", nil, "token", "list", "--db", db); strings.TrimSpace(out) != "" {
		t.Errorf("after revoke the list is %q", out)
	}
	if code, _, _ := cli(t, "", nil, "token", "add", "--db", db); code != 2 {
		t.Errorf("token add without --user: exit %d, want 2", code)
	}
}

// A token past its expiry is listed as EXPIRED, not "expires" a time gone.
func TestTokenListMarksExpiredTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	pw := writeFile(t, "pw", "river otter lantern\n")
	if code, _, errs := cli(t, "", nil, "user", "add", "--db", db, "--password-file", pw, "ann"); code != 0 {
		t.Fatal(errs)
	}
	// Made two days ago for a day, by an application whose clock says so.
	past := func() time.Time { return time.Now().Add(-48 * time.Hour) }
	a, err := app.Open(context.Background(), app.Config{DB: db, Now: past})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	u, err := a.Users.ByName(ctx, "ann")
	if err == nil {
		_, _, err = a.Users.CreateToken(claimline.NewContextWithUser(ctx, u), u.ID, claimline.TokenInput{Name: "old", Scopes: []string{"timelines:read"}, Expires: "1d"})
	}
	a.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := cli(t, "", nil, "token", "list", "--db", db)
	if fields := strings.Split(strings.TrimSpace(out), "\t"); code != 0 || len(fields) != 6 || !strings.HasPrefix(fields[4], "EXPIRED ") {
		t.Errorf("token list: exit %d, %q", code, out)
	}
}
