package claimline

import "testing"

// Counts are written in plain words, and say who does what.
func TestStatusTextInPlainWords(t *testing.T) {
	for _, c := range []struct {
		s, d, m int
		want    string
	}{
		{0, 0, 0, "unverified: no source yet"},
		{0, 0, 2, "unverified: 2 sources mention it"},
		{1, 0, 0, "supported by 1 source"},
		{3, 0, 1, "supported by 3 sources · 1 mentions it"},
		{1, 2, 0, "disputed: 1 source supports, 2 dispute"},
		{2, 1, 2, "disputed: 2 sources support, 1 disputes · 2 mention it"},
		{0, 1, 0, "disputed: 1 source disputes it"},
	} {
		got := Claim{Supports: c.s, Disputes: c.d, Mentions: c.m}.StatusText()
		if got != c.want {
			t.Errorf("%d/%d/%d: %q, want %q", c.s, c.d, c.m, got, c.want)
		}
	}
	// Supporters that are copies of one report count once, disputed or not.
	for _, c := range []struct {
		claim Claim
		want  string
	}{
		{Claim{Supports: 3, SupportGroups: 2}, "supported by 3 sources (2 independent)"},
		{Claim{Supports: 2, SupportGroups: 1, Disputes: 1}, "disputed: 2 sources support (1 independent), 1 disputes"},
	} {
		if got := c.claim.StatusText(); got != c.want {
			t.Errorf("%d supporting in %d groups, %d disputing: %q, want %q", c.claim.Supports, c.claim.SupportGroups, c.claim.Disputes, got, c.want)
		}
	}
}
