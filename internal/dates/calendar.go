package dates

import (
	"math"
	"regexp"
	"strings"
	"time"

	"claimline/internal/claimline"
)

// namedDayRule is one day with a name and a calendar rule: "Election
// Day", "Christmas", "Yom Kippur".
type namedDayRule struct {
	// names are the day's names, "|" between them; "'" stands for either
	// apostrophe, and a name followed by a longer one that begins with it
	// must come after it.
	names string
	// us: the name of a United States day that other countries give to
	// another ("Independence Day", "Thanksgiving"); after a possessive or a
	// capitalised word other than "US" ("Ukraine's Independence Day") it is
	// not read.
	us     bool
	approx bool // "Christmastime": about that day
	at     func(year int) (time.Time, bool)
}

// namedDays is the one table of named days and their rules. Longer names
// come before the shorter names inside them.
func namedDays() []namedDayRule {
	fixed := func(mo time.Month, d int) func(int) (time.Time, bool) {
		return func(y int) (time.Time, bool) { return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), true }
	}
	nth := func(mo time.Month, wd time.Weekday, n int) func(int) (time.Time, bool) {
		return func(y int) (time.Time, bool) { return nthWeekday(y, mo, wd, n), true }
	}
	fromEaster := func(days int) func(int) (time.Time, bool) {
		return func(y int) (time.Time, bool) { return easter(y).AddDate(0, 0, days), true }
	}
	fromRoshHashanah := func(days int) func(int) (time.Time, bool) {
		return func(y int) (time.Time, bool) { return roshHashanah(y).AddDate(0, 0, days), true }
	}
	thanksgiving := func(days int) func(int) (time.Time, bool) {
		return func(y int) (time.Time, bool) {
			return nthWeekday(y, time.November, time.Thursday, 4).AddDate(0, 0, days), true
		}
	}
	return []namedDayRule{
		// The United States: federal holidays, election and inauguration.
		{names: "Election Day|election day|Election day", at: func(y int) (time.Time, bool) {
			return nthWeekday(y, time.November, time.Monday, 1).AddDate(0, 0, 1), true // the Tuesday after the first Monday
		}},
		{names: "Inauguration Day|inauguration day|Inauguration day", at: func(y int) (time.Time, bool) {
			return time.Date(y, time.January, 20, 0, 0, 0, 0, time.UTC), y%4 == 1 // the year after a presidential election
		}},
		{names: "New Year's Eve", at: fixed(time.December, 31)},
		{names: "New Year's Day|New Year's", at: fixed(time.January, 1)},
		{names: "Martin Luther King Jr. Day|Martin Luther King Day|MLK Day", at: nth(time.January, time.Monday, 3)},
		{names: "Presidents' Day|Presidents Day|Washington's Birthday", at: nth(time.February, time.Monday, 3)},
		{names: "Memorial Day", us: true, at: nth(time.May, time.Monday, -1)},
		{names: "Juneteenth", at: fixed(time.June, 19)},
		{names: "Independence Day|Fourth of July|July Fourth", us: true, at: fixed(time.July, 4)},
		{names: "Labor Day", us: true, at: nth(time.September, time.Monday, 1)},
		{names: "Columbus Day|Indigenous Peoples' Day|Indigenous Peoples Day", at: nth(time.October, time.Monday, 2)},
		{names: "Veterans Day|Veterans' Day", at: fixed(time.November, 11)},
		{names: "Thanksgiving Day|Thanksgiving", us: true, at: thanksgiving(0)},
		{names: "Black Friday", at: thanksgiving(1)},
		{names: "Cyber Monday", at: thanksgiving(4)},
		{names: "Mother's Day", us: true, at: nth(time.May, time.Sunday, 2)},
		{names: "Father's Day", us: true, at: nth(time.June, time.Sunday, 3)},
		// Christian feasts, fixed and moving with Easter.
		{names: "Christmas Eve", at: fixed(time.December, 24)},
		{names: "Orthodox Christmas", at: fixed(time.January, 7)},
		{names: "Christmastime|Christmas season", approx: true, at: fixed(time.December, 25)},
		{names: "Christmas Day|Christmas", at: fixed(time.December, 25)},
		{names: "Boxing Day", at: fixed(time.December, 26)},
		{names: "Orthodox Easter", at: func(y int) (time.Time, bool) { return orthodoxEaster(y), true }},
		{names: "Easter Monday", at: fromEaster(1)},
		{names: "Easter Sunday|Easter", at: fromEaster(0)},
		{names: "Good Friday", at: fromEaster(-2)},
		{names: "Maundy Thursday|Holy Thursday", at: fromEaster(-3)},
		{names: "Palm Sunday", at: fromEaster(-7)},
		{names: "Ash Wednesday", at: fromEaster(-46)},
		{names: "Ascension Day", at: fromEaster(39)},
		{names: "Pentecost|Whit Sunday|Whitsunday", at: fromEaster(49)},
		// Jewish holidays, from the Hebrew calendar.
		{names: "Rosh Hashanah|Rosh Hashana", at: fromRoshHashanah(0)},
		{names: "Yom Kippur", at: fromRoshHashanah(9)},
		{names: "Sukkot", at: fromRoshHashanah(14)},
		{names: "Passover|Pesach", at: func(y int) (time.Time, bool) { return passover(y), true }},
		// Other countries' days and days kept worldwide.
		{names: "Remembrance Sunday", at: nth(time.November, time.Sunday, 2)},
		{names: "Armistice Day|Remembrance Day", at: fixed(time.November, 11)},
		{names: "Guy Fawkes Night|Bonfire Night", at: fixed(time.November, 5)},
		{names: "Bastille Day", at: fixed(time.July, 14)},
		{names: "Canada Day", at: fixed(time.July, 1)},
		{names: "Australia Day", at: fixed(time.January, 26)},
		{names: "Anzac Day", at: fixed(time.April, 25)},
		{names: "St. Patrick's Day|St Patrick's Day", at: fixed(time.March, 17)},
		{names: "Valentine's Day", at: fixed(time.February, 14)},
		{names: "International Women's Day", at: fixed(time.March, 8)},
		{names: "May Day", at: fixed(time.May, 1)},
		{names: "Earth Day", at: fixed(time.April, 22)},
		{names: "Groundhog Day", at: fixed(time.February, 2)},
		{names: "Halloween", at: fixed(time.October, 31)},
	}
}

// namedDayPattern is the table's names, each day its own group, and an
// optional year after them.
func namedDayPattern() string {
	var alts []string
	for _, r := range namedDays() {
		var names []string
		for _, n := range splitNames(r.names) {
			names = append(names, strings.ReplaceAll(regexp.QuoteMeta(n), "'", "['’]"))
		}
		alts = append(alts, "("+strings.Join(names, "|")+")")
	}
	return `\b(?:` + strings.Join(alts, "|") + `)(?:,? (\d{4}))?\b`
}

// splitNames returns the names of one named day.
func splitNames(names string) []string { return strings.Split(names, "|") }

// namedDayStart returns whether a word (in lower case) begins a name of
// the table.
func namedDayStart() func(word) bool {
	first := map[string]bool{}
	for _, r := range namedDays() {
		for _, n := range splitNames(r.names) {
			w, _, _ := strings.Cut(strings.ToLower(n), " ")
			first[strings.TrimSuffix(strings.TrimSuffix(w, "'s"), ".")] = true
		}
	}
	return func(w word) bool { return first[strings.TrimSuffix(possessive(w.low), ".")] }
}

// namedDay resolves a name of the table: its day in the year written
// after it, or else the occurrence the sentence points to.
func namedDay(x *match) (claimline.DateMention, bool) {
	days := namedDays()
	var r namedDayRule
	for i := range days {
		if x.g[i+1] != "" {
			r = days[i]
		}
	}
	next := wordAfter(x.text, x.end)
	if next == "Island" || next == "Islands" { // Easter Island, Christmas Island
		return claimline.DateMention{}, false
	}
	if prev, capital, start := wordBefore(x.text, x.start); r.us && !start && !(prev == "US" || prev == "U.S" || prev == "American") &&
		(capital || strings.HasSuffix(x.text[:x.start], "’s ") || strings.HasSuffix(x.text[:x.start], "'s ")) {
		return claimline.DateMention{}, false
	}
	if y := x.g[len(x.g)-1]; y != "" {
		t, ok := r.at(atoi(y))
		if !ok {
			return claimline.DateMention{}, false
		}
		m := onDay(t)
		m.Approximate = r.approx
		return m, true
	}
	if x.pub.IsZero() {
		return unresolved(), true
	}
	w := x.way()
	got, ok := choose(x.pub, w, func(y int) (occurrence, bool) {
		t, ok := r.at(y)
		return occurrence{from: dateOf(t)}, ok
	})
	if !ok {
		return unresolved(), true
	}
	m := relative(claimline.DateMention{Date: got.from, Resolved: true}, "named day", w)
	m.Approximate = r.approx
	return m, true
}

// nthWeekday is the n-th weekday wd of a month (n = -1: the last).
func nthWeekday(y int, mo time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		last := time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	first := time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
}

// easter is Easter Sunday in the Gregorian calendar (the anonymous
// Gregorian algorithm, as Meeus gives it).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// orthodoxEaster is the Orthodox Easter Sunday (the Julian computus),
// given in the Gregorian calendar.
func orthodoxEaster(y int) time.Time {
	a, b, c := y%4, y%7, y%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, julianLag(y))
}

// julianLag is how many days the Julian calendar lags the Gregorian in
// the spring of year y (13 from 1900 to 2099).
func julianLag(y int) int { return y/100 - y/400 - 2 }

// passover is the first day of Passover, 15 Nisan, in the Gregorian year
// y, by Gauss's rule.
func passover(y int) time.Time {
	a, b := (12*y+12)%19, y%4
	q := 20.0955877 + 1.5542418*float64(a) + 0.25*float64(b) - 0.003177794*float64(y)
	m := int(math.Floor(q))
	frac := q - float64(m)
	switch c := (m + 3*y + 5*b + 1) % 7; {
	case c == 2 || c == 4 || c == 6:
		m++
	case c == 1 && a > 6 && frac >= 0.63287037:
		m += 2
	case c == 0 && a > 11 && frac >= 0.89772376:
		m++
	}
	return time.Date(y, time.March, m, 0, 0, 0, 0, time.UTC).AddDate(0, 0, julianLag(y))
}

// roshHashanah is the first day of the Jewish new year (1 Tishrei) in the
// Gregorian year y: always 163 days after the first day of Passover.
func roshHashanah(y int) time.Time { return passover(y).AddDate(0, 0, 163) }
