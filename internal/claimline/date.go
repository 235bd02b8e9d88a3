package claimline

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Precision says how much of a Date is known.
type Precision int

// Precisions from coarsest to finest. The zero value means "no date".
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
	PrecisionMinute
	PrecisionSecond // kept only when the seconds are not zero
)

// String names the precision as shown to users ("year", "month", ...).
func (p Precision) String() string {
	return [...]string{"none", "year", "month", "day", "day and time", "day and time"}[p]
}

// Date is a calendar date known to a precision: a year, a month, a day, or a
// day and a time of day. Fields finer than the precision are zero.
//
// Its ISO form ("2024", "2023-10", "2024-09-12", "2024-09-12T14:30") is what
// is stored, exported and sorted on: compared as byte strings, a coarser date
// sorts before every finer date inside it, so "2023-10" comes before
// "2023-10-01".
type Date struct {
	Year, Month, Day, Hour, Minute, Second int
	Precision                              Precision
}

// IsZero reports whether d holds no date.
func (d Date) IsZero() bool { return d.Precision == PrecisionNone }

// ISO returns d in ISO 8601 form at its precision, or "" for the zero Date.
func (d Date) ISO() string {
	if d.Precision == PrecisionNone {
		return ""
	}
	// Built by hand rather than with fmt: exports format a date per row.
	b := make([]byte, 0, len("2006-01-02T15:04:05"))
	b = appendDigits(b, d.Year, 4)
	if d.Precision >= PrecisionMonth {
		b = appendDigits(append(b, '-'), d.Month, 2)
	}
	if d.Precision >= PrecisionDay {
		b = appendDigits(append(b, '-'), d.Day, 2)
	}
	if d.Precision >= PrecisionMinute {
		b = appendDigits(append(appendDigits(append(b, 'T'), d.Hour, 2), ':'), d.Minute, 2)
	}
	if d.Precision >= PrecisionSecond {
		b = appendDigits(append(b, ':'), d.Second, 2)
	}
	return string(b)
}

// appendDigits appends n, zero-padded to width digits.
func appendDigits(b []byte, n, width int) []byte {
	var buf [8]byte
	i := len(buf)
	for ; n > 0 || i > len(buf)-width; n /= 10 {
		i--
		buf[i] = byte('0' + n%10)
	}
	return append(b, buf[i:]...)
}

// String returns the ISO form.
func (d Date) String() string { return d.ISO() }

var shortMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Display returns d as people read it, at its precision and never finer:
// "2024", "Oct 2023", "12 Sep 2024", "12 Sep 2024, 14:30".
func (d Date) Display() string {
	switch d.Precision {
	case PrecisionYear:
		return strconv.Itoa(d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%s %d", shortMonths[d.Month-1], d.Year)
	case PrecisionDay:
		return fmt.Sprintf("%d %s %d", d.Day, shortMonths[d.Month-1], d.Year)
	case PrecisionMinute:
		return fmt.Sprintf("%d %s %d, %02d:%02d", d.Day, shortMonths[d.Month-1], d.Year, d.Hour, d.Minute)
	case PrecisionSecond:
		return fmt.Sprintf("%d %s %d, %02d:%02d:%02d", d.Day, shortMonths[d.Month-1], d.Year, d.Hour, d.Minute, d.Second)
	}
	return ""
}

// DayOnly returns d cut to its day: a date with a time loses the time, and a
// coarser one is returned as it is.
func (d Date) DayOnly() Date {
	if d.Precision <= PrecisionDay {
		return d
	}
	return Date{Year: d.Year, Month: d.Month, Day: d.Day, Precision: PrecisionDay}
}

// FormatDate returns Display with a "c. " prefix when approximate.
func FormatDate(d Date, approximate bool) string {
	if approximate && !d.IsZero() {
		return "c. " + d.Display()
	}
	return d.Display()
}

// Start returns the first instant of d in UTC (the zero time for no date).
func (d Date) Start() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	month, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(month), day, d.Hour, d.Minute, d.Second, 0, time.UTC)
}

// End returns the instant just after d: a month-precision date ends when the
// next month begins.
func (d Date) End() time.Time {
	s := d.Start()
	switch d.Precision {
	case PrecisionYear:
		return s.AddDate(1, 0, 0)
	case PrecisionMonth:
		return s.AddDate(0, 1, 0)
	case PrecisionDay:
		return s.AddDate(0, 0, 1)
	case PrecisionSecond:
		return s.Add(time.Second)
	}
	return s.Add(time.Minute)
}

// Before reports whether d sorts before o in a timeline.
func (d Date) Before(o Date) bool { return d.ISO() < o.ISO() }

// The patterns are compiled when first used, not at every start (package
// initialisers run before main, whatever the command).
var (
	reISO = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:(?:[ T]|, ?| at )(\d{1,2}):(\d{2}))?)?)?$`)
	})
	reMonthYr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{1,2})[/.](\d{4})$`) })
	reDMY     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$`) })
	reSpaces  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
	approxPfx = []string{"circa", "approx.", "approx", "about", "ca.", "ca", "c.", "c", "~"}
)

// zoneNames are the time zones datelines name after a time ("4:01 PM ET",
// "16:01 CEST"), and the German "Uhr" (o'clock).
const zoneNames = `utc|gmt|z|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|akst|akdt|hst|bst|ist|wet|west|cet|cest|eet|eest|msk|jst|kst|hkt|sgt|awst|acst|acdt|aest|aedt|nzst|nzdt|uhr`

// reClock is a date followed by a time of day, as people and datelines
// write it: "12 Sep 2024, 14:30", "May 04, 2023 — 04:01 am EDT",
// "4 May 2023 16:01 CEST", "Sep 30, 2025 at 8:05 p.m. CDT", and the
// newswires' "06-22-23 0430ET" (four digits only with a zone).
var reClock = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(.*?\S)(?:,? at |, | ?[—–|-] | )(?:(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([ap])\.? ?m\.?)?(?: ?(?:` +
		zoneNames + `))?|(\d{2})(\d{2}) ?(?:` + zoneNames + `))$`)
})

// dateHelp ends every parse error: what to type instead.
const dateHelp = "type it as 2024-09-12, 12 Sep 2024, Sep 2024 or 2024 (add a time as 2024-09-12 14:30; start with “c.” if approximate)"

// ParseDate reads a date the way people write it and reports whether it was
// marked approximate ("c. Oct 2023", "~2023-10"). It accepts ISO forms
// (2024, 2024-09, 2024-09-12, 2024-09-12 14:30), month names in English,
// Norwegian, Danish, Swedish and German (Sep 2024, 12 Sep 2024, September
// 12, 2024, 14. august 2024), a weekday before a day (Friday, 5 May 2023),
// a time after a day as datelines write it (May 4, 2023 4:01 PM ET), MM/YYYY
// and numeric dates with a two-digit year (22/06/23, 06-22-23 0430ET).
// Impossible dates, a weekday that is not the date's, and ambiguous numeric
// forms such as 03/04/2024 return an EINVALID *Error that says why and what
// to type instead.
func ParseDate(input string) (Date, bool, error) {
	return ParseDateIn(input, "")
}

// ParseISODate reads a date in the ISO form that Date.ISO writes ("" gives
// the zero Date). It is the fast path for stored dates; anything else
// returns EINVALID.
func ParseISODate(s string) (Date, error) {
	num := func(from, to int) int {
		n := 0
		for _, c := range s[from:to] {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	var d Date
	switch {
	case s == "":
		return d, nil
	case len(s) == 4:
		d = Date{Year: num(0, 4), Precision: PrecisionYear}
	case len(s) == 7 && s[4] == '-':
		d = Date{Year: num(0, 4), Month: num(5, 7), Precision: PrecisionMonth}
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		d = Date{Year: num(0, 4), Month: num(5, 7), Day: num(8, 10), Precision: PrecisionDay}
	case len(s) == 16 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':':
		d = Date{Year: num(0, 4), Month: num(5, 7), Day: num(8, 10), Hour: num(11, 13), Minute: num(14, 16), Precision: PrecisionMinute}
	case len(s) == 19 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':':
		d = Date{Year: num(0, 4), Month: num(5, 7), Day: num(8, 10), Hour: num(11, 13), Minute: num(14, 16), Second: num(17, 19), Precision: PrecisionSecond}
		if d.Second < 1 || d.Second > 59 { // zero seconds are stored at minute precision
			return Date{}, invalidDate(fmt.Sprintf("“%s” is not a valid date.", s))
		}
	default:
		return Date{}, invalidDate(fmt.Sprintf("“%s” is not an ISO date.", s))
	}
	if d.Year < 1000 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Precision >= PrecisionMonth && d.Month == 0 ||
		d.Precision >= PrecisionDay && (d.Day == 0 || d.Day > daysIn(d.Year, d.Month)) || d.Hour < 0 || d.Hour > 23 || d.Minute < 0 || d.Minute > 59 {
		return Date{}, invalidDate(fmt.Sprintf("“%s” is not a valid date.", s))
	}
	return d, nil
}

// MustParseDate parses an ISO or human date and panics on error. For tests
// and fixed data only.
func MustParseDate(s string) Date {
	d, _, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func invalidDate(msg string) *Error { return &Error{Code: EINVALID, Message: msg} }

// parse reads a date without its approximate marker; numeric day/month
// dates are read in order, or refused as ambiguous when order is "".
func parse(s string, order DateOrder) (Date, error) {
	if d, ok, err := parseTimestamp(s); ok {
		return d, err
	}
	if m := reISO().FindStringSubmatch(s); m != nil {
		return isoDate(s, m)
	}
	// A day and a time fit in far fewer characters; the length test keeps
	// long input from the pattern's slower search.
	if len(s) <= maxClockLen {
		if c := reClock().FindStringSubmatch(s); c != nil {
			return withClock(s, c, order)
		}
	}
	return parseDay(s, order)
}

// maxClockLen bounds the input tried as a day and a time: "Wednesday,
// September 30, 2025 at 12:05 p.m. AEDT" has 48 characters, and anything
// much longer is no date.
const maxClockLen = 80

// parseDay reads a date that has no time of day, or only one an ISO form
// gives, as parse does.
func parseDay(s string, order DateOrder) (Date, error) {
	if m := reISO().FindStringSubmatch(s); m != nil && m[4] == "" {
		return isoDate(s, m)
	}
	if m := reMonthYr().FindStringSubmatch(s); m != nil {
		return buildDate(s, atoi(m[2]), atoi(m[1]), 0, "", "")
	}
	if m := reDMY().FindStringSubmatch(s); m != nil {
		return numericDate(s, m, order, false)
	}
	return parseWords(s)
}

// isoDate reads a reISO match m.
func isoDate(s string, m []string) (Date, error) {
	if m[2] != "" && atoi(m[2]) == 0 {
		return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no month 0; months run from 01 to 12.", s))
	}
	if m[3] != "" && atoi(m[3]) == 0 {
		return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no day 0.", s))
	}
	return buildDate(s, atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4], m[5])
}

// withClock reads a day followed by a time of day (a reClock match c). A
// time with a.m. or p.m. is on the 12-hour clock. A zone's name is not
// converted: a dateline's day and time are kept as it gives them, on its
// own clock, so that the day stays the one it names.
func withClock(s string, c []string, order DateOrder) (Date, error) {
	var d Date
	var err error
	if m := reDMY().FindStringSubmatch(c[1]); m != nil {
		d, err = numericDate(c[1], m, order, true)
	} else {
		d, err = parseDay(c[1], order)
	}
	if err != nil {
		if _, whole := parseDay(s, order); whole != nil && !errors.Is(err, ErrAmbiguousDate) {
			return Date{}, whole // of all that was typed, not the part before a time it may not have
		}
		return Date{}, err
	}
	if d.Precision < PrecisionDay {
		return Date{}, invalidDate(fmt.Sprintf("“%s”: a time needs a day: add it (12 Sep 2024 14:30) or leave the time out.", s))
	}
	hh, mm, ss, ampm := c[2], c[3], c[4], strings.ToLower(c[5])
	if hh == "" {
		hh, mm = c[6], c[7]
	}
	if ampm != "" {
		h := atoi(hh)
		if h < 1 || h > 12 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: %s:%s %sM is not a time; on the 12-hour clock hours run from 1 to 12.", s, hh, mm, strings.ToUpper(ampm)))
		}
		if h %= 12; ampm == "p" {
			h += 12
		}
		hh = strconv.Itoa(h)
	}
	d, err = buildDate(s, d.Year, d.Month, d.Day, hh, mm)
	if err != nil {
		return Date{}, err
	}
	switch sec := atoi(ss); {
	case sec > 59:
		return Date{}, invalidDate(fmt.Sprintf("“%s”: %s seconds is not a time; seconds run from 00 to 59.", s, ss))
	case sec > 0:
		d.Second, d.Precision = sec, PrecisionSecond
	}
	return d, nil
}

// numericDate reads a reDMY match m: in the order given, or, without one,
// when only one order can be meant. A two-digit year is read by
// TwoDigitYear; written with dashes it may come first (24-09-12, as
// Swedish short dates are), and is read only in a newswire's stamp, with
// its time after it (stamped).
func numericDate(s string, m []string, order DateOrder, stamped bool) (Date, error) {
	a, b, year := atoi(m[1]), atoi(m[2]), atoi(m[3])
	switch len(m[3]) {
	case 2:
		if strings.Contains(m[0], "-") && !stamped {
			return Date{}, ambiguousDate(fmt.Sprintf("“%s” is ambiguous: with dashes and a two-digit year, the year may come first or last. Type it as 2024-09-12 or 12 Sep 2024 instead.", s))
		}
		year = TwoDigitYear(year)
	case 3:
		return buildDate(s, year, 0, 0, "", "") // refused: the year has three digits
	}
	if order != "" {
		// A numeric date is read in the order given, even one that reads
		// alone (13/04/2024): in a file said to be month first, that is a
		// mistake to report, not a date to guess.
		day, month := a, b
		if order == "mdy" {
			day, month = month, day
		}
		if month < 1 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no month 0.", s))
		}
		if day < 1 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no day 0.", s))
		}
		return buildDate(s, year, month, day, "", "")
	}
	// Only one order can be meant when one number cannot be a month:
	// 22/06/2023 is 22 June, 06/22/2023 is too, and 31/02/2024 is a day
	// February does not have. Dots put the day first: every language that
	// writes them (German, Norwegian, Russian, Turkish…) does, and
	// month-first writing uses slashes.
	if strings.Contains(m[0], ".") && a <= 12 && b <= 12 {
		if a < 1 || b < 1 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no day or month 0.", s))
		}
		return buildDate(s, year, b, a, "", "")
	}
	if (a > 12) != (b > 12) {
		day, month := a, b
		if b > 12 {
			day, month = b, a
		}
		if month < 1 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no month 0.", s))
		}
		return buildDate(s, year, month, day, "", "")
	}
	return Date{}, ambiguous(s, a, b, year)
}

// parseWords reads forms with a month name: "Sep 2024", "12 Sep 2024",
// "September 12, 2024", "14. august 2024", "le 6 janvier 2024", each optionally after a weekday
// ("Friday, 5 May 2023", "fredag den 17. marts 2023"), which must be the
// date's own.
func parseWords(s string) (Date, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	if len(fields) > 2 && strings.EqualFold(fields[0], "le") { // French: "le 5 août 2024"
		fields = fields[1:]
	}
	wd, hasWeekday := time.Weekday(0), false
	if len(fields) > 1 && monthNumber(fields[0]) == 0 {
		if wd, hasWeekday = ParseWeekday(fields[0]); hasWeekday {
			fields = fields[1:]
			if len(fields) > 1 && strings.EqualFold(fields[0], "den") { // "fredag den 17. marts", "Freitag, den 5. Mai"
				fields = fields[1:]
			}
		}
	}
	var month, day, year int
	for _, f := range fields {
		switch {
		case monthNumber(f) > 0 && month == 0:
			month = monthNumber(f)
		case isDigits(f) && len(f) == 4 && year == 0:
			year = atoi(f)
		case day == 0 && dayNumber(f) > 0:
			day = dayNumber(f)
		default:
			return Date{}, invalidDate(fmt.Sprintf("“%s” is not a date we understand: %s.", s, dateHelp))
		}
	}
	if month == 0 || year == 0 {
		return Date{}, invalidDate(fmt.Sprintf("“%s” is not a date we understand: %s.", strings.TrimSpace(s), dateHelp))
	}
	d, err := buildDate(s, year, month, day, "", "")
	if err != nil || !hasWeekday {
		return d, err
	}
	if day == 0 {
		return Date{}, invalidDate(fmt.Sprintf("“%s”: a weekday needs a day of the month (Friday, 5 May 2023).", s))
	}
	if is := d.Start().Weekday(); is != wd {
		return Date{}, invalidDate(fmt.Sprintf("“%s”: %s is a %s, not a %s. Check the date, or leave the weekday out.", s, d.Display(), is, wd))
	}
	return d, nil
}

// ErrAmbiguousDate is in the chain of the EINVALID *Error that ParseDate
// returns for a numeric date it cannot read without knowing the order of
// day and month (03/04/2024, 3.4.24), so that errors.Is tells that refusal
// from the others: an importer offers to choose the order for it.
var ErrAmbiguousDate = errors.New("ambiguous numeric date")

func ambiguous(s string, a, b, year int) error {
	hint := fmt.Sprintf("it could be %d %s or %d %s", a, monthName(b), b, monthName(a))
	if a > 12 || b > 12 || a == b {
		hint = "numeric day/month orders differ between countries"
	}
	return ambiguousDate(fmt.Sprintf("“%s” is ambiguous: %s. Type it as %d-MM-DD or with the month's name (12 Sep %d) instead.", s, hint, year, year))
}

func ambiguousDate(msg string) *Error {
	return &Error{Code: EINVALID, Message: msg, Err: ErrAmbiguousDate}
}

func monthName(m int) string {
	if m < 1 || m > 12 {
		return "?"
	}
	return time.Month(m).String()
}

// buildDate validates the parts and returns the Date at the precision given by
// which parts are present.
func buildDate(s string, year, month, day int, hh, mm string) (Date, error) {
	d := Date{Year: year, Month: month, Day: day, Precision: PrecisionYear}
	if year < 1000 || year > 9999 {
		return Date{}, invalidDate(fmt.Sprintf("“%s”: the year must have four digits, 1000 to 9999.", s))
	}
	if month != 0 {
		d.Precision = PrecisionMonth
		if month > 12 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no month %d; months run from 01 to 12.", s, month))
		}
	}
	if day != 0 {
		d.Precision = PrecisionDay
		if n := daysIn(year, month); day > n {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: %s %d has only %d days.", s, time.Month(month), year, n))
		}
	}
	if hh != "" {
		d.Precision, d.Hour, d.Minute = PrecisionMinute, atoi(hh), atoi(mm)
		if d.Hour > 23 || d.Minute > 59 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: %s:%s is not a time; use the 24-hour clock, 00:00 to 23:59.", s, hh, mm))
		}
	}
	return d, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// monthNumber returns the month an English name or its first three letters
// or more stands for ("Sep", "sept.", "September"), or a Norwegian, Danish,
// Swedish, German (see OtherMonth) or French name; 0 if none.
func monthNumber(f string) int {
	f = strings.TrimSuffix(strings.ToLower(f), ".")
	if len(f) < 3 {
		return 0
	}
	for i := 1; i <= 12; i++ {
		full := strings.ToLower(time.Month(i).String())
		if strings.HasPrefix(full, f) || (i == 9 && f == "sept") {
			return i
		}
	}
	return cmp.Or(OtherMonth(f), FrenchMonth(f))
}

// dayNumber reads a day of the month written "12", "12th" or, as Norwegian,
// Danish and German write it, "12."; 0 if it is not one.
func dayNumber(f string) int {
	f = strings.TrimSuffix(strings.ToLower(f), ".")
	for _, suf := range []string{"st", "nd", "rd", "th", "er"} { // "er": French "1er"
		f = strings.TrimSuffix(f, suf)
	}
	if !isDigits(f) || len(f) > 2 {
		return 0
	}
	return atoi(f)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// DateOrder says how to read numeric dates such as 03/04/2024, which
// ParseDate refuses as ambiguous: "" (refuse them), "dmy" or "mdy".
type DateOrder string

// ParseDateIn reads a date like ParseDate, except that numeric day/month
// dates are read in the given order instead of refused.
func ParseDateIn(input string, order DateOrder) (Date, bool, error) {
	approx, s := cutApprox(input)
	if s == "" {
		return Date{}, false, invalidDate("Enter a date: " + dateHelp + ".")
	}
	d, err := parse(s, order)
	if err != nil {
		return Date{}, false, err
	}
	return d, approx, nil
}
