package server_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/demo"
)

// The timeline at a glance: the count says what the filter did, each claim
// chip names its claim, and the overview's axis labels set the date filter.
func TestTimelineAtAGlance(t *testing.T) {
	_, c := demoHarness(t)
	base := "/timelines/" + demo.Slug
	all := c.get(base).doc(t)
	if m := all.Find("main p.meta").First().Text(); !strings.HasPrefix(strings.TrimSpace(m), "8 entries ·") {
		t.Errorf("unfiltered count: %q", m)
	}
	if m := c.get(base + "?kind=policy_move").doc(t).Find("main p.meta").First().Text(); !strings.HasPrefix(strings.TrimSpace(m), "2 of 8 entries ·") {
		t.Errorf("filtered count: %q", m)
	}
	chips := all.Find("#entry-1 ul.claim-chips li").Map(func(_ int, s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") })
	want := []string{
		"Putin said NATO countries would be at war with Russia if Ukraine may strike deep into… supported by 3 sources · 1 mentions it",
		"Putin made the remarks to reporters disputed: 1 source supports, 2 dispute",
	}
	if strings.Join(chips, "\n") != strings.Join(want, "\n") {
		t.Errorf("chips:\n%s\nwant:\n%s", strings.Join(chips, "\n"), strings.Join(want, "\n"))
	}
	var periods []string
	all.Find("svg.across a.tick-link").Each(func(_ int, a *goquery.Selection) { periods = append(periods, a.AttrOr("href", "")) })
	if len(periods) < 3 || !contains(periods, base+"?from=2023-10&to=2023-10") {
		t.Errorf("axis links %q", periods)
	}
	if n := c.get(base + "?from=2023-10&to=2023-10").doc(t).Find("li.entry").Length(); n != 1 {
		t.Errorf("the Oct 2023 link shows %d entries", n)
	}
	if all.Find(`figure.overview [role="img"] a`).Length() != 0 || all.Find(`svg.across a.mark[data-status="disputed"]`).Length() != 2 {
		t.Error("the overview's marks are not links in a group, shaped by status")
	}
}

func TestActorPageListsClaimsMade(t *testing.T) {
	_, c := demoHarness(t)
	var putin string
	c.get("/actors").doc(t).Find("ul.columns a").Each(func(_ int, a *goquery.Selection) {
		if a.Text() == "Vladimir Putin" {
			putin = a.AttrOr("href", "")
		}
	})
	d := c.get(putin).doc(t)
	claims := d.Find("h2:contains('Claims made') + table tbody tr").Length()
	if claims == 0 || !strings.Contains(d.Find("main p.meta").First().Text(), "claim") {
		t.Errorf("%s lists %d claims made", putin, claims)
	}
}
