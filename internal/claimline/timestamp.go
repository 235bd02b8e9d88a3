package claimline

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
)

// reStamp is an ISO 8601 date and time as spreadsheets and log tools write
// it: seconds, a fraction and a zone (Z or an offset) are optional.
var reStamp = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$`)
})

// TimeZoneNote says how a date-time with a stated offset was stored, for
// example "2024-09-12T16:30+02:00 is stored as 2024-09-12T14:30 (UTC)". It is
// "" when s states no offset, or an offset of zero.
func TimeZoneNote(s string) string {
	if len(s) < 17 || !strings.ContainsAny(s[10:], "+-") { // no offset: the common case, without a regexp
		return ""
	}
	m := reStamp().FindStringSubmatch(trimApprox(s))
	if m == nil || m[8] == "" || m[8] == "Z" || zoneOffset(m[8]) == 0 {
		return ""
	}
	d, _, err := parseTimestamp(trimApprox(s))
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s is stored as %s (UTC)", trimApprox(s), d.ISO())
}

// parseTimestamp reads an ISO date-time with optional seconds, fraction and
// zone. ok is false when s does not have that form. A stated offset is
// converted to UTC; seconds are kept only when they are not zero, and a
// fraction of a second is dropped.
func parseTimestamp(s string) (d Date, ok bool, err error) {
	m := reStamp().FindStringSubmatch(s)
	if m == nil {
		return Date{}, false, nil
	}
	d, err = buildDate(s, atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4], m[5])
	if err != nil {
		return Date{}, true, err
	}
	if m[2] == "00" || m[3] == "00" {
		return Date{}, true, invalidDate(fmt.Sprintf("“%s” is not a valid date.", s))
	}
	sec := atoi(m[6])
	if sec > 59 {
		return Date{}, true, invalidDate(fmt.Sprintf("“%s”: %s seconds is not a time; seconds run from 00 to 59.", s, m[6]))
	}
	t := time.Date(d.Year, time.Month(d.Month), d.Day, d.Hour, d.Minute, sec, 0, time.UTC)
	if m[8] != "" && m[8] != "Z" {
		t = t.Add(-time.Duration(zoneOffset(m[8])) * time.Minute)
	}
	if t.Year() < 1000 || t.Year() > 9999 {
		return Date{}, true, invalidDate(fmt.Sprintf("“%s”: the year must have four digits, 1000 to 9999.", s))
	}
	d = Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Hour: t.Hour(), Minute: t.Minute(), Precision: PrecisionMinute}
	if t.Second() != 0 {
		d.Second, d.Precision = t.Second(), PrecisionSecond
	}
	return d, true, nil
}

// zoneOffset returns an offset such as "+02:00", "-0530" or "+01" in minutes.
func zoneOffset(z string) int {
	digits := z[1:]
	if len(digits) > 2 && digits[2] == ':' {
		digits = digits[:2] + digits[3:]
	}
	min := atoi(digits[:2]) * 60
	if len(digits) == 4 {
		min += atoi(digits[2:])
	}
	if z[0] == '-' {
		return -min
	}
	return min
}

// trimApprox removes an approximate marker such as "c." from the front.
func trimApprox(s string) string {
	_, rest := cutApprox(s)
	return rest
}

// cutApprox normalises white space and removes a leading approximate marker
// ("c.", "circa", "~"), reporting whether there was one.
func cutApprox(input string) (bool, string) {
	s := strings.TrimSpace(reSpaces().ReplaceAllString(input, " "))
	lower := strings.ToLower(s)
	for _, p := range approxPfx {
		rest, ok := strings.CutPrefix(lower, p)
		if !ok || rest == "" {
			continue
		}
		// "c" and "ca" must be followed by a space or a digit, not a word
		// ("cat"), and the rest must still start like a date.
		if r := rest[0]; r == ' ' || (r >= '0' && r <= '9') || strings.HasSuffix(p, ".") || p == "~" {
			return true, strings.TrimSpace(s[len(p):])
		}
	}
	return false, s
}
