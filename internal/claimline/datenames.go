package claimline

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// otherMonths are the names of the months in Norwegian (bokmål and
// nynorsk), Danish, Swedish and German, in full and as they are cut short,
// lower-cased. Names English writes alike ("april", "august") are here too,
// so that the list alone says what a Nordic or German text may write.
var otherMonths = map[string]int{
	"januar": 1, "januari": 1, "jänner": 1, "jan": 1,
	"februar": 2, "februari": 2, "feb": 2,
	"mars": 3, "marts": 3, "märz": 3, "maerz": 3, "mär": 3, "mar": 3,
	"april": 4, "apr": 4,
	"mai": 5, "maj": 5,
	"juni": 6, "jun": 6,
	"juli": 7, "jul": 7,
	"august": 8, "augusti": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10,
	"november": 11, "nov": 11,
	"desember": 12, "december": 12, "dezember": 12, "des": 12, "dez": 12, "dec": 12,
}

// OtherMonthNames returns the names of otherMonths, lower-cased, in no
// order: a reader of dates builds its patterns from them.
func OtherMonthNames() []string {
	return slices.Collect(maps.Keys(otherMonths))
}

// OtherMonth returns the month a Norwegian, Danish, Swedish or German name
// or abbreviation stands for ("januar", "Mai", "März", "des."), in any case
// and with or without a full stop; 0 if it is none.
func OtherMonth(w string) int {
	return otherMonths[strings.TrimSuffix(strings.ToLower(w), ".")]
}

// frenchMonths are the months in French, in full and as French cuts them
// short, with and without accents. They are apart from otherMonths: French
// writes no day with a full stop, and its running text is read by rules of
// its own (internal/dates).
var frenchMonths = map[string]int{
	"janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4,
	"mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "sept": 9,
	"octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}

// frenchWeekdays are the weekdays in French.
var frenchWeekdays = map[string]time.Weekday{
	"lundi": time.Monday, "mardi": time.Tuesday, "mercredi": time.Wednesday, "jeudi": time.Thursday,
	"vendredi": time.Friday, "samedi": time.Saturday, "dimanche": time.Sunday,
}

// FrenchMonthNames and FrenchWeekdayNames return the French names,
// lower-cased, in no order: a reader of dates builds its patterns from them.
func FrenchMonthNames() []string   { return slices.Collect(maps.Keys(frenchMonths)) }
func FrenchWeekdayNames() []string { return slices.Collect(maps.Keys(frenchWeekdays)) }

// FrenchMonth returns the month a French name or abbreviation stands for
// ("janvier", "févr."), in any case and with or without a full stop; 0 if
// it is none.
func FrenchMonth(w string) int {
	return frenchMonths[strings.TrimSuffix(strings.ToLower(w), ".")]
}

// FrenchWeekday returns the weekday a French name stands for, in any case,
// and whether it names one.
func FrenchWeekday(w string) (time.Weekday, bool) {
	d, ok := frenchWeekdays[strings.ToLower(w)]
	return d, ok
}

// otherWeekdays are the weekdays in Norwegian, Danish, Swedish and German.
var otherWeekdays = map[string]time.Weekday{
	"mandag": time.Monday, "måndag": time.Monday, "montag": time.Monday,
	"tirsdag": time.Tuesday, "tysdag": time.Tuesday, "tisdag": time.Tuesday, "dienstag": time.Tuesday,
	"onsdag": time.Wednesday, "mittwoch": time.Wednesday,
	"torsdag": time.Thursday, "donnerstag": time.Thursday,
	"fredag": time.Friday, "freitag": time.Friday,
	"lørdag": time.Saturday, "laurdag": time.Saturday, "lördag": time.Saturday, "samstag": time.Saturday, "sonnabend": time.Saturday,
	"søndag": time.Sunday, "sundag": time.Sunday, "söndag": time.Sunday, "sonntag": time.Sunday,
}

// ParseWeekday returns the weekday a word names, in English in full or
// cut short ("Fri", "Thurs.") or in Norwegian, Danish, Swedish, German or
// French,
// and whether it names one.
func ParseWeekday(f string) (time.Weekday, bool) {
	f = strings.TrimSuffix(strings.ToLower(f), ".")
	if d, ok := otherWeekdays[f]; ok {
		return d, true
	}
	if d, ok := frenchWeekdays[f]; ok {
		return d, true
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		full := strings.ToLower(d.String())
		if len(f) >= 3 && strings.HasPrefix(full, f) {
			return d, true
		}
	}
	return 0, false
}

// TwoDigitYear returns the year a two-digit year stands for: 00 to 68 are
// 2000 to 2068, and 69 to 99 are 1969 to 1999, as POSIX and most software
// read them.
func TwoDigitYear(yy int) int {
	if yy < 69 {
		return 2000 + yy
	}
	return 1900 + yy
}
