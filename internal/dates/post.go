package dates

import (
	"regexp"
	"strings"
	"sync"

	"claimline/internal/claimline"
)

// weekdaysWithDates joins a weekday to the date written right after it
// ("Tuesday, Sept. 30, 2025", "Thursday (September 26)") when they name
// the same day: one mark, with the date's value. A weekday that does not
// match its date keeps its own reading.
func weekdaysWithDates(text string, ms []claimline.DateMention) []claimline.DateMention {
	var out []claimline.DateMention
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if i+1 < len(ms) && strings.HasPrefix(m.Rule, "weekday") {
			n := ms[i+1]
			gap := text[m.End:n.Start]
			g := strings.TrimSpace(gap)
			if (g == "" && gap != "" || g == "," || g == "(") && n.Resolved && n.EndDate.IsZero() && hasDay(n.Date) &&
				n.Date.Start().Weekday() == weekdayOf(lastWord(m.Text)) {
				n.Start, n.Rule = m.Start, "weekday and date"
				if g == "(" && strings.HasPrefix(text[n.End:], ")") {
					n.End++
				}
				n.Text = text[n.Start:n.End]
				out = append(out, n)
				i++
				continue
			}
		}
		out = append(out, m)
	}
	return out
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
