package api_test

import (
	"context"
	"net/http"
	"testing"

	"claimline/internal/claimline"
)

// BenchmarkTokenCheck is the check every API request makes of its token:
// the lookup of its hash with its user (the last use is written at most
// once a minute, so not here). The target is well under 1 ms.
func BenchmarkTokenCheck(b *testing.B) {
	f := newFixture(b)
	u := f.user("ann", claimline.RoleEditor)
	tok := f.token(u, claimline.ScopeTimelinesRead)
	ctx := context.Background()
	if _, _, err := f.app.Users.TokenUser(ctx, tok); err != nil { // the first use is written
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := f.app.Users.TokenUser(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAPIRequest is a whole small API request over loopback: the token
// check, validation and one timeline read, for comparison with the check
// alone.
func BenchmarkAPIRequest(b *testing.B) {
	f := newFixture(b)
	s := f.seed()
	tok := f.token(s.vw, claimline.ScopeTimelinesRead)
	req, _ := http.NewRequest("GET", f.ts.URL+"/api/v1/timelines/strikes", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	for b.Loop() {
		resp, err := f.ts.Client().Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatal(err, resp.StatusCode)
		}
		resp.Body.Close()
	}
}
