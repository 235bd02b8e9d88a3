package dates

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"claimline/internal/claimline"
)

// weekdaysWithDates joins a weekday to the date written right after it
// ("Tuesday, Sept. 30, 2025", "Thursday (September 26)", "Fri 5 May 2023")
// when they name the same day: one mark, with the date's value. A weekday
// written in full before a date with its year that is another weekday
// ("Monday 5 May 2023", a Friday) is one mark too, with the date as
// written and a rule that says the weekday disagrees: reading the weekday
// on its own would make up a day from the published date. A weekday that
// points from publication itself ("this Sunday (June 21, 2024)", written on
// Sunday 21 July) keeps its own reading, as does one before a date without
// its year: either may be the one the writer got wrong.
func weekdaysWithDates(text string, ms []claimline.DateMention) []claimline.DateMention {
	var out []claimline.DateMention
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if i+1 < len(ms) && strings.HasPrefix(m.Rule, "weekday") {
			n := ms[i+1]
			gap := text[m.End:n.Start]
			g := strings.TrimSpace(gap)
			if (g == "" && gap != "" || g == "," || g == "(") && n.Resolved && n.EndDate.IsZero() && hasDay(n.Date) {
				wd, is := weekdayOf(lastWord(m.Text)), n.Date.Start().Weekday()
				if wd == is || !n.Relative && g != "(" && !pointsFromPublication(m.Text) {
					n.Start, n.Rule = m.Start, "weekday and date"
					if wd != is {
						n.Rule = "weekday and date that disagree (" + n.Date.Display() + " is a " + is.String() + "): the date as written"
					}
					if g == "(" && strings.HasPrefix(text[n.End:], ")") {
						n.End++
					}
					n.Text = text[n.Start:n.End]
					out = append(out, n)
					i++
					continue
				}
			}
		}
		out = append(out, withShortWeekday(text, m, out))
	}
	return out
}

// pointsFromPublication says whether a weekday's words count from the
// time of writing: "this Sunday", "last Monday", "next Friday", "lundi
// dernier".
func pointsFromPublication(words string) bool {
	first, rest, _ := strings.Cut(strings.ToLower(words), " ")
	return first == "this" || first == "last" || first == "next" || first == "coming" || rest == "dernier" || rest == "prochain"
}

// shortWeekday is a weekday cut short right before a date: "Fri 5 May",
// "Thu, 04 May 2023".
var shortWeekday = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\pL\d])((Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN)\.?,? )$`)
})

// withShortWeekday takes a weekday cut short into the mark of the date
// after it when it is the date's weekday; else, not being surely a
// weekday ("Sun" may be a newspaper), it is left alone.
func withShortWeekday(text string, m claimline.DateMention, before []claimline.DateMention) claimline.DateMention {
	if !m.Resolved || !m.EndDate.IsZero() || !hasDay(m.Date) || strings.HasPrefix(m.Rule, "weekday") {
		return m
	}
	// "Thurs., " has 8 bytes; the window holds the character before it
	// too, whole, so that "ÆThurs." is not taken for a weekday.
	from := max(0, m.Start-12)
	for from > 0 && !utf8.RuneStart(text[from]) {
		from--
	}
	g := shortWeekday().FindStringSubmatchIndex(text[from:m.Start])
	if g == nil {
		return m
	}
	if wd, ok := claimline.ParseWeekday(text[from+g[4] : from+g[5]]); !ok || wd != m.Date.Start().Weekday() {
		return m
	}
	if start := from + g[2]; len(before) == 0 || before[len(before)-1].End <= start {
		m.Start, m.Rule = start, "weekday and date"
		m.Text = text[m.Start:m.End]
	}
	return m
}

// lastWord returns the last word of s without a possessive: "on
// Thursday's" gives "Thursday".
func lastWord(s string) string {
	f := strings.Fields(s)
	w := f[len(f)-1]
	w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
	if len(w) > 2 && strings.EqualFold(w[:2], "on") && capitalised(w[2:]) { // "onTuesday"
		w = w[2:]
	}
	return w
}

// speechVerb finds a verb of speech, for an attribution.
var speechVerb = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(said|says|told|tells|stated|added|warned|wrote|posted|declared|announced|remarked|insisted)\b`)
})

// speechDays reads "today", "tomorrow" and the like inside a quotation
// from the day the quotation was said, when its attribution in the same
// sentence gives that day: in “…we wake up tomorrow morning…,” DeSantis
// said at a news conference Thursday night, "tomorrow morning" is Friday
// whenever the report was published.
func speechDays(text string, ms []claimline.DateMention) []claimline.DateMention {
	for i := range ms {
		m := &ms[i]
		if !strings.HasPrefix(m.Rule, "part of a day") || !m.Resolved {
			continue
		}
		_, closeAt, ok := quotationAround(text, m.Start)
		if !ok {
			continue
		}
		_, sb := sentenceBounds(text, closeAt, closeAt)
		attribution := text[closeAt:sb]
		if !speechVerb().MatchString(attribution) {
			continue
		}
		for _, n := range ms {
			if n.Start >= closeAt && n.End <= sb && n.Resolved && n.Date.Precision == claimline.PrecisionDay && n.EndDate.IsZero() &&
				!strings.HasPrefix(n.Rule, "part of a day") {
				r := onDay(n.Date.Start().AddDate(0, 0, dayOffset(m.Text)))
				m.Date, m.Rule = r.Date, "part of a day (from the day it was said: “"+n.Text+"”)"
				break
			}
		}
	}
	return ms
}

// quotationAround returns the quotation, within its paragraph, that holds
// byte at: the offsets just after its opening mark and just after its
// closing mark.
func quotationAround(text string, at int) (int, int, bool) {
	pa := strings.LastIndexByte(text[:at], '\n') + 1
	pb := len(text)
	if j := strings.IndexByte(text[at:], '\n'); j >= 0 {
		pb = at + j
	}
	if o, c := strings.LastIndex(text[pa:at], "“"), strings.LastIndex(text[pa:at], "”"); o >= 0 && o > c {
		if j := strings.Index(text[at:pb], "”"); j >= 0 {
			return pa + o + len("“"), at + j + len("”"), true
		}
	}
	if strings.Count(text[pa:at], `"`)%2 == 1 {
		if j := strings.IndexByte(text[at:pb], '"'); j >= 0 {
			return strings.LastIndexByte(text[:at], '"') + 1, at + j + 1, true
		}
	}
	return 0, 0, false
}
