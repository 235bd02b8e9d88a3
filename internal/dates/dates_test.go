package dates

import (
	"os"
	"path/filepath"
	"testing"

	"claimline/internal/claimline"
)

type found struct{ text, datetime, display string }

// findCase is a text, its published date ("" for none), and the date
// expressions the reader should find in it.
type findCase struct {
	text, published string
	want            []found
}

// checkFinds runs each case as a subtest named by its text.
func checkFinds(t *testing.T, tests []findCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := find(tt.text, tt.published)
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %q, want %q", got[i], tt.want[i])
				}
			}
		})
	}
}

func find(text, published string) []found {
	var pub claimline.Date
	if published != "" {
		pub = claimline.MustParseDate(published)
	}
	var out []found
	for _, m := range Find(text, pub) {
		if text[m.Start:m.End] != m.Text {
			panic("offsets do not match the words")
		}
		out = append(out, found{m.Text, m.DateTime(), m.Display()})
	}
	return out
}

// seed returns the text of a seed article, read from the demo's files
// (the demo package itself is built on the application, which uses this
// package).
func seed(t *testing.T, prefix string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "demo", "articles", prefix+"*.txt"))
	if err != nil || len(files) != 1 {
		t.Fatalf("no seed %s: %v", prefix, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeeds checks every date expression of the five seed articles, as
// published on Friday 13 September 2024 and, for the two that depend on
// it, on Thursday 12 September.
func TestSeeds(t *testing.T) {
	tests := []struct {
		seed, published string
		want            []found
	}{
		{"000", "2024-09-13", nil},
		{"001", "2024-09-13", []found{
			{"this week", "2024-W37", "c. 9 Sep 2024 – 13 Sep 2024"},
			{"on Thursday", "2024-09-12", "12 Sep 2024"},
			{"February 2022", "2022-02", "Feb 2022"},
		}},
		{"001", "2024-09-12", []found{
			{"this week", "2024-W37", "c. 9 Sep 2024 – 12 Sep 2024"},
			{"on Thursday", "2024-09-12", "12 Sep 2024"},
			{"February 2022", "2022-02", "Feb 2022"},
		}},
		{"002", "2024-09-13", []found{
			{"two years ago", "2022", "c. 2022"},
			{"on Thursday", "2024-09-12", "12 Sep 2024"},
			{"onTuesday", "2024-09-10", "10 Sep 2024"},
			{"On Tuesday", "2024-09-10", "10 Sep 2024"},
			{"Thursday", "2024-09-12", "12 Sep 2024"},
			{"October 2023", "2023-10", "Oct 2023"},
		}},
		{"003", "2024-09-13", nil},
		{"004", "2024-09-13", nil},
		// Without a published date the relative ones are found, unresolved.
		{"001", "", []found{
			{"this week", "", ""},
			{"on Thursday", "", ""},
			{"February 2022", "2022-02", "Feb 2022"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.seed+"@"+tt.published, func(t *testing.T) {
			got := find(seed(t, tt.seed), tt.published)
			if len(got) != len(tt.want) {
				t.Fatalf("found %d expressions, want %d:\n got %q\nwant %q", len(got), len(tt.want), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("expression %d: got %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestExpressions covers the rules one by one, against Friday 13 September
// 2024.
func TestExpressions(t *testing.T) {
	tests := []findCase{
		{"on 12 September 2024 he", "2024-09-13", []found{{"12 September 2024", "2024-09-12", "12 Sep 2024"}}},
		{"September 12, 2024.", "", []found{{"September 12, 2024", "2024-09-12", "12 Sep 2024"}}},
		{"It was due by Sept. 12.", "2024-09-13", []found{{"Sept. 12", "2024-09-12", "12 Sep 2024"}}},
		{"It is due by Sept. 12.", "2024-09-13", []found{{"Sept. 12", "2025-09-12", "12 Sep 2025"}}},
		{"by Sept. 12 the", "", []found{{"Sept. 12", "", ""}}},
		{"on 2 Oct they", "2024-09-13", []found{{"2 Oct", "2024-10-02", "2 Oct 2024"}}},
		{"in 2024 and 2,024 and 12024", "", []found{{"2024", "2024", "2024"}}},
		{"it was 2024-09-10.", "", []found{{"2024-09-10", "2024-09-10", "10 Sep 2024"}}},
		{"31 February 2024", "", []found{{"February 2024", "2024-02", "Feb 2024"}}},
		{"yesterday and today, tomorrow", "2024-09-13", []found{
			{"yesterday", "2024-09-12", "12 Sep 2024"}, {"today", "2024-09-13", "13 Sep 2024"}, {"tomorrow", "2024-09-14", "14 Sep 2024"}}},
		{"said yesterday", "Sep 2024", []found{{"yesterday", "", ""}}},
		{"last week", "2024-09-13", []found{{"last week", "2024-W36", "c. 2 Sep 2024 – 8 Sep 2024"}}},
		{"earlier this week", "2024-09-13", []found{{"earlier this week", "2024-W37", "c. 9 Sep 2024 – 12 Sep 2024"}}},
		{"earlier this month", "2024-09-13", []found{{"earlier this month", "2024-09", "c. Sep 2024"}}},
		{"earlier this month", "2024", []found{{"earlier this month", "", ""}}},
		{"last month and last year", "2024-09-13", []found{{"last month", "2024-08", "Aug 2024"}, {"last year", "2023", "2023"}}},
		{"three days ago", "2024-09-13", []found{{"three days ago", "2024-09-10", "10 Sep 2024"}}},
		{"on Friday", "2024-09-13", []found{{"on Friday", "2024-09-13", "13 Sep 2024"}}},
		{"last Friday", "2024-09-13", []found{{"last Friday", "2024-09-06", "6 Sep 2024"}}},
		{"They met on Saturday.", "2024-09-13", []found{{"on Saturday", "2024-09-07", "7 Sep 2024"}}},
		{"They meet on Saturday.", "2024-09-13", []found{{"on Saturday", "2024-09-14", "14 Sep 2024"}}},
		// Without a tense, the nearest: Saturday is tomorrow.
		{"on Saturday", "2024-09-13", []found{{"on Saturday", "2024-09-14", "14 Sep 2024"}}},
		// Words that are not dates: the dateparser library's false hits.
		{"we may now act, just one in a March", "2024-09-13", nil},
	}
	checkFinds(t, tests)
}
