package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// seed reads one of the seed articles shipped with the demo.
func seed(t testing.TB, prefix string) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join("..", "demo", "articles", prefix+"*.txt"))
	if len(matches) != 1 {
		t.Fatalf("seed %s: %v", prefix, matches)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFindInSeedArticles(t *testing.T) {
	text := seed(t, "002")
	tests := []struct {
		typed, want string
	}{
		// Typed with a hyphen and straight quotes; the original has en dashes and curly ones.
		{`NATO countries - the United States and European countries - are at war with Russia`,
			"NATO countries – the United States and European countries – are at war with Russia"},
		{`"This will mean that NATO countries`, "“This will mean that NATO countries"},
		{"make appropriate   decisions\nin response", "make appropriate decisions in response"},
		{`the Ukrainian army is not capable`, "the Ukrainian army is not capable"},
	}
	for _, tt := range tests {
		sp, ok := Find(text, tt.typed)
		if !ok {
			t.Errorf("Find(%q) found nothing", tt.typed)
			continue
		}
		if got := text[sp.Start:sp.End]; got != tt.want {
			t.Errorf("Find(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
	if _, ok := Find(text, "NATO countries are not at war with Russia"); ok {
		t.Error("a passage that is not in the text was found")
	}
	if _, ok := Find(text, "  \n "); ok {
		t.Error("white space was found")
	}
}

func TestDashSpacing(t *testing.T) {
	text := "drag Europe—and perhaps the world—into war"
	for _, typed := range []string{"Europe - and perhaps", "Europe—and perhaps", "Europe -and", "world -- into", "world---into"} {
		if _, ok := Find(text, typed); !ok {
			t.Errorf("Find(%q) found nothing", typed)
		}
	}
	if sp, ok := Find("a -- b", "a—b"); !ok || sp != (Span{0, 6}) {
		t.Errorf("a typed em dash against a typed double hyphen: %+v, %v", sp, ok)
	}
	if _, ok := Find(text, "Europe and perhaps"); ok {
		t.Error("a dropped dash still matched")
	}
}

// A cut may end or start inside an ellipsis, written as three full stops or
// as one "…", in the text or in the passage.
func TestEllipsis(t *testing.T) {
	tests := []struct {
		text, passage, want string
	}{
		{"...", ".", "."},
		{"wait... what", "wait.", "wait."},
		{"wait... what", ".. what", ".. what"},
		{"wait... what", "wait… what", "wait... what"},
		{"wait… what", "wait... what", "wait… what"},
		{"wait… what", "wait..", "wait…"},
		{"wait… what", ". what", "… what"},
		{"so…", "so.", "so…"},
	}
	for _, tt := range tests {
		sp, ok := Find(tt.text, tt.passage)
		if !ok {
			t.Errorf("Find(%q, %q) found nothing", tt.text, tt.passage)
			continue
		}
		if got := tt.text[sp.Start:sp.End]; got != tt.want {
			t.Errorf("Find(%q, %q) = %q, want %q", tt.text, tt.passage, got, tt.want)
		}
	}
	for _, tt := range []struct{ text, passage string }{
		{"wait. what", "wait.. what"},
		{"wait… what", "wait.... what"},
		{"wait… what", "wait what"},
	} {
		if _, ok := Find(tt.text, tt.passage); ok {
			t.Errorf("Find(%q, %q) found a passage that is not there", tt.text, tt.passage)
		}
	}
}

func TestClosest(t *testing.T) {
	text := seed(t, "004")
	sp, score := Closest(text, "signal a change in policy, letting Kyiv strike deep into Russian territory")
	got := text[sp.Start:sp.End]
	if score < 0.5 || !strings.Contains(got, "allowing Kyiv to strike deep into Russian territory") {
		t.Errorf("Closest = %q (%.2f)", got, score)
	}
	if _, score := Closest(text, "completely unrelated words about gardening tomatoes"); score >= 0.5 {
		t.Errorf("an unrelated passage scored %.2f", score)
	}
}

// FuzzFind: a passage cut from the text is always found, and whatever is
// found is a real span of the text that matches the passage. Invalid UTF-8
// never panics.
func FuzzFind(f *testing.F) {
	f.Add("This will mean that NATO countries – the United States – are at war", 5, 40, "NATO countries - the")
	f.Add("a  “quoted”\n\ttext…", 0, 8, `"quoted" text...`)
	f.Add("\xff\xfe bad – utf8", 1, 9, "bad - utf8")
	f.Fuzz(func(t *testing.T, text string, i, j int, other string) {
		// Cut at rune boundaries as the text decodes.
		bounds := []int{}
		for k := range text {
			bounds = append(bounds, k)
		}
		bounds = append(bounds, len(text))
		if len(bounds) > 1 {
			a, b := bounds[abs(i)%len(bounds)], bounds[abs(j)%len(bounds)]
			if a > b {
				a, b = b, a
			}
			passage := text[a:b]
			if normalize(passage) != "" {
				sp, ok := Find(text, passage)
				if !ok {
					t.Fatalf("Find(%q, cut %q) found nothing", text, passage)
				}
				checkSpan(t, text, passage, sp)
				// The cut itself is an occurrence, so the first one found
				// cannot start after the cut's first kept character.
				if own, _ := Find(passage, passage); sp.Start > a+own.Start {
					t.Fatalf("Find(%q, cut %q at %d) = %+v, after the cut", text, passage, a, sp)
				}
			}
		}
		if sp, ok := Find(text, other); ok {
			checkSpan(t, text, other, sp)
		}
		sp, _ := Closest(text, other)
		if sp.Start < 0 || sp.End > len(text) || sp.Start > sp.End {
			t.Fatalf("Closest span %+v outside text of %d bytes", sp, len(text))
		}
	})
}

func checkSpan(t *testing.T, text, passage string, sp Span) {
	t.Helper()
	if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
		t.Fatalf("span %+v outside text of %d bytes", sp, len(text))
	}
	// The span matches the passage, except that a passage starting or ending
	// partway through an ellipsis gets the whole "…" (up to two dots more).
	got, want := normalize(text[sp.Start:sp.End]), normalize(passage)
	i := strings.Index(got, want)
	if i < 0 {
		t.Fatalf("span %q does not match passage %q", text[sp.Start:sp.End], passage)
	}
	before, after := got[:i], got[i+len(want):]
	if before != "" && (len(before) > 2 || strings.Trim(before, ".") != "" || !strings.HasPrefix(text[sp.Start:], "…")) ||
		after != "" && (len(after) > 2 || strings.Trim(after, ".") != "" || !strings.HasSuffix(text[:sp.End], "…")) {
		t.Fatalf("span %q is wider than passage %q", text[sp.Start:sp.End], passage)
	}
	if utf8.ValidString(text) && !utf8.ValidString(text[sp.Start:sp.End]) {
		t.Fatalf("span cuts a character: %q", text[sp.Start:sp.End])
	}
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// BenchmarkFind5MiB finds a passage near the end of a 5 MiB source: the
// allocated bytes per operation are the memory a quote check costs.
func BenchmarkFind5MiB(b *testing.B) {
	article := seed(b, "002")
	var sb strings.Builder
	for sb.Len() < 5<<20 {
		sb.WriteString(article)
	}
	text := sb.String() + "the closing words… of the very last paragraph"
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, ok := Find(text, "closing words... of the very last"); !ok {
			b.Fatal("not found")
		}
	}
}

// TestApostropheLookAlikes checks that the characters writers and
// typesetters put for an apostrophe are alike, one way and the other, and
// that the match is the source's own characters. The sources are real
// sentences: a caption written with the acute accent, and a report written
// with the right single quote.
func TestApostropheLookAlikes(t *testing.T) {
	const acute = "Gjøvik is a town in Oppland County in Norway, and Norway´s biggest lake “Mjøsa” is located here."
	const curly = "Norway’s central bank, Norges Bank, announced the key policy rate would increase by 0.25 percent to 4.5 percent on Thursday."
	marks := []string{"'", "’", "‘", "´", "ʼ", "ʹ", "ʻ", "`", "′", "＇"}
	for _, tc := range []struct{ text, typed, want string }{
		{acute, `Norway%ss biggest lake "Mjøsa"`, "Norway´s biggest lake “Mjøsa”"},
		{curly, "Norway%ss central bank, Norges Bank", "Norway’s central bank, Norges Bank"},
	} {
		for _, m := range marks {
			typed := strings.Replace(tc.typed, "%s", m, 1)
			sp, ok := Find(tc.text, typed)
			if !ok {
				t.Errorf("Find(%q) found nothing in %q", typed, tc.text)
				continue
			}
			if got := tc.text[sp.Start:sp.End]; got != tc.want {
				t.Errorf("Find(%q) = %q, want %q", typed, got, tc.want)
			}
			if sp, ok := Anchor(tc.text, Selector{Exact: typed}); !ok || tc.text[sp.Start:sp.End] != tc.want {
				t.Errorf("Anchor(%q) = %+v, %v", typed, sp, ok)
			}
			// Closest keeps whole words of the text, their punctuation too.
			if sp, score := Closest(tc.text, typed); score != 1 || !strings.HasPrefix(tc.text[sp.Start:sp.End], tc.want) {
				t.Errorf("Closest(%q) = %q, %v", typed, tc.text[sp.Start:sp.End], score)
			}
		}
	}
	// An accent on a letter is no apostrophe: "é" is one letter, and its
	// combining accent is not folded.
	if _, ok := Find("Le cafe\u0301 est fermé.", "cafe'"); ok {
		t.Error("an accented letter matched a letter and an apostrophe")
	}
}
