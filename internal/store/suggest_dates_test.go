package store_test

import (
	"slices"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/store"
)

// Reports of the Alaska Airlines door-plug blowout of Friday, 5 January
// 2024, told in the words of this test from what the NTSB and the press
// reported, and a local report of another story whose byline is its only
// overlap with a claim about the blowout.
var doorPlugReports = []struct{ title, text string }{
	{"NTSB, 6 February 2024", "In-flight door plug separation\n\n" +
		"Alaska Airlines flight 1282, a Boeing 737-9 bound for Ontario, California, turned back to Portland on the evening of January 5, 2024, " +
		"after the plug covering its left mid exit door came away and the cabin lost pressure.\n\n" +
		"All 171 passengers and six crew members left the airplane at the gate; a few had minor injuries."},
	{"Wire report, 6 January 2024", "Minutes after take-off from Portland, Oregon, on Friday evening, a door plug blew out of an Alaska Airlines Boeing 737 MAX 9, " +
		"leaving a hole in the side of the cabin.\n\n" +
		"The jet, flight 1282 to Ontario, California, was climbing through about 16,000 feet when the panel tore away. " +
		"The pilots turned back and landed safely in Portland."},
	{"Aviation desk, 7 January 2024", "Regulators on Saturday grounded 171 Boeing 737 MAX 9 jets for inspection, " +
		"a day after a door plug blew out on an Alaska Airlines flight that had just left Portland.\n\n" +
		"Airlines that fly the model with the plug fitted must check it before their planes may carry passengers again."},
	{"KIRO 7, 8 January 2024", "KIRO 7 News Staff — January 8, 2024\n\n" +
		"Seattle City Light crews had restored power to most homes in West Seattle by Monday afternoon, after a windstorm brought down trees across several neighbourhoods.\n\n" +
		"Crews expect the last few streets to be reconnected overnight, the utility said."},
}

// TestSuggestionsNotForDateAlone checks that a passage sharing only a date
// with a claim is not suggested (lexicon.DatePart): the byline "January 8,
// 2024" holds the claim's month and year, as almost every report of the
// story does, and says nothing of the door plug. The reports that speak to
// the claim are suggested, and the claim's day of the month is marked only
// where it is one: the "9" of "MAX 9" is not that of "9 January".
func TestSuggestionsNotForDateAlone(t *testing.T) {
	if store.RaceDetector {
		t.Skip("ranks a library, not concurrency: run without -race")
	}
	// The demo's library, so that words weigh as in a real one.
	st := demoWithDistractors(t)
	ctx := as("editor")
	ids := map[string]int64{}
	for _, r := range doorPlugReports {
		s, _, err := st.CreateSource(ctx, claimline.NewSource{SourceInput: claimline.SourceInput{Title: r.title, Text: r.text}})
		if err != nil {
			t.Fatal(err)
		}
		ids[r.title] = s.ID
	}
	tl, err := st.CreateTimeline(ctx, claimline.TimelineInput{Title: "Alaska 1282", Slug: "alaska-1282"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.CreateEntry(ctx, tl.ID, claimline.EntryInput{Date: "2024-01-05", Kind: "report", Title: "Door plug blowout"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.CreateClaim(ctx, e.ID, claimline.ClaimInput{Text: "The door plug blew out on Friday, 9 January 2024"})
	if err != nil {
		t.Fatal(err)
	}
	sugg, err := st.SuggestEvidence(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sugg {
		got = append(got, s.Source)
		for _, p := range s.Passages {
			if s.SourceID == ids["KIRO 7, 8 January 2024"] {
				t.Errorf("the byline's report is suggested: %q", p.EvidenceText())
			}
			for _, m := range p.Marked {
				if m.Mark && strings.ContainsAny(m.Text, "0123456789") && !strings.Contains(m.Text, "2024") {
					t.Errorf("%s: %q marked in %q", s.Source, m.Text, p.Text)
				}
			}
		}
	}
	for _, want := range []string{"NTSB, 6 February 2024", "Wire report, 6 January 2024", "Aviation desk, 7 January 2024"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s not suggested: suggested %q", want, got)
		}
	}
}
