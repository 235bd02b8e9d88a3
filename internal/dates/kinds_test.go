package dates

import (
	"strings"
	"testing"
	"time"

	"claimline/internal/claimline"
)

// TestKinds covers each kind of text issue #24 names, and the words that
// look like dates and are not. Each published date is given with its
// weekday.
func TestKinds(t *testing.T) {
	tests := []findCase{
		// Weekdays: forward in future sentences, back in past ones.
		{"The committee meets on Thursday.", "2024-09-16", []found{{"on Thursday", "2024-09-19", "19 Sep 2024"}}},           // Mon
		{"The House will vote on Tuesday.", "2024-09-19", []found{{"on Tuesday", "2024-09-24", "24 Sep 2024"}}},             // Thu
		{"The report is due Friday.", "2024-09-16", []found{{"Friday", "2024-09-20", "20 Sep 2024"}}},                       // Mon
		{"Workers will return to work Friday.", "2024-10-02", []found{{"Friday", "2024-10-04", "4 Oct 2024"}}},              // Wed
		{"Workers returned to work Friday.", "2024-10-02", []found{{"Friday", "2024-09-27", "27 Sep 2024"}}},                // Wed
		{"The union has voted on Thursday to strike.", "2024-09-16", []found{{"on Thursday", "2024-09-12", "12 Sep 2024"}}}, // Mon
		{"Talks resume next week.", "2024-09-13", []found{{"next week", "2024-W38", "c. 16 Sep 2024 – 22 Sep 2024"}}},       // Fri
		{"They will meet next Tuesday.", "2024-09-16", []found{{"next Tuesday", "2024-09-17", "17 Sep 2024"}}},              // Mon
		{"Voting takes place Thursday.", "2024-09-10", []found{{"Thursday", "2024-09-12", "12 Sep 2024"}}},                  // Tue
		{"On Sunday, the union announced a deal.", "2024-09-13", []found{{"On Sunday", "2024-09-08", "8 Sep 2024"}}},        // Fri
		{"Senators will return Friday, after a break.", "2025-10-01", []found{{"Friday", "2025-10-03", "3 Oct 2025"}}},      // Wed
		{"a shutdown after midnight Wednesday", "2025-09-30", []found{{"Wednesday", "2025-10-01", "1 Oct 2025"}}},           // Tue: no tense, the nearest
		// Days and months without a year.
		{"The talks will run until Jan. 15.", "2024-10-03", []found{{"Jan. 15", "2025-01-15", "15 Jan 2025"}}},
		{"The old contract ran until Jan. 15.", "2024-10-03", []found{{"Jan. 15", "2024-01-15", "15 Jan 2024"}}},
		{"Congress voted to fund the government through Dec. 20.", "2024-09-25", []found{{"Dec. 20", "2024-12-20", "20 Dec 2024"}}},
		{"The plant closed in January.", "2024-09-13", []found{{"January", "2024-01", "Jan 2024"}}},
		{"The plant will close in January.", "2024-09-13", []found{{"January", "2025-01", "Jan 2025"}}},
		{"the November election", "2024-07-21", []found{{"November", "2024-11", "Nov 2024"}}},
		{"Inflation rose in August.", "2024-09-19", []found{{"August", "2024-08", "Aug 2024"}}},
		// A date of what was reported, not of the report: its tense does not place it.
		{"The bank hinted at another increase in June.", "2023-05-04", []found{{"June", "2023-06", "Jun 2023"}}},
		{"The bank said a new rate increase in August was likely.", "2023-06-23", []found{{"August", "2023-08", "Aug 2023"}}},
		{"Officials signalled a cut in March.", "2023-02-10", []found{{"March", "2023-03", "Mar 2023"}}},
		{"Putin met Xi at a summit in March.", "2023-02-10", []found{{"March", "2022-03", "Mar 2022"}}},
		// An event the words place themselves: "last", "next".
		{"Rates will rise, versus its last projections in March.", "2023-06-22", []found{{"March", "2023-03", "Mar 2023"}}},
		{"He said the next meeting in March was decisive.", "2023-04-10", []found{{"March", "2024-03", "Mar 2024"}}},
		{"in mid-May", "2024-09-19", []found{{"mid-May", "2024-05", "May 2024"}}},
		{"August 19-22, 2024 in Chicago", "", []found{{"August 19-22, 2024", "2024-08-19", "19 Aug 2024 – 22 Aug 2024"}}},
		{"The convention runs Aug. 19-22.", "2024-07-21", []found{{"Aug. 19-22", "2024-08-19", "19 Aug 2024 – 22 Aug 2024"}}},
		// Numeric dates: one reading, or none at all (never the year alone).
		{"on 09/18/2024", "", []found{{"09/18/2024", "2024-09-18", "18 Sep 2024"}}},
		{"on 18/09/2024", "", []found{{"18/09/2024", "2024-09-18", "18 Sep 2024"}}},
		{"on 19-09-2025", "", []found{{"19-09-2025", "2025-09-19", "19 Sep 2025"}}},
		{"on 2024/09/18", "", []found{{"2024/09/18", "2024-09-18", "18 Sep 2024"}}},
		{"on 03/03/2024", "", []found{{"03/03/2024", "2024-03-03", "3 Mar 2024"}}},
		{"on 13/13/2024", "", nil},
		// Datelines and wire time stamps.
		{"03 OCT 24 18:28 ET", "", []found{{"03 OCT 24 18:28 ET", "2024-10-03T18:28", "3 Oct 2024, 18:28"}}},
		{"04:27 PM EDT, 09/18/2024", "", []found{{"04:27 PM EDT, 09/18/2024", "2024-09-18T16:27", "18 Sep 2024, 16:27"}}},
		{"Updated September 30, 2025 at 8:05 PM CDT", "", []found{{"September 30, 2025 at 8:05 PM CDT", "2025-09-30T20:05", "30 Sep 2025, 20:05"}}},
		{"Published: 12:38, September 18, 2025 | Updated: 12:59, September 18, 2025", "", []found{
			{"12:38, September 18, 2025", "2025-09-18T12:38", "18 Sep 2025, 12:38"}, {"12:59, September 18, 2025", "2025-09-18T12:59", "18 Sep 2025, 12:59"}}},
		{"2024.09.24 13:45", "", []found{{"2024.09.24 13:45", "2024-09-24T13:45", "24 Sep 2024, 13:45"}}},
		{"Sep 14, 2024 - 05:00", "", []found{{"Sep 14, 2024 - 05:00", "2024-09-14T05:00", "14 Sep 2024, 05:00"}}},
		// Named days.
		{"before Christmas Day", "2024-09-25", []found{{"Christmas Day", "2024-12-25", "25 Dec 2024"}}},
		{"on New Year's Day", "2024-09-25", []found{{"New Year's Day", "2025-01-01", "1 Jan 2025"}}},
		{"by Thanksgiving", "2024-09-25", []found{{"Thanksgiving", "2024-11-28", "28 Nov 2024"}}},
		{"after Labor Day", "2024-09-25", []found{{"Labor Day", "2024-09-02", "2 Sep 2024"}}},
		{"Election Day", "2024-09-25", []found{{"Election Day", "2024-11-05", "5 Nov 2024"}}},
		{"Election Day 2020", "2024-09-25", []found{{"Election Day 2020", "2020-11-03", "3 Nov 2020"}}},
		{"the Jewish holiday of Yom Kippur", "2025-10-01", []found{{"Yom Kippur", "2025-10-02", "2 Oct 2025"}}},
		{"Ukraine’s Independence Day", "2024-09-25", nil},
		// Weekdays joined to their dates; speech with its own day.
		{"Tuesday, Sept. 30, 2025, in Washington", "2025-10", []found{{"Tuesday, Sept. 30, 2025", "2025-09-30", "30 Sep 2025"}}},
		{"Thursday (September 26)", "2024-09-27", []found{{"Thursday (September 26)", "2024-09-26", "26 Sep 2024"}}},
		{"“We will know more tomorrow,” he said on Thursday.", "2024-09-13", []found{
			{"tomorrow", "2024-09-13", "13 Sep 2024"}, {"on Thursday", "2024-09-12", "12 Sep 2024"}}},
		// Relative to publication.
		{"Officials said over the weekend that roads were closed.", "2024-09-30", []found{{"over the weekend", "2024-09-28", "28 Sep 2024 – 29 Sep 2024"}}},
		{"It will rain this weekend.", "2024-09-25", []found{{"this weekend", "2024-09-28", "28 Sep 2024 – 29 Sep 2024"}}},
		{"credits expire at the end of the year", "2025-09-30", []found{{"the end of the year", "2025", "c. 2025"}}},
		{"a shutdown in two weeks", "2025-09-18", []found{{"in two weeks", "2025-10-02", "c. 2 Oct 2025"}}},
		{"in two weeks, the talks resume", "2025-09-18", []found{{"in two weeks", "2025-10-02", "c. 2 Oct 2025"}}}, // at the start of a text
		{"pensions frozen a decade ago", "2024-09-13", []found{{"a decade ago", "2014", "c. 2014"}}},
		{"the vote tonight", "2025-09-30", []found{{"tonight", "2025-09-30", "30 Sep 2025"}}},
		// Words that are not dates.
		{"Theresa May said so. May I ask? They march on.", "2024-09-13", nil},
		{"August Wilson wrote it; June Carter sang.", "2024-09-13", nil},
		{"Super Tuesday and Bloody Sunday", "2024-09-13", nil},
		{"USA Today reported it.", "2024-09-13", nil},
		{"Easter Island", "2024-09-13", nil},
		{"bills for fiscal year 2026", "2024-09-13", nil},
		{"the first time in 16 years, the strongest storm in two decades, rose 5% in two years", "2024-09-13", nil},
		{"a 737 Max, 2.2% inflation, a 341-82 vote, $231 million, 401(k) plans", "2024-09-13", nil},
	}
	checkFinds(t, tests)
}

// TestAmbiguous: a numeric date with two readings is marked with both,
// unresolved, and never read as its year.
func TestAmbiguous(t *testing.T) {
	ms := Find("It was signed on 03/04/2024 in Paris.", claimline.MustParseDate("2024-09-13"))
	if len(ms) != 1 {
		t.Fatalf("got %d marks, want 1: %+v", len(ms), ms)
	}
	m := ms[0]
	if m.Text != "03/04/2024" || m.Resolved || !m.Ambiguous() || m.ReadingsDisplay() != "4 Mar 2024 or 3 Apr 2024" || m.DateTime() != "" {
		t.Errorf("got %q resolved %v ambiguous %v readings %q", m.Text, m.Resolved, m.Ambiguous(), m.ReadingsDisplay())
	}
}

// TestNamedDayRules checks the calendar rules against the days as
// calendars give them.
func TestNamedDayRules(t *testing.T) {
	rule := func(name string) func(int) (time.Time, bool) {
		for _, r := range namedDays() {
			for _, n := range splitNames(r.names) {
				if n == name {
					return r.at
				}
			}
		}
		t.Fatalf("no rule for %s", name)
		return nil
	}
	for _, tt := range []struct {
		name string
		want string
	}{
		{"Easter", "2019-04-21"}, {"Easter", "2024-03-31"}, {"Easter", "2025-04-20"}, {"Good Friday", "2024-03-29"},
		{"Ash Wednesday", "2024-02-14"}, {"Orthodox Easter", "2024-05-05"}, {"Orthodox Easter", "2025-04-20"},
		{"Passover", "2020-04-09"}, {"Passover", "2022-04-16"}, {"Passover", "2023-04-06"}, {"Passover", "2024-04-23"}, {"Passover", "2025-04-13"},
		{"Rosh Hashanah", "2021-09-07"}, {"Rosh Hashanah", "2022-09-26"}, {"Rosh Hashanah", "2023-09-16"}, {"Rosh Hashanah", "2024-10-03"},
		{"Rosh Hashanah", "2025-09-23"}, {"Yom Kippur", "2023-09-25"}, {"Yom Kippur", "2024-10-12"},
		{"Thanksgiving", "2023-11-23"}, {"Thanksgiving", "2024-11-28"}, {"Black Friday", "2024-11-29"},
		{"Election Day", "2020-11-03"}, {"Election Day", "2022-11-08"}, {"Election Day", "2024-11-05"},
		{"Labor Day", "2024-09-02"}, {"Memorial Day", "2024-05-27"}, {"Martin Luther King Jr. Day", "2025-01-20"},
		{"Presidents' Day", "2025-02-17"}, {"Mother's Day", "2024-05-12"}, {"Father's Day", "2024-06-16"},
		{"Inauguration Day", "2025-01-20"}, {"Remembrance Sunday", "2024-11-10"},
	} {
		d := claimline.MustParseDate(tt.want)
		got, ok := rule(tt.name)(d.Year)
		if !ok || got.Format("2006-01-02") != tt.want {
			t.Errorf("%s %d = %s (%v), want %s", tt.name, d.Year, got.Format("2006-01-02"), ok, tt.want)
		}
	}
	if _, ok := rule("Inauguration Day")(2024); ok {
		t.Error("Inauguration Day in 2024")
	}
}

// TestCorrect: a correction gives its mark another date or none; one whose
// words the reader no longer marks alike becomes a mark of its own.
func TestCorrect(t *testing.T) {
	text := "The union voted on Thursday. It meets again on 03/04/2024."
	ms := Find(text, claimline.MustParseDate("2024-09-13"))
	if len(ms) != 2 || !ms[1].Ambiguous() {
		t.Fatalf("marks %+v", ms)
	}
	at := func(words string) (int, int) {
		i := strings.Index(text, words)
		return i, i + len(words)
	}
	s1, e1 := at("on Thursday")
	s2, e2 := at("03/04/2024")
	s3, e3 := at("union")
	got := Correct(ms, []claimline.DateCorrection{
		{Start: s1, End: e1, Text: "on Thursday"},                                                        // not a date
		{Start: s2, End: e2, Text: "03/04/2024", Date: claimline.MustParseDate("2024-04-03")},            // chosen reading
		{Start: s3, End: e3, Text: "union", Date: claimline.MustParseDate("2024-09"), Approximate: true}, // words the reader does not mark
	})
	if len(got) != 3 {
		t.Fatalf("got %d marks: %+v", len(got), got)
	}
	if got[0].Text != "union" || got[0].DateTime() != "2024-09" || got[0].Display() != "c. Sep 2024" {
		t.Errorf("mark of its own: %q %q %q", got[0].Text, got[0].DateTime(), got[0].Display())
	}
	if !got[1].NotADate() || got[1].Resolved || got[1].DateTime() != "" {
		t.Errorf("not a date: %+v", got[1])
	}
	if got[2].Ambiguous() || got[2].DateTime() != "2024-04-03" || got[2].Correction == nil {
		t.Errorf("chosen reading: %+v", got[2])
	}
}
