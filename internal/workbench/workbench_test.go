package workbench

import (
	"slices"
	"strings"
	"testing"

	"claimline/internal/claimline"
	"claimline/internal/demo"
)

func seed(t *testing.T, prefix string) string {
	t.Helper()
	for _, name := range demo.ArticleFiles() {
		if strings.HasPrefix(name, "articles/"+prefix) {
			b, _ := demo.Articles.ReadFile(name)
			return string(b)
		}
	}
	t.Fatalf("no seed %s", prefix)
	return ""
}

var known = []string{"Vladimir Putin", "Joe Biden", "Keir Starmer", "Pentagon", "Antony Blinken", "David Lammy", "Congressional Ukraine Caucus"}

func TestDraftEntryOnSeeds(t *testing.T) {
	tests := []struct {
		seed, published, passage string
		date, end                string
		approximate              bool
		kind                     claimline.Kind
		actors                   []string
		title                    string
	}{
		// The date inside the passage, resolved against publication.
		{"001", "2024-09-13", "“This will mean that NATO countries, the U.S., and European countries are at war with Russia,” Putin said on Thursday.",
			"2024-09-12", "", false, claimline.KindStatement, []string{"Vladimir Putin"},
			"“This will mean that NATO countries, the U.S., and European countries are at war with Russia,” Putin said on Thursday"},
		// No date inside: the nearest before it in the paragraph.
		{"002", "2024-09-13", "the bipartisan congressional Ukraine caucus urged the president to allow Kyiv to strike targets",
			"2024-09-10", "", false, claimline.KindStatement, nil,
			"the bipartisan congressional Ukraine caucus urged the president to allow Kyiv to strike targets"},
		// An approximate span: "this week".
		{"001", "2024-09-13", "Russian President Vladimir Putin issued a stern warning this week",
			"2024-09-09", "2024-09-13", true, claimline.KindStatement, []string{"Vladimir Putin"},
			"Russian President Vladimir Putin issued a stern warning this week"},
		// Month precision kept; a passage that is not speech but a supply.
		{"002", "2024-09-13", "In October 2023, the US supplied Ukraine with Army Tactical Missile System (ATACMS) missiles",
			"2023-10", "", false, claimline.KindPolicyMove, nil,
			"In October 2023, the US supplied Ukraine with Army Tactical Missile System (ATACMS) missiles"},
		// Something done: an action.
		{"001", "2024-09-12", "the full-scale invasion began in February 2022",
			"2022-02", "", false, claimline.KindAction, nil, "the full-scale invasion began in February 2022"},
		// A meeting of those who decide: a policy move.
		{"001", "2024-09-12", "a meeting between U.S. President Biden and British Prime Minister Keir Starmer",
			"", "", false, claimline.KindPolicyMove, []string{"Joe Biden", "Keir Starmer"}, "a meeting between U.S. President Biden and British Prime Minister Keir Starmer"},
		// No published date: the relative date stays unresolved.
		{"001", "", "Putin said on Thursday", "", "", false, claimline.KindStatement, []string{"Vladimir Putin"}, "Putin said on Thursday"},
		// A quotation selected without its "said": the sentence around it
		// reports speech. No day is named for it: the published date.
		{"000", "2024-09-13", "This kind of nuclear saber-rattling is irresponsible and dangerous",
			"2024-09-13", "", false, claimline.KindStatement, nil, "This kind of nuclear saber-rattling is irresponsible and dangerous"},
		// Nothing dated in the paragraph before the statement: the
		// published date.
		{"000", "2024-09-13", "“This kind of nuclear saber-rattling is irresponsible and dangerous,” a Pentagon spokesperson said.",
			"2024-09-13", "", false, claimline.KindStatement, []string{"Pentagon"},
			"“This kind of nuclear saber-rattling is irresponsible and dangerous,” a Pentagon spokesperson said"},
	}
	for _, tt := range tests {
		t.Run(tt.passage[:20], func(t *testing.T) {
			var pub claimline.Date
			if tt.published != "" {
				pub = claimline.MustParseDate(tt.published)
			}
			d := DraftEntry(seed(t, tt.seed), pub, tt.passage, known, nil)
			in := d.Input
			if !d.Found {
				t.Error("passage not found in the seed")
			}
			if in.Date != tt.date || in.EndDate != tt.end || in.Approximate != tt.approximate {
				t.Errorf("date %q–%q approximate %v; want %q–%q %v", in.Date, in.EndDate, in.Approximate, tt.date, tt.end, tt.approximate)
			}
			if in.Kind != string(tt.kind) || !slices.Equal(in.Actors, tt.actors) || in.Title != tt.title {
				t.Errorf("kind %q actors %q title %q; want %q %q %q", in.Kind, in.Actors, in.Title, tt.kind, tt.actors, tt.title)
			}
		})
	}
}

func TestActors(t *testing.T) {
	known := []string{"Joe Biden", "Hunter Biden", "Vladimir Putin", "NATO", "Ukraine"}
	tests := []struct {
		passage string
		want    []string
	}{
		{"Biden met Putin’s envoy", []string{"Vladimir Putin"}},       // "Biden" is ambiguous
		{"Joe Biden said so", []string{"Joe Biden"}},                  // a full name
		{"NATOs and Ukrainean spellings", nil},                        // whole words only
		{"Ukraine and NATO agreed", []string{"NATO", "Ukraine"}},      // one-word names
		{"Mr Putinovich, Vladimir Putin", []string{"Vladimir Putin"}}, // found once
		{"vladimir putin in lower case", nil},                         // names are written with capitals
	}
	for _, tt := range tests {
		if got := Actors(tt.passage, known); !slices.Equal(got, tt.want) {
			t.Errorf("Actors(%q) = %q, want %q", tt.passage, got, tt.want)
		}
	}
}

func TestReportsSpeech(t *testing.T) {
	for passage, want := range map[string]bool{
		"Putin emphasized to reporters": true, "a Pentagon spokesperson said": true, "According to Putin": true,
		"the US supplied Ukraine with missiles": false, "the saidar": false,
	} {
		if ReportsSpeech(passage) != want {
			t.Errorf("ReportsSpeech(%q) = %v", passage, !want)
		}
	}
}

// A title drafted from a wire report's first sentence leaves out its
// dateline; a sentence that merely starts with capitals keeps them.
func TestTitleLeavesOutTheDateline(t *testing.T) {
	for _, c := range []struct{ passage, want string }{
		{"BRUSSELS, May 21 -- The European Council announced on Tuesday that it had approved the artificial intelligence act.",
			"The European Council announced on Tuesday that it had approved the artificial intelligence act"},
		{"SEATTLE (AP) — Aircraft assembly workers have walked off the job at a Boeing factory near Seattle.",
			"Aircraft assembly workers have walked off the job at a Boeing factory near Seattle"},
		{"March 9 (Reuters) – SVB Financial Group shares fell 42% on Thursday.", "SVB Financial Group shares fell 42% on Thursday"},
		{"KYIV, Ukraine (AP) — Ukraine's president said the strikes would continue.", "Ukraine's president said the strikes would continue"},
		{"NATO - the alliance - met on Thursday.", "NATO - the alliance - met on Thursday"},
		{"Article 5 – the alliance's mutual defence clause – was invoked once.", "Article 5 – the alliance's mutual defence clause – was invoked once"},
		{"NATO, the EU and the G7 - in a joint statement - condemned the strike.", "NATO, the EU and the G7 - in a joint statement - condemned the strike"},
		{"LONDON, Sept 12 (Reuters) - Britain's foreign minister said on Thursday the talks went well.", "Britain's foreign minister said on Thursday the talks went well"},
		{"The NTSB said four bolts were missing.", "The NTSB said four bolts were missing"},
	} {
		if got := Title(c.passage); got != c.want {
			t.Errorf("Title(%q) = %q, want %q", c.passage, got, c.want)
		}
	}
}
