package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
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

// BenchmarkCapture2MB is the server's part of a capture, from the request
// to the answer with the draft's links, for a 2 MB page sent with a
// selection: extracted, stored as a new source, the passage anchored and
// put on the tray. In "chrome" the page is a seed article among 2 MB of a
// news site's comment threads and scripts; in "text" the article itself is
// 2 MB long. Each round sends a page of its own, so that each makes a
// source. The target, click to draft, is 2 s.
func BenchmarkCapture2MB(b *testing.B) {
	comment := `<div class="comment"><a href="/u/reader">reader</a> <p>A reader's comment on the story, with a few words of its own.</p>` +
		`<script>window.dataLayer.push({event: "view", slot: "comment"});</script></div>` + "\n"
	paragraph := "<p>The ministry said the talks would go on through the week, and that no date had been set for a vote.</p>\n"
	for _, bc := range []struct{ name, filler, at string }{
		{"chrome", comment, "<footer>"},
		{"text", paragraph, "</article>"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			f := newFixture(b)
			s := f.seed()
			tok := f.token(s.editor, claimline.ScopeSourcesWrite)
			filler := strings.Repeat(bc.filler, (2<<20)/len(bc.filler)+1)
			i := 0
			for b.Loop() {
				i++
				page := article(b, "001", fmt.Sprintf("Story %d", i), func(p []string) []string {
					return append(p, fmt.Sprintf("Update %d: the story was revised.", i))
				})
				page = strings.Replace(page, bc.at, filler+bc.at, 1)
				body, _ := json.Marshal(map[string]any{"url": fmt.Sprintf("https://news.example/story-%d", i), "html": page,
					"selection": map[string]any{"exact": fmt.Sprintf("Update %d: the story was revised.", i)}})
				req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/captures", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Content-Type", "application/json")
				resp, err := f.ts.Client().Do(req)
				if err != nil {
					b.Fatal(err)
				}
				var got captured
				json.NewDecoder(resp.Body).Decode(&got)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated || got.Quote == nil || !got.Quote.Anchored {
					b.Fatalf("capture %d: %d %+v", i, resp.StatusCode, got)
				}
			}
		})
	}
}
