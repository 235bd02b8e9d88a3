package quote

import "strings"

// word is one space-separated word of a normalised text, lower-cased for
// comparison, with its byte range in that normalised text.
type word struct {
	w          string
	start, end int
}

func words(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		if j > i {
			out = append(out, word{strings.ToLower(strings.Trim(s[i:j], `.,;:!?"'()[]`)), i, j})
		}
		i = j
	}
	return out
}

// Closest returns the stretch of text most like passage, word for word, and
// its score: the share of the passage's words it contains (0 to 1). It is
// meant to suggest what the user may have meant when Find fails; callers
// should ignore results scoring below one half.
func Closest(text, passage string) (Span, float64) {
	pw := words(normalize(passage))
	tw := words(normalize(text))
	want := map[string]int{}
	for _, w := range pw {
		want[w.w]++
	}
	// Try windows a little shorter and longer than the passage: a typed
	// paraphrase rarely has exactly the original's number of words.
	var best struct {
		f       float64
		overlap int
		from, n int
	}
	for n := max(1, len(pw)-2); n <= min(len(tw), len(pw)+2); n++ {
		overlap, at := slide(tw, want, n)
		if f := 2 * float64(overlap) / float64(len(pw)+n); f > best.f {
			best.f, best.overlap, best.from, best.n = f, overlap, at, n
		}
	}
	if best.n == 0 {
		return Span{}, 0
	}
	first, last := tw[best.from], tw[best.from+best.n-1]
	return origin(text, first.start, last.end-1, false), float64(best.overlap) / float64(len(pw))
}

// slide moves a window of n words over the text, keeping the overlap between
// the window's words and the wanted words up to date, and returns the best
// overlap and where its window starts.
func slide(tw []word, want map[string]int, n int) (best, at int) {
	have := map[string]int{}
	overlap := 0
	add := func(w string, d int) {
		before := min(have[w], want[w])
		have[w] += d
		overlap += min(have[w], want[w]) - before
	}
	best = -1
	for i, w := range tw {
		add(w.w, 1)
		if i >= n {
			add(tw[i-n].w, -1)
		}
		if i >= n-1 && overlap > best {
			best, at = overlap, i-n+1
		}
	}
	return best, at
}
