package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

// History reads like a story: an entry's history is titled with the
// entry's title even when its newest record is a citation's; values show as
// people name them; the global history is grouped by day and filtered by
// timeline, person and kind of thing.
func TestHistoryReadsLikeAStory(t *testing.T) {
	h, _ := demoHarness(t)
	ed := h.user("ed", claimline.RoleEditor)
	ctx := claimline.NewContextWithUser(context.Background(), ed)
	h.advance(26 * time.Hour) // the next day
	c := h.signedIn(ed)
	e, err := h.st.UpdateEntry(ctx, 3, 0, claimline.EntryInput{Date: "2023-10-17", Kind: "action", Title: "ATACMS arrive in Ukraine", Actors: []string{"United States"}})
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := h.st.Sources(ctx)
	if _, err := h.st.AddCitation(ctx, e.ID, srcs[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	fresh, err := h.st.CreateClaim(ctx, 1, claimline.ClaimInput{Text: "A fresh claim"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.SetAssessment(ctx, fresh.ID, claimline.AssessmentInput{SourceID: srcs[0].ID, Stance: "mentions"}); err != nil {
		t.Fatal(err)
	}

	d := c.get("/entries/3/history").doc(t)
	if h1 := d.Find("h1").Text(); h1 != "History of “ATACMS arrive in Ukraine”" {
		t.Errorf("entry history titled %q", h1)
	}
	var cells []string
	d.Find("table.diff tbody tr").Each(func(_ int, r *goquery.Selection) {
		cells = append(cells, r.Find("th").Text()+": "+r.Find("del").Text()+" → "+r.Find("ins").Text())
	})
	all := strings.Join(cells, "\n")
	for _, want := range []string{"kind: policy move → action", "date: Oct 2023 → 17 Oct 2023"} {
		if !strings.Contains(all, want) {
			t.Errorf("history values lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "policy_move") {
		t.Errorf("a stored name shows:\n%s", all)
	}

	g := c.get("/history").doc(t)
	days := g.Find("section.day h2").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if len(days) != 2 || days[0] != "Monday 2 March 2026" || days[1] != "Sunday 1 March 2026" {
		t.Errorf("days %q", days)
	}
	// A stance is recorded on its claim, named in the record's heading as
	// it was then; its claim field points there rather than give the
	// claim's words of today.
	stance := g.Find(`table.diff th:contains("claim")`).First().Closest("li.change")
	if claim := stance.Find(`table.diff th:contains("claim")`).Parent().Find("ins").Text(); claim != "this claim" || !strings.Contains(stance.Find("p").First().Text(), "A fresh claim") {
		t.Errorf("an assessment names its claim as %q under %q", claim, stance.Find("p").First().Text())
	}
	count := func(q string) int { return c.get("/history" + q).doc(t).Find("li.change").Length() }
	all2, byEd, entries := count(""), count("?user=ed"), count("?type=entry&user=ed")
	if byEd != 4 || entries != 2 || all2 <= byEd {
		t.Errorf("all %d, by ed %d, ed's entry changes %d", all2, byEd, entries)
	}
	if n := count("?timeline=" + demo.Slug + "&user=ed&type=claim"); n != 2 {
		t.Errorf("ed's claim changes on the demo: %d", n)
	}
	if opts := g.Find(`select[name="user"] option`).Length(); opts < 3 {
		t.Errorf("the person filter offers %d choices", opts)
	}
}
