package sentence_test

import (
	"strings"
	"testing"

	"claimline/internal/sentence"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"One. Two? Three! Four", []string{"One.", "Two?", "Three!", "Four"}},
		{`"Welcome," Blinken said. "Good things come to those who wait."  He smiled.`,
			[]string{`"Welcome," Blinken said.`, `"Good things come to those who wait."`, "He smiled."}},
		{"“This is historic.” Kristersson agreed.", []string{"“This is historic.”", "Kristersson agreed."}},
		{"Mr. Hagari said 99.5 per cent were stopped. Gen. Smith and J. Doe agreed.", []string{"Mr. Hagari said 99.5 per cent were stopped.", "Gen. Smith and J. Doe agreed."}},
		{"The U.S. State Department said so. The U.S. The end.", []string{"The U.S. State Department said so.", "The U.S.", "The end."}},
		{"It rose to 5.25% in Sept. 2023. 2024 was calmer.", []string{"It rose to 5.25% in Sept. 2023.", "2024 was calmer."}},
		{"U.S.-made missiles. they said", []string{"U.S.-made missiles. they said"}},
		{"A first line\nand a second line.", []string{"A first line", "and a second line."}},
		{"Wait… What now?", []string{"Wait…", "What now?"}},
		{"   ", nil},
	} {
		var got []string
		for _, s := range sentence.Split(tc.text) {
			got = append(got, tc.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Split(%q) =\n %q\nwant\n %q", tc.text, got, tc.want)
		}
	}
}

// TestSplitKeepsText checks, on texts with every kind of mark, that
// sentences are in order, do not overlap, and hold every character of the
// text but the white space between them.
func TestSplitKeepsText(t *testing.T) {
	for _, text := range []string{
		"One. Two? “Three!” Four… five", "Mr. U.S. a.m. 3.5 (Yes.) [No!] ‘Quote.’ Done", ". . .", "…", "A.\n\nB.",
		"Ünïcödé. Ça va? Да. 是的。Fin.", "\"\"\". \"\"", "x.\tY",
	} {
		at := 0
		var kept strings.Builder
		for _, s := range sentence.Split(text) {
			if s.Start < at || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("span %v after %d in %q", s, at, text)
			}
			kept.WriteString(text[s.Start:s.End])
			at = s.End
		}
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if strip(kept.String()) != strip(text) {
			t.Errorf("sentences of %q lose text: %q", text, kept.String())
		}
	}
}
