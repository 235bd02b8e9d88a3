package store_test

import (
	"slices"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// Reports of Norges Bank's rate decisions of 4 May and 14 December 2023:
// excerpts of the first part of each page as the stored-pages index keeps
// it, some paragraphs and sentences left out, none changed.
var norgesBankReports = []struct{ title, text string }{
	// https://www.norges-bank.no/en/news-events/news-publications/Press-releases/2023/2023-05-04-rate/
	{"Norges Bank, 4 May 2023", "Press release\n\nPolicy rate raised to 3.25 percent\n\n" +
		"Norges Bank's Monetary Policy and Financial Stability Committee unanimously decided to raise the policy rate by 0.25 percentage point to 3.25 percent. " +
		"Based on the Committee's current assessment of the outlook and balance of risks, the policy rate will most likely be raised further in June.\n\n" +
		"The Committee assesses that a higher policy rate is needed to dampen inflation. Inflation is high and markedly above the target of 2 percent.\n\n" +
		"Published 4 May 2023 10:00"},
	// https://norges-bank.no/en/news-events/news-publications/Press-releases/2023/2023-12-14-rate
	{"Norges Bank, 14 December 2023", "Policy rate raised to 4.5 percent\n" +
		"Norges Bank's Monetary Policy and Financial Stability Committee decided to raise the policy rate from 4.25 to 4.5 percent at its meeting on 13 December. " +
		"Based on the Committee’s current assessment of the outlook and the balance of risks, the policy rate will likely be kept at that level for some time ahead.\n" +
		"Inflation has been somewhat lower than expected but is still markedly above the 2 percent target."},
	// https://www.nasdaq.com/articles/norway-central-bank-raises-rate-to-3.25-eyes-hike-in-june
	{"Reuters, 4 May 2023", "Norway central bank raises rate to 3.25%, eyes hike in June\n\n" +
		"OSLO, May 4 (Reuters) - Norway's central bank raised its benchmark interest rate by 25 basis points (bps) to 3.25% on Thursday to curb inflation, in line with expectations, and said it would likely hike it again in June.\n\n" +
		"All 26 economists polled in the April 21-26 period has expected a 25-basis-point hike on Thursday, and all but one of the economists believed the rate will rise to 3.50% in June."},
	// https://www.finanzen.at/nachrichten/zinsen/norway-central-bank-raises-rate-to-4-50percent-unexpectedly-1032900131
	{"RTTNews, 14 December 2023", "(RTTNews) - Norges Bank unexpectedly raised its key policy rate by 25 basis points to 4.50 percent on Thursday.\n\n" +
		"Economists had expected Norway's central bank to leave rates unchanged.\n\n" +
		"\"We see that the economy is cooling down, but inflation is still too high,\" Governor Ida Wolden Bache said.\n\n" +
		"\"The policy rate will likely be kept at 4.5 percent for some time ahead,\" Bache added."},
	// https://kontrast1.no/norge-overraskende-renteokning-pa-25-basispunkter-14-desember-2023-kl-1039/
	{"Kontrast, 14 December 2023", "OSLO, 14. desember (Reuters) – Norges sentralbank (Norges Bank) hevet styringsrenten med 25 basispunkter til 4,50 prosent torsdag i et forsøk på å dempe inflasjonen.\n\n" +
		"Av 27 økonomer spurt av Reuters i en undersøkelse, forventet 15 at raten ville forbli uendret, mens bare 12 spådde en økning på 4,50%."},
}

// TestSuggestionsKeepDecimalsWhole checks that a number in a claim is
// matched only by the same number in a report, never by a part of a
// decimal: the "4" of "4 May" is not in "4.50 percent", and "4.50 percent"
// is found written "4.50", "4.5" or "4,50".
func TestSuggestionsKeepDecimalsWhole(t *testing.T) {
	if store.RaceDetector {
		t.Skip("ranks a library, not concurrency: run without -race")
	}
	// The demo's library, so that words weigh as in a real one.
	st := demoWithDistractors(t)
	ctx := as("editor")
	ids := map[string]int64{}
	for _, r := range norgesBankReports {
		s, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: r.title, Text: r.text}})
		if err != nil {
			t.Fatal(err)
		}
		ids[r.title] = s.ID
	}
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Norges Bank", Slug: "norges-bank"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2023-05-04", Kind: "statement", Title: "Rate decision"})
	if err != nil {
		t.Fatal(err)
	}
	suggest := func(claim string) []claimline.Suggestion {
		t.Helper()
		c, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: claim})
		if err != nil {
			t.Fatal(err)
		}
		sugg, err := st.SuggestEvidence(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return sugg
	}
	// marked returns the marked words of a source's suggested passages.
	marked := func(sugg []claimline.Suggestion, source string) []string {
		var out []string
		for _, s := range sugg {
			if s.SourceID != ids[source] {
				continue
			}
			for _, p := range s.Passages {
				for _, m := range p.Marked {
					if m.Mark {
						out = append(out, m.Text)
					}
				}
			}
		}
		return out
	}
	order := func(sugg []claimline.Suggestion) []string {
		var out []string
		for _, s := range sugg {
			out = append(out, s.Source)
		}
		return out
	}

	// The May decision. The two press releases say the same words; the
	// May one also says the date, the December one holds no "4" but those
	// of "4.25" and "4.5".
	sugg := suggest("Norges Bank raised its policy rate on 4 May 2023")
	got := order(sugg)
	if may, dec := slices.Index(got, "Norges Bank, 4 May 2023"), slices.Index(got, "Norges Bank, 14 December 2023"); may < 0 || dec >= 0 && dec < may {
		t.Errorf("4 May: suggested %q, want the press release of 4 May before that of 14 December", got)
	}
	noDigitMarked(t, "4 May", []string{"Norges Bank, 14 December 2023", "RTTNews, 14 December 2023", "Kontrast, 14 December 2023"}, got,
		func(src string) []string { return marked(sugg, src) })

	// The December decision: 4.50 percent however it is written.
	sugg = suggest("Norges Bank raised its policy rate to 4.50 percent")
	for src, want := range map[string][]string{
		"RTTNews, 14 December 2023":  {"4.50", "4.5"},
		"Kontrast, 14 December 2023": {"4,50"},
	} {
		m := marked(sugg, src)
		for _, w := range want {
			if !slices.ContainsFunc(m, func(s string) bool { return strings.HasPrefix(s, w) && !strings.HasPrefix(s, w+"0") }) {
				t.Errorf("4.50 percent: %s: %q not marked whole in %q", src, w, m)
			}
		}
	}
	noDigitMarked(t, "4.50 percent", []string{"Norges Bank, 4 May 2023", "Reuters, 4 May 2023"}, order(sugg),
		func(src string) []string { return marked(sugg, src) })
}

// noDigitMarked fails when a word of digits is marked in a suggested
// passage of one of sources, and when none of them was suggested at all
// (then nothing was checked).
func noDigitMarked(t *testing.T, claim string, sources, suggested []string, marked func(string) []string) {
	t.Helper()
	checked := 0
	for _, src := range sources {
		if !slices.Contains(suggested, src) {
			continue
		}
		checked++
		for _, m := range marked(src) {
			if strings.ContainsAny(m, "0123456789") {
				t.Errorf("%s: %s: %q marked", claim, src, m)
			}
		}
	}
	if checked == 0 {
		t.Errorf("%s: none of %q suggested, so none checked (suggested %q)", claim, sources, suggested)
	}
}
