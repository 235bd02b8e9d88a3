package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"claimline/internal/search"
)

// Dates. Almost every report of a story names its month and year, and a
// byline its day: a date's words say when, not what, and are weak evidence
// that a passage speaks to a claim. Terms says which terms are a date's
// (Term.Date), so that the suggestions can count them as one.

// DatePart is the part of a date a term is, if any.
type DatePart int

// The parts of a date.
const (
	NoDate  DatePart = iota
	Month            // a month's name: "January", "janvier", "Jan."
	Weekday          // a weekday's name: "Friday", "vendredi"
	Year             // a year in digits, 1900 to 2099: "2024"
	Day              // a day of the month, a number next to a month's name: the "9" of "9 January"
)

// The months' and weekdays' names in the languages whose dates the reader
// knows (internal/dates): English, French, Norwegian, Danish, Swedish and
// German, lower-cased, with and without their accents. English "may" is a
// function word (StopWord) and never a term.
var (
	monthNames = setOf(`january february march april may june july august september october november december
		janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
		januar januari jänner februar februari marts märz maerz maj juni juli augusti oktober desember dezember`)
	weekdayNames = setOf(`monday tuesday wednesday thursday friday saturday sunday
		lundi mardi mercredi jeudi vendredi samedi dimanche
		mandag måndag montag tirsdag tysdag tisdag dienstag onsdag mittwoch torsdag donnerstag
		fredag freitag lørdag laurdag lördag samstag sonnabend søndag sundag söndag sonntag`)
	// Cut short, a month's name counts only capitalised, as datelines
	// write it ("Jan. 9", "9 Sept"): in lower case "sept", "des" and "mar"
	// are other words.
	monthAbbreviations = setOf(`jan feb mar apr jun jul aug sep sept oct nov dec
		janv févr fevr avr juil déc okt des dez mär`)
)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// monthName reports whether a word is a month's name.
func monthName(w string) bool {
	low := strings.ToLower(w)
	first, _ := utf8.DecodeRuneInString(w)
	return monthNames[low] || monthAbbreviations[low] && unicode.IsUpper(first)
}

// wordDate returns the part of a date a word is: a month's or a weekday's
// name, or none.
func wordDate(w string) DatePart {
	switch {
	case monthName(w):
		return Month
	case weekdayNames[strings.ToLower(w)]:
		return Weekday
	}
	return NoDate
}

// numberDate returns the part of a date the number q, words[i:i+n] of
// text, is: a year when written in four digits from 1900 to 2099, a day
// when a whole number from 1 to 31 stands next to a month's name
// (NextToMonth), or none.
func numberDate(text string, words []search.Word, i, n int, q quantity) DatePart {
	if q.unit != nil || q.grouped || q.value != float64(int(q.value)) {
		return NoDate
	}
	if v := int(q.value); v >= 1900 && v < 2100 && !q.ordinal && n == 1 && allDigits(word(text, words, i)) {
		return Year
	}
	if q.value >= 1 && q.value <= 31 && NextToMonth(text, words, i, n) {
		return Day
	}
	return NoDate
}

// NextToMonth reports whether words[i:i+n] of text, a number, stand next
// to a month's name, as a day of the month does: "9 January", "January 9",
// "9. Januar", "9th of January".
func NextToMonth(text string, words []search.Word, i, n int) bool {
	name := func(k int) bool { return k >= 0 && k < len(words) && monthName(text[words[k].Start:words[k].End]) }
	return name(i-1) || name(i+n) || i+n+1 < len(words) && word(text, words, i+n) == "of" && name(i+n+1)
}
