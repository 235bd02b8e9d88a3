package search

// stem reduces a folded English word to its stem with Porter's algorithm,
// in the variant SQLite's FTS5 porter tokenizer implements (the revised
// step 2, with "bli" and "logi"), so that a match in memory agrees with the
// index. Like FTS5 it works on bytes, any byte but a vowel counting as a
// consonant, and leaves words under 3 or over 64 bytes as they are.
func stem(word string) string {
	if len(word) < 3 || len(word) > 64 {
		return word
	}
	b := []byte(word)
	b = step1a(b)
	b = step1b(b)
	if n := len(b); b[n-1] == 'y' && hasVowel(b[:n-1]) {
		b[n-1] = 'i'
	}
	b = replace(b, step2, 0)
	b = replace(b, step3, 0)
	b = step4(b)
	return string(step5(b))
}

// consonant reports whether b[i] is a consonant: not a, e, i, o or u, and a
// y only at the start or after a vowel.
func consonant(b []byte, i int) bool {
	switch b[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !consonant(b, i-1)
	}
	return true
}

// measure is Porter's m: how many vowel-consonant sequences b holds.
func measure(b []byte) int {
	m, vowel := 0, false
	for i := range b {
		if consonant(b, i) {
			if vowel {
				m++
			}
			vowel = false
		} else {
			vowel = true
		}
	}
	return m
}

// hasVowel is Porter's *v*. Like FTS5, it counts a y anywhere but the
// start as a vowel.
func hasVowel(b []byte) bool {
	for i, c := range b {
		switch c {
		case 'a', 'e', 'i', 'o', 'u':
			return true
		case 'y':
			if i > 0 {
				return true
			}
		}
	}
	return false
}

// cvc is Porter's *o: b ends consonant, vowel, consonant, the last not w, x
// or y.
func cvc(b []byte) bool {
	n := len(b)
	if n < 3 || !consonant(b, n-1) || consonant(b, n-2) || !consonant(b, n-3) {
		return false
	}
	c := b[n-1]
	return c != 'w' && c != 'x' && c != 'y'
}

// endsWith reports whether b ends with suffix and has more than it.
func endsWith(b []byte, suffix string) bool {
	return len(b) > len(suffix) && string(b[len(b)-len(suffix):]) == suffix
}

func step1a(b []byte) []byte {
	n := len(b)
	switch {
	case b[n-1] != 's':
		return b
	case b[n-2] == 'e' && (endsWith(b, "sses") || endsWith(b, "ies")):
		return b[:n-2]
	case b[n-2] != 's': // "es", and "s" but not "ss"
		return b[:n-1]
	}
	return b
}

func step1b(b []byte) []byte {
	var cut []byte
	switch {
	case endsWith(b, "eed"):
		if measure(b[:len(b)-3]) > 0 {
			return b[:len(b)-1]
		}
		return b
	case endsWith(b, "ed") && hasVowel(b[:len(b)-2]):
		cut = b[:len(b)-2]
	case endsWith(b, "ing") && hasVowel(b[:len(b)-3]):
		cut = b[:len(b)-3]
	default:
		return b
	}
	n := len(cut)
	switch {
	case endsWith(cut, "at") || endsWith(cut, "bl") || endsWith(cut, "iz"):
		return append(cut, 'e')
	case n >= 2 && cut[n-1] == cut[n-2] && doubled(cut[n-1]):
		return cut[:n-1]
	case measure(cut) == 1 && cvc(cut):
		return append(cut, 'e')
	}
	return cut
}

// doubled reports whether a doubled c loses one letter after "ed" or "ing"
// goes ("hopping" → "hop"): a consonant other than l, s or z.
func doubled(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'l', 's', 'z':
		return false
	}
	return true
}

// rule replaces a suffix when the rest of the word has a measure above min.
type rule struct{ suffix, with string }

// Steps 2 and 3 need m > 0, step 4 m > 1. In each list the first suffix the
// word ends with decides, whether or not its condition holds.
var (
	step2 = []rule{
		{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
		{"logi", "log"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"},
		{"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
		{"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
	}
	step3 = []rule{
		{"ical", "ic"}, {"ness", ""}, {"icate", "ic"}, {"iciti", "ic"}, {"ful", ""}, {"ative", ""}, {"alize", "al"},
	}
	step4Suffixes = []string{"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
		"ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"}
)

// replace applies the first rule whose suffix b ends with, if the stem
// before it measures more than min.
func replace(b []byte, rules []rule, min int) []byte {
	for _, r := range rules {
		if !endsWith(b, r.suffix) {
			continue
		}
		rest := b[:len(b)-len(r.suffix)]
		if measure(rest) > min {
			return append(rest, r.with...)
		}
		return b
	}
	return b
}

func step4(b []byte) []byte {
	for _, s := range step4Suffixes {
		if !endsWith(b, s) {
			continue
		}
		rest := b[:len(b)-len(s)]
		if measure(rest) > 1 && (s != "ion" || rest[len(rest)-1] == 's' || rest[len(rest)-1] == 't') {
			return rest
		}
		return b
	}
	return b
}

func step5(b []byte) []byte {
	if n := len(b); b[n-1] == 'e' {
		if m := measure(b[:n-1]); m > 1 || m == 1 && !cvc(b[:n-1]) {
			b = b[:n-1]
		}
	}
	if n := len(b); n > 1 && b[n-1] == 'l' && b[n-2] == 'l' && measure(b[:n-1]) > 1 {
		b = b[:n-1]
	}
	return b
}
