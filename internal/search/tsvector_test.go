package search

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTSVector(t *testing.T) {
	// Places count from 1 across the columns, one left empty after each
	// column (an empty column takes only its gap): putin 1, warn 2, gap 3,
	// gap 4, nato 5, warn 6, putin 7.
	vec, sizes := TSVector("Putin warns", "", "NATO warned Putin")
	if want := `'nato':5 'putin':1,7 'warn':2,6`; vec != want {
		t.Errorf("TSVector = %s, want %s", vec, want)
	}
	if !slices.Equal(sizes, []int{2, 0, 3}) {
		t.Errorf("sizes %v", sizes)
	}
	places, err := ParseTSVector(vec)
	if err != nil {
		t.Fatal(err)
	}
	d := DocFromPositions(sizes, places)
	want := []map[int]string{{0: "putin", 1: "warn"}, {}, {0: "nato", 1: "warn", 2: "putin"}}
	if !slices.EqualFunc(d.keys, want, maps.Equal) {
		t.Errorf("doc %v, want %v", d.keys, want)
	}
}

func TestTSVectorLimits(t *testing.T) {
	var words []string
	for i := range MaxPosition + 10 {
		words = append(words, fmt.Sprintf("w%d", i+1))
	}
	vec, _ := TSVector(strings.Join(words, " ") + " w1 w16390")
	places, err := ParseTSVector(vec)
	if err != nil {
		t.Fatal(err)
	}
	// Words past the last place are all at it, each once.
	for w, want := range map[string][]int{"w16383": {16383}, "w16384": {16383}, "w16392": {16383}, "w1": {1, 16383}, "w16390": {16383}} {
		if !slices.Equal(places[w], want) {
			t.Errorf("%s at %v, want %v", w, places[w], want)
		}
	}
	// A word is recorded at its first MaxPositions places.
	vec, _ = TSVector(strings.Repeat("the ", 300))
	places, _ = ParseTSVector(vec)
	if p := places["the"]; len(p) != MaxPositions || p[0] != 1 || p[MaxPositions-1] != MaxPositions {
		t.Errorf("the at %d places, %v…", len(p), p[:3])
	}
	// A word too long for PostgreSQL is cut on a character boundary.
	long := "a" + strings.Repeat("ж", MaxLexeme) // 1 + 2 × MaxLexeme bytes
	vec, sizes := TSVector(long)
	places, _ = ParseTSVector(vec)
	for k := range places {
		if len(k) != MaxLexeme-1 || !strings.HasPrefix(long, k) || !utf8.ValidString(k) || sizes[0] != 1 {
			t.Errorf("a long word is kept as %d bytes (%d words)", len(k), sizes[0])
		}
	}
	if len(places) != 1 {
		t.Errorf("a long word gave %d lexemes", len(places))
	}
}

func TestParseTSVector(t *testing.T) {
	got, err := ParseTSVector(`'a':1A,22 'it''s':3 'b\\c':4B 'bare'`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{"a": {1, 22}, "it's": {3}, `b\c`: {4}, "bare": nil}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("ParseTSVector = %v, want %v", got, want)
	}
	for _, bad := range []string{`a:1`, `'a`, `'a':x`} {
		if _, err := ParseTSVector(bad); err == nil {
			t.Errorf("ParseTSVector(%q) gave no error", bad)
		}
	}
}
