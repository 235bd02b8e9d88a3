package dates

import (
	"strings"
	"time"

	"claimline/internal/claimline"
)

// weekday is a day of the week, alone or after "on", "last", "next" or
// "this": the day of that name the sentence points to (see direction.go);
// "last Thursday" is strictly before publication, "next Thursday" strictly
// after, "this Thursday" on or after. A weekday after a word that makes it
// a name ("Super Tuesday") is not read.
func weekday(x *match) (claimline.DateMention, bool) {
	name := x.g[2]
	if !capitalised(name) {
		return claimline.DateMention{}, false
	}
	if prev, _, _ := wordBefore(x.text, x.start); lexicon().namedWeekday[strings.ToLower(prev)] {
		return claimline.DateMention{}, false
	}
	return weekdayPointed(x, weekdayOf(name), strings.ToLower(x.g[1]))
}

// weekdayPointed is the weekday want that the word with it (lower-cased,
// "" for none) or else the sentence points to.
func weekdayPointed(x *match, want time.Weekday, modifier string) (claimline.DateMention, bool) {
	if !hasDay(x.pub) {
		return unresolved(), true
	}
	var w way
	switch modifier {
	case "last", "this past":
		w = way{dir: back, strict: true, why: "“last”: before publication"}
	case "next":
		w = way{dir: ahead, strict: true, why: "“next”: after publication"}
	case "this", "this coming", "coming":
		w = way{dir: ahead, why: "“this”: on or after publication"}
	default:
		x.pointed(modifier) // "dernier", "prochain"
		w = x.way()
	}
	var cands []occurrence
	for t := x.pub.Start().AddDate(0, 0, -14); t.Before(x.pub.Start().AddDate(0, 0, 15)); t = t.AddDate(0, 0, 1) {
		if t.Weekday() == want {
			cands = append(cands, occurrence{from: dateOf(t)})
		}
	}
	got, _ := pick(x.pub, w, cands)
	return relative(claimline.DateMention{Date: got.from, Resolved: true}, "weekday", w), true
}

// weekdayOf returns the weekday an English or French name stands for, -1
// for none.
func weekdayOf(name string) time.Weekday {
	if d, ok := claimline.FrenchWeekday(name); ok {
		return d
	}
	if len(name) < 6 || len(name) > 9 || !strings.ContainsRune("MTWFSmtwfs", rune(name[0])) {
		return -1
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(d.String(), name) {
			return d
		}
	}
	return -1
}

// weekend is "the weekend", "this weekend", "last weekend": Saturday and
// Sunday, the pair the words or the sentence point to.
func weekend(x *match) (claimline.DateMention, bool) {
	if !hasDay(x.pub) {
		return unresolved(), true
	}
	var w way
	switch strings.ToLower(x.g[1]) {
	case "last", "this past":
		w = way{dir: back, strict: true, why: "“last”: before publication"}
	case "next":
		w = way{dir: ahead, strict: true, why: "“next”: after publication"}
	case "this", "this coming":
		w = way{dir: ahead, why: "“this”: on or after publication"}
	default:
		w = x.way()
	}
	p := x.pub.Start()
	sat := p.AddDate(0, 0, int(time.Saturday-p.Weekday()))
	var cands []occurrence
	for k := -3; k <= 3; k++ {
		s := sat.AddDate(0, 0, 7*k)
		cands = append(cands, occurrence{from: dateOf(s), to: dateOf(s.AddDate(0, 0, 1))})
	}
	got, _ := pick(x.pub, w, cands)
	return relative(claimline.DateMention{Date: got.from, EndDate: got.to, Resolved: true}, "weekend", w), true
}

// span resolves "this week", "later this month", "next year" and the like.
func span(x *match) (claimline.DateMention, bool) {
	return spanOf(x.pub, strings.ToLower(x.g[1]), strings.ToLower(x.g[2]))
}

// spanOf is the week, month or year which ("this", "earlier this", "later
// this", "last", "past", "next", "this coming") names, from publication.
// A week is Monday to Sunday, cut at the published day for "this" and
// "earlier this"; every week, and "earlier" and "later" anything, is
// approximate.
func spanOf(pub claimline.Date, which, unit string) (claimline.DateMention, bool) {
	need := map[string]claimline.Precision{"week": claimline.PrecisionDay, "month": claimline.PrecisionMonth, "year": claimline.PrecisionYear}[unit]
	if pub.Precision < need {
		return unresolved(), true
	}
	step := map[string]int{"last": -1, "past": -1, "next": 1, "this coming": 1}[which]
	out := claimline.DateMention{Relative: true, Resolved: true,
		Approximate: unit == "week" || which == "earlier this" || which == "later this"}
	t := pub.Start()
	switch unit {
	case "week":
		out.Week = true
		monday := t.AddDate(0, 0, -((int(t.Weekday())+6)%7)+7*step)
		out.Date, out.EndDate = dateOf(monday), dateOf(monday.AddDate(0, 0, 6))
		switch which {
		case "this":
			out.EndDate = dateOf(t)
		case "earlier this":
			out.EndDate = dateOf(t.AddDate(0, 0, -1))
			if !monday.Before(t) {
				out.EndDate = dateOf(monday)
			}
		case "later this":
			out.Date = dateOf(t)
		}
	case "month":
		t = t.AddDate(0, step, 0)
		out.Date = claimline.Date{Year: t.Year(), Month: int(t.Month()), Precision: claimline.PrecisionMonth}
	case "year":
		out.Date = claimline.Date{Year: t.Year() + step, Precision: claimline.PrecisionYear}
	}
	if out.EndDate == out.Date {
		out.EndDate = claimline.Date{}
	}
	return out, true
}

// endOf is "the end of the month", "end-of-the-year", "year's end",
// "month-end": that month, year or week of publication (or the next or
// last one), approximate.
func endOf(x *match) (claimline.DateMention, bool) {
	which, unit := "this", ""
	switch {
	case x.g[2] != "":
		which, unit = strings.ToLower(x.g[1]), strings.ToLower(x.g[2])
		if which == "the" {
			which = "this"
		}
	case x.g[3] != "":
		unit = strings.ToLower(x.g[3])
	default:
		unit = strings.ToLower(x.g[4])
	}
	m, ok := spanOf(x.pub, which, unit)
	if m.Resolved && unit == "week" {
		// The end of a week: its Friday to its Sunday.
		m.Date = dateOf(m.Date.Start().AddDate(0, 0, 4))
		m.EndDate = dateOf(m.Date.Start().AddDate(0, 0, 2))
	}
	m.Approximate = m.Resolved
	return m, ok
}

// count reads a small count in words or digits: "a", "two", "12"; 0 for
// anything else.
func count(s string) int {
	if s == "" {
		return 0
	}
	if isDigit(s[0]) {
		return atoi(s)
	}
	s = strings.ToLower(s)
	if s == "a" || s == "an" {
		return 1
	}
	words := [...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	for i, w := range words {
		if w == s {
			return i + 1
		}
	}
	return 0
}

// ago resolves "3 days ago" (a day), "two weeks ago" (a day, approximate),
// "a month ago" and "two years ago" and "a decade ago" (the month or year,
// approximate).
func ago(x *match) (claimline.DateMention, bool) {
	if !hasDay(x.pub) {
		return unresolved(), true
	}
	return fromPublication(x.pub, -count(x.g[1]), strings.ToLower(x.g[2])), true
}

// fromPublication is n days, weeks, months, years or decades after
// publication (before it for n < 0).
func fromPublication(pub claimline.Date, n int, unit string) claimline.DateMention {
	t := pub.Start()
	out := claimline.DateMention{Relative: true, Resolved: true, Approximate: true}
	switch {
	case strings.HasPrefix(unit, "day"):
		out = onDay(t.AddDate(0, 0, n))
		out.Relative = true
	case strings.HasPrefix(unit, "week"):
		out.Date = dateOf(t.AddDate(0, 0, 7*n))
	case strings.HasPrefix(unit, "month"):
		t = t.AddDate(0, n, 0)
		out.Date = claimline.Date{Year: t.Year(), Month: int(t.Month()), Precision: claimline.PrecisionMonth}
	case strings.HasPrefix(unit, "decade"):
		out.Date = claimline.Date{Year: t.Year() + 10*n, Precision: claimline.PrecisionYear}
	default:
		out.Date = claimline.Date{Year: t.Year() + n, Precision: claimline.PrecisionYear}
	}
	return out
}

// within is "in two weeks", "in 10 days": that long after publication,
// unless the words measure a stretch of time rather than point to a day
// ("the first time in two years", "the strongest in decades", "rose 5% in
// two years", "in two years of war").
func within(x *match) (claimline.DateMention, bool) {
	if strings.HasPrefix(x.text[x.end:], " of ") || measuresTime(x.text, x.start) {
		return claimline.DateMention{}, false
	}
	if !hasDay(x.pub) {
		return unresolved(), true
	}
	return fromPublication(x.pub, count(x.g[1]), strings.ToLower(x.g[2])), true
}

// measuresTime reports whether the words before "in …" at text[at:] make it
// a stretch of time: "time" or a number right before it, a superlative or
// "first" or "last" shortly before it, or a verb of change.
func measuresTime(text string, at int) bool {
	lx := lexicon()
	sa, _ := sentenceBounds(text, at, at)
	ca, _ := clauseBounds(text, sa, at, at, at)
	before := tokens(text[ca:at])
	for i, k := len(before)-1, 0; i >= 0 && k < 4; i, k = i-1, k+1 {
		t := before[i].low
		if lx.superlative[t] || len(t) > 5 && strings.HasSuffix(t, "est") {
			return true
		}
		if k == 0 && (t == "time" || t == "times" || pastEd(lx, t) || lx.past[t] || strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0) {
			return true
		}
	}
	return strings.HasSuffix(strings.TrimRight(text[ca:at], " "), "%")
}

// partOfDay is "tonight", "this morning", "yesterday", "tomorrow
// evening", "last night": the published day, the day before or after.
// "Today" after a capitalised word is a name ("USA Today").
func partOfDay(x *match) (claimline.DateMention, bool) {
	if w := x.g[1]; strings.HasPrefix(w, "Today") {
		if _, capital, start := wordBefore(x.text, x.start); capital && !start {
			return claimline.DateMention{}, false
		}
	}
	return dayNear(x)
}

// dayNear is the published day, or the day before or after it, as the
// words x.g[1] say (dayOffset).
func dayNear(x *match) (claimline.DateMention, bool) {
	if !hasDay(x.pub) {
		return unresolved(), true
	}
	m := onDay(x.pub.Start().AddDate(0, 0, dayOffset(x.g[1])))
	m.Relative = true
	return m, true
}

// dayOffset is the day a part-of-day expression names, from the day it
// was said: -1, 0 or 1.
func dayOffset(words string) int {
	w := strings.ToLower(words)
	if n, ok := frenchDayOffset(w); ok {
		return n
	}
	switch {
	case strings.HasPrefix(w, "yesterday"), w == "last night":
		return -1
	case strings.HasPrefix(w, "tomorrow"):
		return 1
	}
	return 0
}
