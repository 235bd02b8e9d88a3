package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"claimline/internal/claimline"
)

func TestPassages(t *testing.T) {
	text := "Title line\n\n  Indented paragraph.  \r\nLast, no newline"
	got := Passages(text)
	want := []string{"Title line", "Indented paragraph.", "Last, no newline"}
	if len(got) != len(want) {
		t.Fatalf("passages %v, want %q", got, want)
	}
	for i, p := range got {
		if text[p.Start:p.End] != want[i] {
			t.Errorf("passage %d = %q, want %q", i, text[p.Start:p.End], want[i])
		}
	}
}

func TestPassagesCutLongLines(t *testing.T) {
	sentence := "Ракеты большой дальности — long-range missiles were discussed again. "
	line := strings.Repeat(sentence, 100) // one line of about 8 KB
	text := "Short.\n" + line + "\nEnd."
	ps := Passages(text)
	if len(ps) < 6 {
		t.Fatalf("a %d-byte line gave %d passages", len(line), len(ps))
	}
	for i, p := range ps {
		s := text[p.Start:p.End]
		if p.End-p.Start > MaxPassage || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
			t.Errorf("passage %d [%d,%d) is bad: %.60q", i, p.Start, p.End, s)
		}
		if i > 0 && i < len(ps)-1 && !strings.HasSuffix(s, ".") && i != 0 {
			if i < len(ps)-2 { // the line's last piece ends where the line does
				t.Errorf("passage %d is not cut after a sentence: …%q", i, s[len(s)-20:])
			}
		}
	}
	// Together the passages cover every word of the text, in order.
	var words []string
	for _, p := range ps {
		words = append(words, strings.Fields(text[p.Start:p.End])...)
	}
	if strings.Join(words, " ") != strings.Join(strings.Fields(text), " ") {
		t.Error("the passages lose or repeat words")
	}
}

func TestPassagesWithoutSpaces(t *testing.T) {
	text := strings.Repeat("日本語", 2000) // no spaces, no sentence ends
	ps := Passages(text)
	end := 0
	for _, p := range ps {
		if p.Start != end || !utf8.ValidString(text[p.Start:p.End]) || p.End-p.Start > MaxPassage {
			t.Fatalf("passage [%d,%d) after %d", p.Start, p.End, end)
		}
		end = p.End
	}
	if end != len(text) {
		t.Errorf("passages end at %d of %d", end, len(text))
	}
}

func FuzzPassages(f *testing.F) {
	f.Add("a\nb\n\nc")
	f.Add(strings.Repeat("x. ", 1000))
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, p := range Passages(text) {
			if p.Start < last || p.Start >= p.End || p.End > len(text) {
				t.Fatalf("passage [%d,%d) after %d in %d bytes", p.Start, p.End, last, len(text))
			}
			// Invalid UTF-8 may have no character boundary to cut at.
			if utf8.ValidString(text) && (!utf8.RuneStart(text[p.Start]) || p.End < len(text) && !utf8.RuneStart(text[p.End])) {
				t.Fatalf("passage [%d,%d) cuts a character", p.Start, p.End)
			}
			last = p.End
		}
	})
}

func TestParseSnippet(t *testing.T) {
	got := ParseSnippet("…Putin \x02warned\x03 that \x02NATO\x03\x02 countries\x03 would…")
	want := claimline.Snippet{{Text: "…Putin "}, {Text: "warned", Mark: true}, {Text: " that "},
		{Text: "NATO countries", Mark: true}, {Text: " would…"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("part %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if s := ParseSnippet("<b>\x03 stray\x02").String(); s != "<b> stray" {
		t.Errorf("stray markers: %q", s)
	}
}
