package lexicon

import "strings"

// spellings returns the other spellings of a lower-case English word, in
// British or American use: defence and defense, labour and labor, centre
// and center, cancelled and canceled, organise and organize, catalogue and
// catalog. A rule may make a word no one writes ("sence" from "sense"):
// looked up, it finds nothing, and costs nothing else.
func spellings(w string) []string {
	var out []string
	add := func(s string) {
		if s != w && s != "" {
			out = append(out, s)
		}
	}
	for _, r := range spellingRules {
		for _, suffix := range r.suffixes {
			stem, ok := strings.CutSuffix(w, r.from+suffix)
			if ok && len(stem) >= r.minStem {
				add(stem + r.to + suffix)
			}
		}
	}
	return out
}

// spellingRules are the endings that British and American English spell
// apart, both ways, with the inflections they keep.
var spellingRules = []struct {
	from, to string
	suffixes []string
	minStem  int // letters before the ending, so that "four" never becomes "for"
}{
	{"our", "or", []string{"", "s", "ed", "ing", "able", "ite", "ites", "hood"}, 3},
	{"or", "our", []string{"", "s", "ed", "ing", "able", "ite", "ites", "hood"}, 3},
	{"ence", "ense", []string{"", "s"}, 3},
	{"ense", "ence", []string{"", "s"}, 3},
	{"tre", "ter", []string{"", "s", "d"}, 2},
	{"ter", "tre", []string{"", "s", "d"}, 2},
	{"lled", "led", []string{""}, 3},
	{"lling", "ling", []string{""}, 3},
	{"led", "lled", []string{""}, 3},
	{"ling", "lling", []string{""}, 3},
	{"ise", "ize", []string{"", "s", "d"}, 3},
	{"ize", "ise", []string{"", "s", "d"}, 3},
	{"ising", "izing", []string{""}, 3},
	{"izing", "ising", []string{""}, 3},
	{"isation", "ization", []string{"", "s"}, 3},
	{"ization", "isation", []string{"", "s"}, 3},
	{"ogue", "og", []string{"", "s"}, 3},
}
