// Package dates finds date expressions in article text ("on Thursday",
// "in October 2023", "until Jan. 15", "Election Day", "03 OCT 24 18:28
// ET") and resolves them, relative ones against the article's published
// date. It keeps each date at the precision the words give: "October 2023"
// is a month, never 1 October.
//
// The rules are tried in the order of the table in rules (an expression
// already matched is never matched again by a later one): datelines and
// numeric dates, written dates with and without a year, named days,
// spans relative to publication, times of day, weekdays, month names,
// bare years. A date without its year, a weekday, a month or a named day
// is the occurrence nearest publication unless the sentence says which
// way it points (see direction.go). A relative expression in a text
// without a published date (or one too coarse for it) is returned
// unresolved; an ambiguous numeric date comes back with both readings.
//
// The patterns compile on first use, not when the program starts.
package dates

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"claimline/internal/claimline"
)

const monthRE = `(january|february|march|april|may|june|july|august|september|october|november|december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept\.?|sep\.?|oct\.?|nov\.?|dec\.?)`

const weekdayRE = `(monday|tuesday|wednesday|thursday|friday|saturday|sunday)`

// ordRE is an ordinal's ending: "12th", "1st".
const ordRE = `(?:st|nd|rd|th)?`

// numberRE is a small count in words or digits: "two weeks ago".
const numberRE = `(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})`

// rule is one kind of expression: the words it may begin with, its
// pattern and how it resolves.
type rule struct {
	name    string
	first   func(w word) bool // whether a match may begin with the word w
	pattern string
	resolve func(x *match) (claimline.DateMention, bool)
}

type compiledRule struct {
	rule
	re *regexp.Regexp // the pattern, anchored at the start
}

// compiled is the rule table with its patterns compiled, once, when a
// text is first read. Each pattern is tried only where a word it may begin
// with starts, anchored there: a text is read in one pass over its words,
// not once per pattern.
var compiled = sync.OnceValue(func() []compiledRule {
	rs := rules()
	out := make([]compiledRule, len(rs))
	for i, r := range rs {
		out[i] = compiledRule{r, regexp.MustCompile(`^(?:` + r.pattern + `)`)}
	}
	return out
})

// digits, monthName and weekdayName say whether a match may begin with a
// word: a number, a month's name or abbreviation ("mid-August" too), a
// weekday's name ("onTuesday" too).
func digits(w word) bool      { return w.kind&number != 0 }
func monthName(w word) bool   { return w.kind&monthWord != 0 }
func weekdayName(w word) bool { return w.kind&weekdayWord != 0 }

// oneOf says whether a word is one of a list.
func oneOf(words string) func(word) bool {
	set := setOf(words)
	return func(w word) bool { return set[w.low] || set[possessive(w.low)] }
}

// possessive returns a word without its "'s".
func possessive(w string) string {
	return strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
}

// rules is the table of expressions, in the order they are tried.
func rules() []rule {
	relativeWord := oneOf("earlier later this last past next")
	weekdayModifier := oneOf("on last next this coming")
	numberWord := func(w word) bool { return digits(w) || count(w.low) > 0 }
	frenchDays, french := frenchRules()
	return slices.Concat([]rule{
		{"wire timestamp", digits, `(?i)\b(\d{1,2}) ` + monthRE + ` (\d{2}) (\d{1,2}):(\d{2})\b(?: ?[A-Z]{1,4}\b)?`, wireStamp},
		{"ISO date", digits, `\b(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?\b`, isoDate},
		{"numeric date, year first", digits, `\b(\d{4})([./])(\d{1,2})([./])(\d{1,2})\b`, yearFirst},
		{"newswire stamp", digits, `\b(\d{1,2})-(\d{1,2})-(\d{2}) (\d{2}):?(\d{2}) ?[A-Z]{2,4}\b`, numericWireStamp},
		{"numeric date", digits, `\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})\b`, numericDate},
		{"span of days", monthName, `(?i)\b` + monthRE + ` (\d{1,2})` + ordRE + ` ?[-–] ?(\d{1,2})` + ordRE + `(?:,? (\d{4}))?\b`, monthDaySpan},
		{"span of days", digits, `(?i)\b(\d{1,2})` + ordRE + ` ?[-–] ?(\d{1,2})` + ordRE + ` ` + monthRE + `(?:,? (\d{4}))?(?:\b|$)`, daySpanMonth},
		{"day month year", digits, `(?i)\b(\d{1,2})` + ordRE + ` ` + monthRE + `,? (\d{4})\b`, func(x *match) (claimline.DateMention, bool) {
			return day(atoi(x.g[3]), month(x.g[2]), atoi(x.g[1]))
		}},
		{"month day year", monthName, `(?i)\b` + monthRE + ` (\d{1,2})` + ordRE + `,? (\d{4})\b`, func(x *match) (claimline.DateMention, bool) {
			return day(atoi(x.g[3]), month(x.g[1]), atoi(x.g[2]))
		}},
	}, frenchDays, []rule{
		{"day with a full stop and month", func(w word) bool { return w.kind&dayBeforeWord != 0 }, `(?i)\b(\d{1,2})(\.)? ?` + otherMonthRE + `\b\.?(?:,? (\d{4})\b)?`, dayDotMonth},
	}, french, []rule{
		{"month and year in another language", otherMonthName, `(?i)\b` + alternation(slices.Collect(maps.Keys(otherMonthNames))) + `,? (\d{4})\b`, otherMonthYear},
		{"month and day", monthName, `(?i)\b` + monthRE + ` (\d{1,2})` + ordRE + `\b`, func(x *match) (claimline.DateMention, bool) {
			return dayWithoutYear(x, x.g[1], atoi(x.g[2]))
		}},
		{"day and month", digits, `(?i)\b(\d{1,2})` + ordRE + ` ` + monthRE + `(?:\b|$)`, func(x *match) (claimline.DateMention, bool) {
			return dayWithoutYear(x, x.g[2], atoi(x.g[1]))
		}},
		{"month and year", monthName, `(?i)\b` + monthRE + `,? (\d{4})\b`, func(x *match) (claimline.DateMention, bool) {
			mo, y := month(x.g[1]), atoi(x.g[2])
			if mo == 0 {
				return claimline.DateMention{}, false
			}
			return claimline.DateMention{Date: claimline.Date{Year: y, Month: mo, Precision: claimline.PrecisionMonth}, Resolved: true}, true
		}},
		{"named day", namedDayStart(), namedDayPattern(), namedDay},
		{"weekend", oneOf("this last next the over through during at"),
			`(?i)\b(this past|this coming|this|last|next|the|over the|through the|during the|at the) weekend\b`, weekend},
		{"this, last or next week, month or year", relativeWord, `(?i)\b(earlier this|later this|this|last|past|next|this coming) (week|month|year)\b`, span},
		{"earlier or later in the week, month or year", relativeWord, `(?i)\b(earlier|later) in the (week|month|year)\b`, func(x *match) (claimline.DateMention, bool) {
			return spanOf(x.pub, strings.ToLower(x.g[1])+" this", strings.ToLower(x.g[2]))
		}},
		{"the end of a week, month or year", oneOf("the end end-of-the-month end-of-the-year end-of-the-week week's week’s month's month’s year's year’s month-end year-end"),
			`(?i)\b(?:the )?end[- ]of[- ](the|this|next|last)[- ](week|month|year)\b|\b(week|month|year)['’]s end\b|\b(month|year)-end\b`, endOf},
		{"days, weeks, months or years ago", numberWord, `(?i)\b` + numberRE + ` (day|days|week|weeks|month|months|year|years|decade|decades) ago\b`, ago},
		{"in days, weeks, months or years", oneOf("in"), `(?i)\bin (?:about |around |roughly )?` + numberRE + ` (day|days|week|weeks|month|months|year|years)\b`, within},
		{"part of a day", oneOf("tonight last this later earlier yesterday today tomorrow"),
			`(?i)\b(tonight|last night|this morning|this afternoon|this evening|later today|earlier today|(?:yesterday|today|tomorrow)(?: (?:morning|afternoon|evening|night))?)\b`, partOfDay},
		{"weekday", func(w word) bool { return weekdayName(w) || weekdayModifier(w) },
			`(?i)\b(?:(on|last|next|this|this past|this coming|coming) ?)?` + weekdayRE + `\b`, weekday},
		{"month", monthName, `\b(?:(mid-))?(January|February|March|April|May|June|July|August|September|October|November|December)(?:['’]s)?\b`, monthAlone},
		{"year", digits, `\b(1[89]\d\d|20\d\d)\b`, year},
	})
}

// match is one pattern's match in a text, with what its resolution needs.
type match struct {
	text       string
	start, end int
	g          []string // the groups, "" when absent
	pub        claimline.Date
	french     bool // read by a French rule: French tenses place it
	dirRead    bool
	dir        way
}

// way returns which way from publication the words point, read once from
// the sentence around them.
func (x *match) way() way {
	if !x.dirRead {
		if x.french {
			x.dir = frenchWay(x.text, x.start, x.end)
		} else {
			x.dir = directionAt(x.text, x.start, x.end)
		}
		x.dirRead = true
	}
	return x.dir
}

// pointed sets the way a word written after the date says: "5 janvier
// dernier" is strictly before publication, "mars prochain" after.
func (x *match) pointed(word string) {
	switch strings.ToLower(word) {
	case "dernier":
		x.dir, x.dirRead = way{dir: back, strict: true, why: "“dernier”: before publication"}, true
	case "prochain":
		x.dir, x.dirRead = way{dir: ahead, strict: true, why: "“prochain”: after publication"}, true
	}
}

// Find returns every date expression in text, in order of position, each
// resolved against published (which may be zero: then relative ones are
// unresolved).
func Find(text string, published claimline.Date) []claimline.DateMention {
	var out []claimline.DateMention // sorted by position; no two overlap
	words := wordStarts(text)
	for _, r := range compiled() {
		var found []claimline.DateMention
		next, p := 0, 0 // a rule's matches do not overlap each other; out[p] is the first mark not before them
		for _, w := range words {
			if w.at < next || !r.first(w) {
				continue
			}
			loc := anchoredMatch(r.re, text, w.at)
			if loc == nil {
				continue
			}
			a, b := w.at+loc[0], w.at+loc[1]
			next = b
			for p < len(out) && out[p].End <= a {
				p++
			}
			if p < len(out) && out[p].Start < b || !standsAlone(text, a, b) {
				continue // words an earlier rule has taken
			}
			x := &match{text: text, start: a, end: b, g: make([]string, len(loc)/2), pub: published}
			for i := range x.g {
				if loc[2*i] >= 0 {
					x.g[i] = text[w.at+loc[2*i] : w.at+loc[2*i+1]]
				}
			}
			m, ok := r.resolve(x)
			if !ok {
				continue
			}
			m.Start, m.End, m.Text = x.start, x.end, text[x.start:x.end]
			if m.Rule == "" {
				m.Rule = r.name
			}
			found = append(found, m)
		}
		out = merge(out, found)
	}
	out = withTimes(text, out)
	out = weekdaysWithDates(text, out)
	return speechDays(text, out)
}

// merge merges two lists of marks sorted by position.
func merge(a, b []claimline.DateMention) []claimline.DateMention {
	if len(b) == 0 {
		return a
	}
	out := make([]claimline.DateMention, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Start < b[0].Start {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// window is how much of a text after a word an anchored pattern is given
// first: every expression is shorter, and on a short input Go's regexp
// package matches by backtracking, several times faster than otherwise.
const window = 120

// anchoredMatch matches re at text[at:], as FindStringSubmatchIndex does
// on it, looking at the window after at first.
func anchoredMatch(re *regexp.Regexp, text string, at int) []int {
	if end := at + window; end < len(text) {
		loc := re.FindStringSubmatchIndex(text[at:end])
		if loc == nil || loc[1] < window {
			return loc
		}
		// The match reaches the window's end, where a word boundary may be
		// false: look again at the whole rest.
	}
	return re.FindStringSubmatchIndex(text[at:])
}

// word is where a word starts in a text, the word in lower case, and
// what kind of word it is.
type word struct {
	at   int
	low  string
	kind uint8
}

const (
	number uint8 = 1 << iota
	monthWord
	weekdayWord
	dayBeforeWord // a number of one or two digits with a full stop or a space and a letter after it: "14. august"
)

// wordStarts returns the words of text: letters and digits, with the
// apostrophes, hyphens and full stops inside or right after them.
func wordStarts(text string) []word {
	out := make([]word, 0, len(text)/6)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-' && r != '.' {
				break
			}
			j += n
		}
		w := strings.TrimRight(text[i:j], ".-'’")
		if k := strings.IndexByte(w, '.'); k > 0 && !isDigit(w[0]) {
			w = w[:k] // "Sept.12" reads as "Sept"
		}
		low := strings.ToLower(w)
		var kind uint8
		switch p := possessive(low); {
		case isDigit(low[0]):
			kind = number
			if len(low) <= 2 && (text[j-1] == '.' || j+1 < len(text) && text[j] == ' ' && !isDigit(text[j+1])) {
				kind |= dayBeforeWord
			}
		case month(p) != 0 || strings.HasPrefix(p, "mid-"):
			kind = monthWord
		case weekdayOf(p) >= 0 || strings.HasPrefix(p, "on") && weekdayOf(p[2:]) >= 0:
			kind = weekdayWord
		}
		out = append(out, word{i, low, kind})
		i = j
	}
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
	if len(s) < 3 || !strings.ContainsRune("JFMASONDjfmasond", rune(s[0])) {
		return 0
	}
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	for i, full := range englishMonths {
		if len(s) >= 3 && strings.HasPrefix(full, s) {
			return i + 1
		}
	}
	return 0
}

// englishMonths are the months' names, lower-cased, January first.
var englishMonths = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// capitalised reports whether a word begins with a capital letter.
func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func hasDay(d claimline.Date) bool { return d.Precision >= claimline.PrecisionDay }

func unresolved() claimline.DateMention { return claimline.DateMention{Relative: true} }

// day is an absolute day, refused when it is not a real date.
func day(y, mo, d int) (claimline.DateMention, bool) {
	t, ok := date(y, mo, d)
	if !ok {
		return claimline.DateMention{}, false
	}
	return onDay(t), true
}

// date is the day y-mo-d, false when there is no such day.
func date(y, mo, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return t, mo >= 1 && mo <= 12 && t.Day() == d && t.Month() == time.Month(mo)
}

func onDay(t time.Time) claimline.DateMention {
	return claimline.DateMention{Date: dateOf(t), Resolved: true}
}

func dateOf(t time.Time) claimline.Date {
	return claimline.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: claimline.PrecisionDay}
}

// relative marks a mention as resolved against publication, with the
// reading of the sentence that chose its occurrence.
func relative(m claimline.DateMention, name string, w way) claimline.DateMention {
	m.Relative = true
	m.Rule = name + w.note()
	return m
}

// dayWithoutYear is "Dec. 20" or "20 December": the occurrence the
// sentence points to (see choose).
func dayWithoutYear(x *match, monthName string, d int) (claimline.DateMention, bool) {
	mo := month(monthName)
	if mo == 0 || !capitalised(monthName) {
		return claimline.DateMention{}, false
	}
	return dayOfMonth(x, mo, d)
}

// dayOfMonth is the day d of month mo in the year the sentence points to.
func dayOfMonth(x *match, mo, d int) (claimline.DateMention, bool) {
	if _, ok := date(2000, mo, d); !ok { // a leap year: 29 February may be
		return claimline.DateMention{}, false
	}
	if x.pub.IsZero() {
		return unresolved(), true
	}
	w := x.way()
	got, ok := choose(x.pub, w, func(y int) (occurrence, bool) {
		t, ok := date(y, mo, d)
		return occurrence{from: dateOf(t)}, ok
	})
	if !ok {
		return unresolved(), true
	}
	return relative(claimline.DateMention{Date: got.from, Resolved: true}, "day and month without a year", w), true
}

// monthAlone is a month named without a day or year ("in August", "the
// November election", "August's inflation"): the occurrence the sentence
// points to. "May" and "March" are months only after a word that sets
// them as dates ("in May", "the March meeting"); a month name between
// capitalised words is taken for a name ("August Wilson").
func monthAlone(x *match) (claimline.DateMention, bool) {
	name := x.g[2]
	prev, prevCap, start := wordBefore(x.text, x.start)
	next := wordAfter(x.text, x.end)
	datey := x.g[1] != "" || lexicon().monthWords[strings.ToLower(prev)]
	switch {
	case datey:
	case name == "May" || name == "March":
		return claimline.DateMention{}, false
	case start:
		if capitalised(next) {
			return claimline.DateMention{}, false
		}
	case prevCap || capitalised(next):
		return claimline.DateMention{}, false
	}
	return monthWithoutYear(x, month(name))
}

// monthWithoutYear is month mo in the year the sentence points to.
func monthWithoutYear(x *match, mo int) (claimline.DateMention, bool) {
	if x.pub.IsZero() {
		return unresolved(), true
	}
	w := x.way()
	got, ok := choose(x.pub, w, func(y int) (occurrence, bool) {
		return occurrence{from: claimline.Date{Year: y, Month: mo, Precision: claimline.PrecisionMonth}}, true
	})
	if !ok {
		return unresolved(), true
	}
	return relative(claimline.DateMention{Date: got.from, Resolved: true}, "month without a year", w), true
}

// wordBefore returns the word before byte a (skipping spaces), whether it
// is capitalised, and whether there is none in the sentence (a sentence
// or line starts at a).
func wordBefore(text string, a int) (w string, capital, sentenceStart bool) {
	i := a
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	if i == 0 || text[i-1] == '\n' || strings.ContainsRune(".!?:“\"(—–-", rune(text[i-1])) {
		return "", false, true
	}
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) && r != '\'' && r != '’' {
			break
		}
		j -= size
	}
	w = text[j:i]
	return w, capitalised(w), false
}

// wordAfter returns the word after byte b, skipping spaces; "" at the end
// of a sentence.
func wordAfter(text string, b int) string {
	i := b
	for i < len(text) && text[i] == ' ' {
		i++
	}
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += size
	}
	return text[i:j]
}

// year is a bare year, 1900 to 2099, unless it names a fiscal year or an
// amount, or is one of numbers joined by slashes that are no date.
func year(x *match) (claimline.DateMention, bool) {
	before := strings.ToLower(x.text[max(0, x.start-13):x.start])
	if n := len(before); n >= 2 && strings.ContainsRune("/.-", rune(before[n-1])) && isDigit(before[n-2]) {
		return claimline.DateMention{}, false // the end of "13/13/2024", which is no date
	}
	if after := x.text[x.end:]; len(after) >= 2 && after[0] == '/' && isDigit(after[1]) {
		return claimline.DateMention{}, false // a pair of numbers: "2000/1600", "1915/1515"
	}
	for _, p := range []string{"fiscal year ", "fiscal ", "fy", "fy ", "$", "£", "€", "#", "no. "} {
		if strings.HasSuffix(before, p) {
			return claimline.DateMention{}, false
		}
	}
	return claimline.DateMention{Date: claimline.Date{Year: atoi(x.g[1]), Precision: claimline.PrecisionYear}, Resolved: true}, true
}

// setOf makes a set of the words of a space-separated list.
func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
