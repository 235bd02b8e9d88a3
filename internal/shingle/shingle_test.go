package shingle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func seeds(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../demo/articles/*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("seed articles: %v, %d files", err, len(files))
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)[:3]] = string(b)
	}
	return out
}

// The five seed articles report the same story and quote the same people,
// but each is written independently: none shares much text with another.
func TestSeedsAreIndependent(t *testing.T) {
	s := seeds(t)
	for a, ta := range s {
		for b, tb := range s {
			if a == b {
				continue
			}
			if share := Share(Hashes(ta), Hashes(tb)); share >= 0.5 {
				t.Errorf("seed %s shares %.0f%% of its text with seed %s", a, share*100, b)
			}
		}
	}
}

// A rewrite that keeps the body: a new headline, a new first paragraph,
// the rest as it was, line breaks and quote marks changed.
func TestRewrittenLeadIsACopy(t *testing.T) {
	orig := seeds(t)["001"]
	paras := strings.Split(orig, "\n")
	copied := "Putin threatens the West over missiles\n" +
		"Moscow's leader had sharp words for Washington and London this week, in remarks that officials in both capitals were studying closely.\n" +
		strings.ReplaceAll(strings.Join(paras[1:], "\n\n"), "’", "'")
	share := Share(Hashes(copied), Hashes(orig))
	if share < 0.5 {
		t.Errorf("the rewritten copy shares only %.0f%% with the original", share*100)
	}
}

// An article that quotes three sentences of a seed, inside quotation marks,
// is corroboration, not a copy.
func TestQuotingIsNotCopying(t *testing.T) {
	orig := seeds(t)["000"]
	sentences := strings.SplitAfter(strings.Split(orig, "\n")[1], ". ")
	quoting := "Analysts read the remarks differently. As one outlet put it, “" + strings.TrimSpace(sentences[0]) + "” " +
		"It went on: “" + strings.TrimSpace(sentences[1]) + " " + strings.TrimSpace(sentences[2]) + "” " +
		"The Kremlin did not comment on the report, and officials in Kyiv said they had nothing to add."
	if share := Share(Hashes(quoting), Hashes(orig)); share >= 0.5 {
		t.Errorf("the quoting article shares %.0f%% with the one it quotes", share*100)
	}
	// Without the quotation marks, the same text is a copy of the original's
	// sentences.
	unmarked := strings.NewReplacer("“", "", "”", "").Replace(quoting)
	if share := Share(Hashes(unmarked), Hashes(orig)); share < 0.5 {
		t.Errorf("the same sentences unquoted share only %.0f%%", share*100)
	}
}

func TestUnclosedQuoteEndsWithItsParagraph(t *testing.T) {
	text := "“He said this and never closed it\nthe next paragraph is the reporter's own words with eight or more of them"
	runs := unquotedRuns(text)
	if len(runs) != 1 || !strings.HasPrefix(runs[0], "the next paragraph") {
		t.Errorf("runs = %q", runs)
	}
	if got := len(Hashes(text)); got == 0 {
		t.Error("the reporter's own paragraph gave no shingles")
	}
}

func TestSplitFoldsCaseAndApostrophes(t *testing.T) {
	got := strings.Join(split("Ukraine’s  U.S.-supplied WEAPONS, the allies'"), "|")
	if got != "ukraine's|u|s|supplied|weapons|the|allies" {
		t.Errorf("split = %q", got)
	}
	// The marks typeset for an apostrophe make the same word.
	for _, s := range []string{"Norway´s", "Norwayʼs", "Norway's", "Norway`s"} {
		if got := strings.Join(split(s+" bank"), "|"); got != "norway's|bank" {
			t.Errorf("split(%q) = %q", s, got)
		}
	}
}
