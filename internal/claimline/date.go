package claimline

import (
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
	reDMY     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$`) })
	reTime    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*?)(?:,? (?:at )?(\d{1,2}):(\d{2}))$`) })
	reSpaces  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
	approxPfx = []string{"circa", "approx.", "approx", "about", "ca.", "ca", "c.", "c", "~"}
)

// dateHelp ends every parse error: what to type instead.
const dateHelp = "type it as 2024-09-12, 12 Sep 2024, Sep 2024 or 2024 (add a time as 2024-09-12 14:30; start with “c.” if approximate)"

// ParseDate reads a date the way people write it and reports whether it was
// marked approximate ("c. Oct 2023", "~2023-10"). It accepts ISO forms
// (2024, 2024-09, 2024-09-12, 2024-09-12 14:30), month names (Sep 2024,
// 12 Sep 2024, September 12, 2024) and MM/YYYY. Impossible dates and
// ambiguous numeric forms such as 03/04/2024 return an EINVALID *Error that
// says why and what to type instead.
func ParseDate(input string) (Date, bool, error) {
	approx, s := cutApprox(input)
	if s == "" {
		return Date{}, false, invalidDate("Enter a date: " + dateHelp + ".")
	}
	d, err := parseDate(s)
	if err != nil {
		return Date{}, false, err
	}
	return d, approx, nil
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

func parseDate(s string) (Date, error) {
	if d, ok, err := parseTimestamp(s); ok {
		return d, err
	}
	if m := reISO().FindStringSubmatch(s); m != nil {
		if m[2] != "" && atoi(m[2]) == 0 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no month 0; months run from 01 to 12.", s))
		}
		if m[3] != "" && atoi(m[3]) == 0 {
			return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no day 0.", s))
		}
		return buildDate(s, atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4], m[5])
	}
	if m := reMonthYr().FindStringSubmatch(s); m != nil {
		return buildDate(s, atoi(m[2]), atoi(m[1]), 0, "", "")
	}
	if m := reDMY().FindStringSubmatch(s); m != nil {
		// Only one order can be meant when one number cannot be a month:
		// 22/06/2023 is 22 June, 06/22/2023 is too, and 31/02/2024 is a
		// day February does not have.
		if a, b := atoi(m[1]), atoi(m[2]); len(m[3]) == 4 && (a > 12) != (b > 12) {
			day, month := a, b
			if b > 12 {
				day, month = b, a
			}
			if month < 1 {
				return Date{}, invalidDate(fmt.Sprintf("“%s”: there is no month 0.", s))
			}
			return buildDate(s, atoi(m[3]), month, day, "", "")
		}
		return Date{}, ambiguous(s, m)
	}
	return parseWords(s)
}

// parseWords reads forms with a month name: "Sep 2024", "12 Sep 2024",
// "September 12, 2024", each optionally followed by a time.
func parseWords(s string) (Date, error) {
	hh, mm := "", ""
	if m := reTime().FindStringSubmatch(s); m != nil {
		s, hh, mm = m[1], m[2], m[3]
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
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
	if month == 0 || year == 0 || (hh != "" && day == 0) {
		return Date{}, invalidDate(fmt.Sprintf("“%s” is not a date we understand: %s.", strings.TrimSpace(s), dateHelp))
	}
	return buildDate(s, year, month, day, hh, mm)
}

// ErrAmbiguousDate is in the chain of the EINVALID *Error that ParseDate
// returns for a numeric date it cannot read without knowing the order of
// day and month (03/04/2024, 3.4.24), so that errors.Is tells that refusal
// from the others: an importer offers to choose the order for it.
var ErrAmbiguousDate = errors.New("ambiguous numeric date")

func ambiguous(s string, m []string) error {
	a, b := atoi(m[1]), atoi(m[2])
	year := m[3]
	if len(year) == 2 {
		return ambiguousDate(fmt.Sprintf("“%s” is ambiguous: the year needs four digits and the order of day and month is unclear. Type it as 2024-09-12 or 12 Sep 2024 instead.", s))
	}
	hint := fmt.Sprintf("it could be %d %s or %d %s", a, monthName(b), b, monthName(a))
	if a > 12 || b > 12 || a == b {
		hint = "numeric day/month orders differ between countries"
	}
	return ambiguousDate(fmt.Sprintf("“%s” is ambiguous: %s. Type it as %s-MM-DD or with the month's name (12 Sep %s) instead.", s, hint, year, year))
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
	return 0
}

// dayNumber reads a day of the month written "12" or "12th"; 0 if it is not one.
func dayNumber(f string) int {
	f = strings.ToLower(f)
	for _, suf := range []string{"st", "nd", "rd", "th"} {
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
	d, approx, err := ParseDate(input)
	if order == "" {
		return d, approx, err
	}
	numApprox, s := cutApprox(input)
	// A numeric date is read in the order given, even one ParseDate reads
	// alone (13/04/2024): in a file said to be month first, that is a
	// mistake to report, not a date to guess.
	m := reDMY().FindStringSubmatch(s)
	if m == nil || len(m[3]) != 4 {
		return d, approx, err
	}
	day, month := atoi(m[1]), atoi(m[2])
	if order == "mdy" {
		day, month = month, day
	}
	if month < 1 {
		return Date{}, false, invalidDate(fmt.Sprintf("“%s”: there is no month 0.", s))
	}
	if day < 1 {
		return Date{}, false, invalidDate(fmt.Sprintf("“%s”: there is no day 0.", s))
	}
	d, err = buildDate(s, atoi(m[3]), month, day, "", "")
	return d, numApprox && err == nil, err
}
