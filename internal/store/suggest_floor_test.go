package store_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// Reports of Silicon Valley Bank's fall on 9 March 2023: short excerpts of
// the first part of each page as the stored-pages index keeps it, some
// sentences left out, none changed.
var svbReports = []struct{ title, text, quote string }{
	// https://foxbusiness.com/markets/svb-sinks-wiping-61b-in-market-value-off-bank-stocks
	{"Fox Business, 10 March 2023", "SVB sinks wiping $61B in market value off bank stocks\n\n" +
		"Jittery investors got another scare on Thursday after Silicon Valley Bank announced plans for $1.75 billion in common stock and depository shares.\n\n" +
		"SVB shares lost 60.4%, the largest percentage drop since 1998, which wiped out over $9.5 billion in market value as investors speculated on the financial health of the bank.",
		"SVB shares lost 60.4%, the largest percentage drop since 1998"},
	// https://businesschief.com/corporate-finance/shares-in-silicon-valley-bank-plummet
	{"Business Chief, 10 March 2023", "All is not well at Silicon Valley Bank (SVB).\n\n" +
		"Shares in SVB plunged on Thursday after the banking heavyweight announced it had sold almost 80% of its AFS portfolio for US$21 billion – taking a US$1.8bn hit.\n\n" +
		"Stock plummeted by more than 60%, before another decline of 20% in after-hours trading. More than US$80bn in value was wiped from bank shares.",
		"Stock plummeted by more than 60%"},
	// https://www.exness.asia/blog/silicon-valley-bank-shares-plummet-as-investors-withdraw/
	{"Exness, 10 March 2023", "Silicon Valley Bank shares plummet as investors withdraw\n\n" +
		"Silicon Valley Bank (ticker: SIVB), a major lender to technology startups just saw a massive decline of 60% in its share prices on Thursday, March 9 as a result of investors' panic selling.\n\n" +
		"The bank also launched a $1.75 billion share sale on March 9 to shore up its balance sheet and cope with cash burn, but this only exacerbated the sell-off as investors feared dilution and lack of confidence.",
		"a massive decline of 60% in its share prices on Thursday, March 9"},
	// http://sscpoints.blogspot.com/ (15 March 2023)
	{"SSC Points, 15 March 2023", "On 8 March SVB sold about $21 billion of securities from its portfolio with a plan to reinvest, which will result in an after-tax loss of $1.8 billion for the first quarter.\n\n" +
		"On 9 March SVB shares plunged by 41 per cent (their biggest decline since 1998) after the announcement by SVB that it had sold all of the available-for-sale securities in its portfolio.",
		"On 9 March SVB shares plunged by 41 per cent"},
}

// TestSuggestionFloor checks the relevance floor of suggestions
// (minTermsHeld) in a library of the demo's war reporting and four reports
// of Silicon Valley Bank's fall. With no stance recorded, each report is
// suggested for the claim; with a stance from each, nothing is left that
// speaks to it, and no passage of the war reporting may be suggested in
// its place (before the floor, "In October 2023, the US supplied Ukraine
// with ATACMS" was, for "2023" and "more"). A paraphrase that shares few
// terms with the claim stays suggested: the Times of Israel's "an attack on
// one member is regarded as an attack on all" for Sweden's Article 5 cover.
func TestSuggestionFloor(t *testing.T) {
	if store.RaceDetector {
		t.Skip("ranks a library, not concurrency: run without -race")
	}
	st := demoWithDistractors(t)
	ctx := as("editor")
	svb := map[int64]bool{}
	var ids []int64
	for _, r := range svbReports {
		s, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: r.title, Text: r.text}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
		svb[s.ID] = true
	}
	sweden := map[string]int64{}
	for _, f := range []string{"02-timesofisrael.txt", "03-dailysabah.txt", "05-indonewyork.txt"} {
		b, err := os.ReadFile(filepath.Join(reportingDir, "sweden-nato", f))
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: f, Text: string(b)}})
		if err != nil {
			t.Fatal(err)
		}
		sweden[f] = s.ID
	}
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "SVB", Slug: "svb"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2023-03-09", Kind: "report", Title: "SVB shares fall"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "SVB shares fell more than 60% on 9 March 2023"})
	if err != nil {
		t.Fatal(err)
	}
	suggested := func(claimID int64) []claimline.Suggestion {
		t.Helper()
		sugg, err := st.SuggestEvidence(ctx, claimID)
		if err != nil {
			t.Fatal(err)
		}
		return sugg
	}
	found := 0
	for _, s := range suggested(c.ID) {
		if svb[s.SourceID] {
			found++
		}
	}
	if found != len(svbReports) {
		t.Errorf("no stance: %d of the %d SVB reports suggested", found, len(svbReports))
	}
	for i, r := range svbReports {
		stance := "supports"
		if strings.Contains(r.quote, "41 per cent") {
			stance = "disputes"
		}
		if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: ids[i], Stance: stance, Quote: r.quote}); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range suggested(c.ID) {
		for _, p := range s.Passages {
			t.Errorf("every SVB report has a stance, yet %s is suggested: %q", s.Source, p.EvidenceText())
		}
	}

	c, err = st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "Sweden is now covered by Article 5, under which an attack on one ally is an attack on all"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetAssessment(ctx, c.ID, claimline.AssessmentInput{SourceID: sweden["03-dailysabah.txt"], Stance: "supports",
		Quote: "Sweden now enjoys the protection granted under Article 5, the ultimate guarantee of Allies' freedom and security"}); err != nil {
		t.Fatal(err)
	}
	const want = "an attack on one member is regarded as an attack on all"
	sugg := suggested(c.ID)
	i := slices.IndexFunc(sugg, func(s claimline.Suggestion) bool { return s.SourceID == sweden["02-timesofisrael.txt"] })
	if i < 0 || !slices.ContainsFunc(sugg[i].Passages, func(p claimline.SuggestedPassage) bool { return strings.Contains(p.EvidenceText(), want) }) {
		t.Errorf("Article 5: %q not suggested: %+v", want, sugg)
	}
}
