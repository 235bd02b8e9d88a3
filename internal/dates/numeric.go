package dates

import (
	"regexp"
	"strings"
	"sync"

	"claimline/internal/claimline"
)

// wireStamp is a wire service's time stamp, day, month, two-digit year and
// time: "03 OCT 24 18:28 ET" is 3 October 2024 at 18:28.
func wireStamp(x *match) (claimline.DateMention, bool) {
	m, ok := day(claimline.TwoDigitYear(atoi(x.g[3])), month(x.g[2]), atoi(x.g[1]))
	if !ok {
		return m, false
	}
	return atTime(m, x.g[4], x.g[5], "", "")
}

// isoDate is "2024-09-12", with a time if one follows ("2024-09-12T14:30",
// "2023-05-04T04:01:00-04:00"). A time with a numeric offset is read in
// UTC, as a typed or imported one is (claimline.ParseDate), so that the
// reader and the form agree on the same words; a dateline's zone name is
// another matter (see timePatterns).
func isoDate(x *match) (claimline.DateMention, bool) {
	m, ok := day(atoi(x.g[1]), atoi(x.g[2]), atoi(x.g[3]))
	if !ok || x.g[4] == "" {
		return m, ok
	}
	if x.g[7] != "" && x.g[7] != "Z" {
		d, _, err := claimline.ParseDate(x.text[x.start:x.end])
		if err != nil {
			return m, false
		}
		m.Date = d
		return m, true
	}
	return atTime(m, x.g[4], x.g[5], x.g[6], "")
}

// numericWireStamp is a newswire's stamp, "06-22-23 0430ET": a numeric
// date with a two-digit year and a time with its zone. Read as any
// numeric date: with two readings it is left for someone to choose.
func numericWireStamp(x *match) (claimline.DateMention, bool) {
	m, ok := numericReadings(atoi(x.g[1]), atoi(x.g[2]), claimline.TwoDigitYear(atoi(x.g[3])))
	if !ok || !m.Resolved {
		return m, ok
	}
	return atTime(m, x.g[4], x.g[5], "", "")
}

// yearFirst is "2024.09.24" or "2024/09/24": year, month, day, the one
// order that begins with the year.
func yearFirst(x *match) (claimline.DateMention, bool) {
	if x.g[2] != x.g[4] {
		return claimline.DateMention{}, false
	}
	return day(atoi(x.g[1]), atoi(x.g[3]), atoi(x.g[5]))
}

// numericDate is "09/18/2024", "19-09-2025", "3.4.2024", "9/18/24" (a
// two-digit year only with slashes): read when one reading only is a
// date (a number over 12 is the day), or when both give the same day;
// else it has two readings and is left for someone to choose.
func numericDate(x *match) (claimline.DateMention, bool) {
	if x.g[2] != x.g[4] || len(x.g[5]) == 2 && x.g[2] != "/" {
		return claimline.DateMention{}, false
	}
	a, b, y := atoi(x.g[1]), atoi(x.g[3]), atoi(x.g[5])
	if len(x.g[5]) == 2 {
		y = claimline.TwoDigitYear(y)
	}
	if x.g[2] == "." { // dots put the day first, in every language that writes them
		return day(y, b, a)
	}
	return numericReadings(a, b, y)
}

// numericReadings reads the numbers a/b/y as a date: the one reading that
// is a date, or both, unresolved, when either order gives a date.
func numericReadings(a, b, y int) (claimline.DateMention, bool) {
	dayFirst, okDM := date(y, b, a)
	monthFirst, okMD := date(y, a, b)
	switch {
	case okDM && okMD && a != b:
		r := []claimline.Date{dateOf(dayFirst), dateOf(monthFirst)}
		if monthFirst.Before(dayFirst) {
			r[0], r[1] = r[1], r[0]
		}
		return claimline.DateMention{Readings: r, Rule: "numeric date with two readings"}, true
	case okDM:
		return onDay(dayFirst), true
	case okMD:
		return onDay(monthFirst), true
	}
	return claimline.DateMention{}, false
}

// monthDaySpan is "August 19-22, 2024" or "Aug. 19–22": the days from
// the first to the last, the year as written or the one the sentence
// points to.
func monthDaySpan(x *match) (claimline.DateMention, bool) {
	return daySpan(x, x.g[1], atoi(x.g[2]), atoi(x.g[3]), x.g[4])
}

// daySpanMonth is "19-22 August 2024".
func daySpanMonth(x *match) (claimline.DateMention, bool) {
	return daySpan(x, x.g[3], atoi(x.g[1]), atoi(x.g[2]), x.g[4])
}

func daySpan(x *match, monthName string, from, to int, yearWords string) (claimline.DateMention, bool) {
	if yearWords == "" && !capitalised(monthName) {
		return claimline.DateMention{}, false
	}
	return daysOfMonth(x, month(monthName), from, to, yearWords)
}

// daysOfMonth is the days from to to of month mo, in the year written
// or else the one the sentence points to.
func daysOfMonth(x *match, mo, from, to int, yearWords string) (claimline.DateMention, bool) {
	if mo == 0 || from >= to {
		return claimline.DateMention{}, false
	}
	at := func(y int) (occurrence, bool) {
		a, okA := date(y, mo, from)
		b, okB := date(y, mo, to)
		return occurrence{from: dateOf(a), to: dateOf(b)}, okA && okB
	}
	if yearWords != "" {
		o, ok := at(atoi(yearWords))
		return claimline.DateMention{Date: o.from, EndDate: o.to, Resolved: true}, ok
	}
	if _, ok := at(2000); !ok {
		return claimline.DateMention{}, false
	}
	if x.pub.IsZero() {
		return unresolved(), true
	}
	w := x.way()
	o, ok := choose(x.pub, w, at)
	if !ok {
		return unresolved(), true
	}
	return relative(claimline.DateMention{Date: o.from, EndDate: o.to, Resolved: true}, "span of days without a year", w), true
}

// atTime gives a day its time of day: hour and minute, seconds (kept when
// not zero), and "a" or "p" for a.m. or p.m.
func atTime(m claimline.DateMention, hour, minute, second, ampm string) (claimline.DateMention, bool) {
	h, mi, s := atoi(hour), atoi(minute), atoi(second)
	switch strings.ToLower(ampm) {
	case "a":
		if h < 1 || h > 12 {
			return m, false
		}
		h %= 12
	case "p":
		if h < 1 || h > 12 {
			return m, false
		}
		h = h%12 + 12
	}
	if h > 23 || mi > 59 || s > 59 {
		return m, false
	}
	m.Date.Hour, m.Date.Minute, m.Date.Second, m.Date.Precision = h, mi, s, claimline.PrecisionMinute
	if s > 0 {
		m.Date.Precision = claimline.PrecisionSecond
	}
	return m, true
}

// timePatterns are a time of day written right after a date ("September
// 13, 2024 at 12:59 a.m. EDT", "Sep 14, 2024 - 05:00", "19-09-2025
// 15:41 IST") and right before one ("12:38, September 18, 2025", "04:27
// PM EDT, 09/18/2024"), compiled on first use.
var timePatterns = sync.OnceValue(func() [2]*regexp.Regexp {
	const t = `(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([AaPp])\.?\s?[Mm]\.?)?(?:\s([A-Z]{1,5})\b)?`
	return [2]*regexp.Regexp{
		regexp.MustCompile(`^(?:\s*,\s*(?:at\s+)?|\s+at\s+|\s*[-–—|@]\s*|\s+)` + t),
		regexp.MustCompile(`(?:^|[^\d:])` + t + `(?:\s*,\s*|\s*[-–—|]\s*|\s+on\s+|\s+)$`),
	}
})

// calendarRules are the rules whose days a dateline's time may follow.
const calendarRules = "ISO date|numeric date, year first|numeric date|day month year|month day year|day and month without a year|day with a full stop and month"

// withTimes joins a time of day written next to a date to it: the date
// then has the time's precision, and its words take in the time.
func withTimes(text string, ms []claimline.DateMention) []claimline.DateMention {
	for i := range ms {
		m := &ms[i]
		if !m.Resolved || m.Date.Precision != claimline.PrecisionDay || !m.EndDate.IsZero() || !fromCalendarRule(m.Rule) {
			continue
		}
		pats := timePatterns()
		if loc := pats[0].FindStringSubmatchIndex(text[m.End:min(len(text), m.End+40)]); loc != nil && !digitAt(text, m.End+loc[1]) {
			g := groups(text[m.End:], loc)
			if t, ok := atTime(*m, g[1], g[2], g[3], g[4]); ok && free(ms, i, m.End, m.End+loc[1]) {
				t.End = m.End + loc[1]
				*m = t
				m.Text = text[m.Start:m.End]
				continue
			}
		}
		from := max(0, m.Start-40)
		if loc := pats[1].FindStringSubmatchIndex(text[from:m.Start]); loc != nil {
			g := groups(text[from:], loc)
			start := from + loc[2] // the hour
			if t, ok := atTime(*m, g[1], g[2], g[3], g[4]); ok && free(ms, i, start, m.Start) {
				t.Start = start
				*m = t
				m.Text = text[m.Start:m.End]
			}
		}
	}
	return ms
}

func fromCalendarRule(rule string) bool {
	for _, r := range strings.Split(calendarRules, "|") {
		if strings.HasPrefix(rule, r) {
			return true
		}
	}
	return false
}

func digitAt(text string, i int) bool { return i < len(text) && isDigit(text[i]) }

// groups returns the groups of a match found in s.
func groups(s string, loc []int) []string {
	g := make([]string, len(loc)/2)
	for i := range g {
		if loc[2*i] >= 0 {
			g[i] = s[loc[2*i]:loc[2*i+1]]
		}
	}
	return g
}

// free reports whether no mention but ms[self] overlaps [a, b).
func free(ms []claimline.DateMention, self, a, b int) bool {
	for j, o := range ms {
		if j != self && a < o.End && o.Start < b {
			return false
		}
	}
	return true
}
