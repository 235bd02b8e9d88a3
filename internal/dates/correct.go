package dates

import (
	"sort"

	"claimline/internal/claimline"
)

// Correct applies users' corrections to the marks Find made on the same
// version of a text: a corrected mark carries its correction's date (or is
// marked not a date). A correction whose words the reader no longer marks
// the same way (its rules changed since) keeps its words as a mark of its
// own, and marks overlapping it give way.
func Correct(ms []claimline.DateMention, cs []claimline.DateCorrection) []claimline.DateMention {
	if len(cs) == 0 {
		return ms
	}
	out := make([]claimline.DateMention, 0, len(ms)+len(cs))
	for _, m := range ms {
		if !overlapsAny(m, cs) {
			out = append(out, m)
		}
	}
	for _, c := range cs {
		m := claimline.DateMention{Start: c.Start, End: c.End, Text: c.Text, Rule: "corrected by hand"}
		for _, f := range ms {
			if f.Start == c.Start && f.End == c.End {
				m = f
			}
		}
		c := c
		m.Correction = &c
		m.Date, m.EndDate, m.Week, m.Approximate, m.Relative = c.Date, claimline.Date{}, false, c.Approximate, false
		m.Resolved = !c.Date.IsZero()
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// overlapsAny reports whether a mark overlaps a correction's words.
func overlapsAny(m claimline.DateMention, cs []claimline.DateCorrection) bool {
	for _, c := range cs {
		if m.Start < c.End && c.Start < m.End {
			return true
		}
	}
	return false
}
