package quote

import (
	"strings"
	"testing"
)

func TestAnchor(t *testing.T) {
	text := seed(t, "002")
	// "NATO" stands in the article many times: the context decides which.
	third := nthIndex(text, "NATO", 3)
	tests := []struct {
		name  string
		sel   Selector
		start int // byte offset the anchor must start at
		want  string
	}{
		{"the context picks the third of several",
			Selector{Exact: "NATO", Prefix: "ability to independently carry out such strikes, claiming, “the Ukrainian army is not capable of using cutting-edge high-precision long-range systems supplied by the West” without ", Suffix: "’s assistance"},
			third, "NATO"},
		{"no context: the first",
			Selector{Exact: "NATO"}, strings.Index(text, "NATO"), "NATO"},
		{"selected across paragraphs, as the browser reports it",
			Selector{Exact: "began over two years ago.\n\n\u201cThis will mean", Prefix: "since Russia’s invasion "},
			strings.Index(text, "began over two years ago."), "began over two years ago.\n“This will mean"},
		{"straight quotes and a hyphen for the article's curly quotes and dashes",
			Selector{Exact: `"This will mean that NATO countries - the United States`},
			strings.Index(text, "“This will mean"), "“This will mean that NATO countries – the United States"},
		{"a space the page had and the extracted text has not",
			Selector{Exact: "high-precision long-range sys tems supplied"},
			strings.Index(text, "high-precision long-range systems"), "high-precision long-range systems supplied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp, ok := Anchor(text, tt.sel)
			if !ok {
				t.Fatal("not anchored")
			}
			if got := text[sp.Start:sp.End]; got != tt.want || sp.Start != tt.start {
				t.Errorf("anchored %q at %d, want %q at %d", got, sp.Start, tt.want, tt.start)
			}
		})
	}
	for _, sel := range []Selector{
		{Exact: "NATO countries are not at war"},
		{Exact: " \n "},
		{Exact: "NA TO"}, // too short to match without its spaces
	} {
		if sp, ok := Anchor(text, sel); ok {
			t.Errorf("Anchor(%q) = %q, want nothing", sel.Exact, text[sp.Start:sp.End])
		}
	}
}

// nthIndex is the byte offset of the nth (from 1) occurrence of sub in s.
func nthIndex(s, sub string, n int) int {
	at := -1
	for ; n > 0; n-- {
		i := strings.Index(s[at+1:], sub)
		if i < 0 {
			return -1
		}
		at += 1 + i
	}
	return at
}
