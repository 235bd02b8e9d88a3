package api_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"claimline/internal/api"
	"claimline/internal/claimline"
	"claimline/internal/store"
)

// A token is cl_ and 43 random characters, kept only as a hash; its last
// use is recorded; only the Authorization header carries it, and a session
// cookie gets nowhere in the API.
func TestTokensAreSecretAndOnlyInTheHeader(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.vw, claimline.ScopeTimelinesRead)
	if !strings.HasPrefix(tok, "cl_") || len(tok) < 3+32 {
		t.Fatalf("token %q", tok)
	}
	if a := f.do("GET", "/timelines", tok, nil); a.status != 200 {
		t.Fatalf("with the token: %d", a.status)
	}
	tokens, err := f.app.Users.Tokens(context.Background(), s.vw.ID)
	if err != nil || len(tokens) != 1 || tokens[0].LastUsed.IsZero() || tokens[0].Suffix != tok[len(tok)-4:] {
		t.Fatalf("tokens after use: %+v %v", tokens, err)
	}
	// The database holds no copy of the secret.
	driver, dsn := "sqlite", "file:"+f.path+"?mode=ro"
	if store.IsPostgres(f.path) {
		driver, dsn = "pgx", f.path
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT secret_hash, name FROM api_tokens`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var hash []byte
		var name string
		if err := rows.Scan(&hash, &name); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(hash), tok[3:]) || strings.Contains(name, tok[3:]) {
			t.Errorf("the secret is stored: hash %x, name %q", hash, name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Anywhere but the Authorization header, the token is refused.
	for name, req := range map[string]func(*http.Request){
		"query":  func(r *http.Request) { r.URL.RawQuery = "access_token=" + tok },
		"cookie": func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "token", Value: tok}) },
		"header": func(r *http.Request) { r.Header.Set("X-Api-Token", tok) },
		"basic":  func(r *http.Request) { r.SetBasicAuth("vic", tok) },
	} {
		r, _ := http.NewRequest("GET", f.ts.URL+api.BasePath+"/timelines", nil)
		req(r)
		resp, err := f.ts.Client().Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("token in the %s: %d, want 401 with WWW-Authenticate", name, resp.StatusCode)
		}
	}
}

// Every write through the API is in the history under the token's user,
// marked with the token's name; the history route shows it.
func TestAPIWritesAreInTheHistoryByTokenName(t *testing.T) {
	f := newFixture(t)
	s := f.seed()
	tok := f.token(s.editor, claimline.ScopeTimelinesWrite)
	a := f.do("POST", "/timelines/strikes/entries", tok, map[string]any{"date": "13 Sep 2024", "kind": "policy_move", "title": "Biden and Starmer meet"})
	if a.status != 201 {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	changes, err := f.app.History.Changes(context.Background(), claimline.ChangeFilter{Limit: 1})
	if err != nil || len(changes) != 1 {
		t.Fatal(changes, err)
	}
	if c := changes[0]; c.Username != "ed" || c.Via != "test ed" || c.Label != "Biden and Starmer meet" {
		t.Errorf("history: %+v", c)
	}
	var list api.ChangeList
	f.do("GET", "/history?limit=1", tok, nil).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].Via == nil || *list.Items[0].Via != "test ed" || list.Next == nil {
		t.Errorf("history through the API: %+v", list)
	}
	// Changes made on the web carry no via.
	if _, err := f.app.Timelines.CreateEntry(as(s.editor), s.timeline.ID, claimline.EntryInput{Date: "2024", Kind: "other", Title: "On the web"}); err != nil {
		t.Fatal(err)
	}
	changes, _ = f.app.History.Changes(context.Background(), claimline.ChangeFilter{Limit: 1})
	if changes[0].Via != "" {
		t.Errorf("a web change has via %q", changes[0].Via)
	}
}

// Token lifetimes: 90 days unless said, a year at most, any duration from a
// second; names and scopes are checked.
func TestTokenInputIsChecked(t *testing.T) {
	f := newFixture(t)
	u := f.user("ann", claimline.RoleEditor)
	ctx := context.Background()
	tk, _, err := f.app.Users.CreateToken(ctx, u.ID, claimline.TokenInput{Name: "nightly", Scopes: []string{"timelines:read"}})
	if err != nil || !tk.Expires.Equal(f.clock().Add(90*24*time.Hour)) {
		t.Errorf("default lifetime: %v %v", tk, err)
	}
	for _, c := range []struct {
		in    claimline.TokenInput
		field string
	}{
		{claimline.TokenInput{Scopes: []string{"timelines:read"}}, "name"},
		{claimline.TokenInput{Name: "x", Scopes: []string{"timelines:delete"}}, "scopes"},
		{claimline.TokenInput{Name: "x"}, "scopes"},
		{claimline.TokenInput{Name: "x", Scopes: []string{"admin"}, Expires: "400d"}, "expires"},
		{claimline.TokenInput{Name: "x", Scopes: []string{"admin"}, Expires: "0s"}, "expires"},
		{claimline.TokenInput{Name: "x", Scopes: []string{"admin"}, Expires: "soon"}, "expires"},
	} {
		if _, _, err := f.app.Users.CreateToken(ctx, u.ID, c.in); claimline.FieldErrors(err)[c.field] == "" {
			t.Errorf("%+v: %v, want an error on %s", c.in, err, c.field)
		}
	}
	for _, life := range []string{"30s", "12h", "365d"} {
		if _, _, err := f.app.Users.CreateToken(ctx, u.ID, claimline.TokenInput{Name: "x", Scopes: []string{"admin"}, Expires: life}); err != nil {
			t.Errorf("%s: %v", life, err)
		}
	}
	short := f.token(u, claimline.ScopeTimelinesRead)
	_, secret, _ := f.app.Users.CreateToken(ctx, u.ID, claimline.TokenInput{Name: "brief", Scopes: []string{"timelines:read"}, Expires: "30s"})
	f.advance(31 * time.Second)
	if a := f.do("GET", "/timelines", secret, nil); a.status != 401 {
		t.Errorf("a token past its 30 s: %d", a.status)
	}
	if a := f.do("GET", "/timelines", short, nil); a.status != 200 {
		t.Errorf("a day's token after 31 s: %d", a.status)
	}
	if err := f.app.Users.RevokeToken(ctx, tk.ID, u.ID+1); claimline.ErrorCode(err) != claimline.ENOTFOUND {
		t.Errorf("revoking another's token: %v", err)
	}
}
