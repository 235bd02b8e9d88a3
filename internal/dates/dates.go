// Package dates finds date expressions in article text ("on Thursday",
// "in October 2023", "Sept. 12", "last week") and resolves them, relative
// ones against the article's published date. It keeps each date at the
// precision the words give: "October 2023" is a month, never 1 October.
//
// The rules, in the order they are tried (an expression already matched is
// never matched again by a later rule):
//
//   - absolute dates: "2024-09-12", "12 September 2024", "September 12,
//     2024", "Sept. 12" and "12 Sep" (the year taken from publication),
//     "October 2023" (a month), a bare year from 1900 to 2099 (a year);
//   - relative spans: "this week", "earlier this week", "last week", "this
//     month", "earlier this month", "last month", "this year", "last year",
//     "N days ago", "a week ago", "two years ago" (approximate unless they
//     name one day);
//   - a weekday, alone or after "on" or "last" ("on Thursday",
//     "Thursday's"): the most recent such day on or before publication
//     ("last Thursday": strictly before);
//   - "yesterday", "today", "tomorrow".
//
// Month names count only next to a day or a year, so "may" and "March" as
// words are not dates. A relative expression in a text without a published
// date (or one too coarse for it) is returned unresolved.
package dates

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"claimline/internal/claimline"
)

const monthRE = `(january|february|march|april|may|june|july|august|september|october|november|december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|nov\.?|dec\.?)`

const weekdayRE = `(monday|tuesday|wednesday|thursday|friday|saturday|sunday)`

// rule is one kind of expression: its pattern and how it resolves.
type rule struct {
	re      *regexp.Regexp
	name    string
	resolve func(m []string, pub claimline.Date) (claimline.DateMention, bool)
}

var rules = []rule{
	{regexp.MustCompile(`(?i)\b(\d{4})-(\d{2})-(\d{2})\b`), "ISO date", func(m []string, _ claimline.Date) (claimline.DateMention, bool) {
		return day(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}},
	{regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)? ` + monthRE + `,? (\d{4})\b`), "day month year", func(m []string, _ claimline.Date) (claimline.DateMention, bool) {
		return day(atoi(m[3]), month(m[2]), atoi(m[1]))
	}},
	{regexp.MustCompile(`(?i)\b` + monthRE + ` (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`), "month day year", func(m []string, _ claimline.Date) (claimline.DateMention, bool) {
		return day(atoi(m[3]), month(m[1]), atoi(m[2]))
	}},
	{regexp.MustCompile(`(?i)\b` + monthRE + ` (\d{1,2})(?:st|nd|rd|th)?\b`), "month and day, year of publication", func(m []string, pub claimline.Date) (claimline.DateMention, bool) {
		return dayThisYear(month(m[1]), atoi(m[2]), pub)
	}},
	{regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)? ` + monthRE + `(?:\b|$)`), "day and month, year of publication", func(m []string, pub claimline.Date) (claimline.DateMention, bool) {
		return dayThisYear(month(m[2]), atoi(m[1]), pub)
	}},
	{regexp.MustCompile(`(?i)\b` + monthRE + `,? (\d{4})\b`), "month and year", func(m []string, _ claimline.Date) (claimline.DateMention, bool) {
		mo, y := month(m[1]), atoi(m[2])
		if mo == 0 {
			return claimline.DateMention{}, false
		}
		return claimline.DateMention{Date: claimline.Date{Year: y, Month: mo, Precision: claimline.PrecisionMonth}, Resolved: true}, true
	}},
	{regexp.MustCompile(`(?i)\b(earlier this|this|last|past) (week|month|year)\b`), "this or last week, month or year", span},
	{regexp.MustCompile(`(?i)\b(a|an|one|two|three|four|five|six|seven|\d{1,2}) (day|days|week|weeks|month|months|year|years) ago\b`), "days, weeks, months or years ago", ago},
	{regexp.MustCompile(`(?i)\b(?:(on|last) ?)?` + weekdayRE + `\b`), "weekday on or before publication", weekday},
	{regexp.MustCompile(`(?i)\b(yesterday|today|tomorrow)\b`), "yesterday, today, tomorrow", func(m []string, pub claimline.Date) (claimline.DateMention, bool) {
		if !hasDay(pub) {
			return unresolved(), true
		}
		d := map[string]int{"yesterday": -1, "today": 0, "tomorrow": 1}[strings.ToLower(m[1])]
		return onDay(pub.Start().AddDate(0, 0, d)), true
	}},
	{regexp.MustCompile(`\b(19\d\d|20\d\d)\b`), "year", func(m []string, _ claimline.Date) (claimline.DateMention, bool) {
		return claimline.DateMention{Date: claimline.Date{Year: atoi(m[1]), Precision: claimline.PrecisionYear}, Resolved: true}, true
	}},
}

// Find returns every date expression in text, in order of position, each
// resolved against published (which may be zero: then relative ones are
// unresolved).
func Find(text string, published claimline.Date) []claimline.DateMention {
	var out []claimline.DateMention
	taken := func(a, b int) bool {
		for _, m := range out {
			if a < m.End && m.Start < b {
				return true
			}
		}
		return false
	}
	for _, r := range rules {
		for _, loc := range r.re.FindAllStringSubmatchIndex(text, -1) {
			a, b := loc[0], loc[1]
			if taken(a, b) || !standsAlone(text, a, b) {
				continue
			}
			groups := make([]string, len(loc)/2)
			for i := range groups {
				if loc[2*i] >= 0 {
					groups[i] = text[loc[2*i]:loc[2*i+1]]
				}
			}
			m, ok := r.resolve(groups, published)
			if !ok {
				continue
			}
			m.Start, m.End, m.Text, m.Rule = a, b, text[a:b], r.name
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// standsAlone refuses a match inside a longer number ("12,2024" or
// "2024.5") or glued to letters, except "onTuesday" as written in one seed.
func standsAlone(text string, a, b int) bool {
	if a > 0 && (isDigit(text[a-1]) || text[a-1] == ',' && a > 1 && isDigit(text[a-2])) {
		return false
	}
	if b < len(text) && (isDigit(text[b]) || (text[b] == '.' || text[b] == ',') && b+1 < len(text) && isDigit(text[b+1])) {
		return false
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// month returns the month a name or abbreviation stands for, 0 if none.
func month(s string) int {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	for i := 1; i <= 12; i++ {
		if full := strings.ToLower(time.Month(i).String()); strings.HasPrefix(full, s) && len(s) >= 3 {
			return i
		}
	}
	return 0
}

func hasDay(d claimline.Date) bool { return d.Precision >= claimline.PrecisionDay }

func unresolved() claimline.DateMention { return claimline.DateMention{Relative: true} }

// day is an absolute day, refused when it is not a real date.
func day(y, mo, d int) (claimline.DateMention, bool) {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if mo < 1 || mo > 12 || t.Day() != d || t.Month() != time.Month(mo) {
		return claimline.DateMention{}, false
	}
	return onDay(t), true
}

func onDay(t time.Time) claimline.DateMention {
	return claimline.DateMention{Date: claimline.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: claimline.PrecisionDay}, Resolved: true}
}

func dateOf(t time.Time) claimline.Date {
	return claimline.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: claimline.PrecisionDay}
}

// dayThisYear is a day written without its year: the year of publication.
func dayThisYear(mo, d int, pub claimline.Date) (claimline.DateMention, bool) {
	if mo == 0 {
		return claimline.DateMention{}, false
	}
	if _, ok := day(2000, mo, d); !ok { // a leap year: 29 February may be
		return claimline.DateMention{}, false
	}
	if pub.IsZero() {
		return unresolved(), true
	}
	m, ok := day(pub.Year, mo, d)
	m.Relative = true
	return m, ok
}

// weekday is the most recent such day on or before publication ("last":
// strictly before).
func weekday(m []string, pub claimline.Date) (claimline.DateMention, bool) {
	if !hasDay(pub) {
		return unresolved(), true
	}
	want := -1
	for i := time.Sunday; i <= time.Saturday; i++ {
		if strings.EqualFold(i.String(), m[2]) {
			want = int(i)
		}
	}
	t := pub.Start()
	back := (int(t.Weekday()) - want + 7) % 7
	if back == 0 && strings.EqualFold(m[1], "last") {
		back = 7
	}
	out := onDay(t.AddDate(0, 0, -back))
	out.Relative = true
	return out, true
}

// span resolves "this week", "earlier this month", "last year" and the like.
func span(m []string, pub claimline.Date) (claimline.DateMention, bool) {
	which, unit := strings.ToLower(m[1]), strings.ToLower(m[2])
	need := map[string]claimline.Precision{"week": claimline.PrecisionDay, "month": claimline.PrecisionMonth, "year": claimline.PrecisionYear}[unit]
	if pub.Precision < need {
		return unresolved(), true
	}
	out := claimline.DateMention{Relative: true, Resolved: true, Approximate: unit == "week" || which == "earlier this"}
	t := pub.Start()
	switch unit {
	case "week":
		monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		switch which {
		case "last", "past":
			monday = monday.AddDate(0, 0, -7)
			out.Date, out.EndDate = dateOf(monday), dateOf(monday.AddDate(0, 0, 6))
		case "earlier this":
			out.Date, out.EndDate = dateOf(monday), dateOf(t.AddDate(0, 0, -1))
			if !monday.Before(t) {
				out.EndDate = dateOf(monday)
			}
		default:
			out.Date, out.EndDate = dateOf(monday), dateOf(t)
		}
	case "month":
		if which == "last" || which == "past" {
			t = t.AddDate(0, -1, 0)
		}
		out.Date = claimline.Date{Year: t.Year(), Month: int(t.Month()), Precision: claimline.PrecisionMonth}
	case "year":
		if which == "last" || which == "past" {
			t = t.AddDate(-1, 0, 0)
		}
		out.Date = claimline.Date{Year: t.Year(), Precision: claimline.PrecisionYear}
	}
	if out.EndDate == out.Date {
		out.EndDate = claimline.Date{}
	}
	return out, true
}

var numbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

// ago resolves "3 days ago" (a day), "two weeks ago" (a day, approximate),
// "a month ago" and "two years ago" (the month or year, approximate).
func ago(m []string, pub claimline.Date) (claimline.DateMention, bool) {
	if !hasDay(pub) {
		return unresolved(), true
	}
	n, ok := numbers[strings.ToLower(m[1])]
	if !ok {
		n = atoi(m[1])
	}
	t := pub.Start()
	out := claimline.DateMention{Relative: true, Resolved: true, Approximate: true}
	switch unit := strings.ToLower(m[2]); {
	case strings.HasPrefix(unit, "day"):
		out = onDay(t.AddDate(0, 0, -n))
		out.Relative = true
	case strings.HasPrefix(unit, "week"):
		out.Date = dateOf(t.AddDate(0, 0, -7*n))
	case strings.HasPrefix(unit, "month"):
		t = t.AddDate(0, -n, 0)
		out.Date = claimline.Date{Year: t.Year(), Month: int(t.Month()), Precision: claimline.PrecisionMonth}
	default:
		out.Date = claimline.Date{Year: t.Year() - n, Precision: claimline.PrecisionYear}
	}
	return out, true
}
