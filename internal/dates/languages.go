package dates

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"claimline/internal/claimline"
)

// otherMonthRE is a month's name after a day written with a full stop, as
// Norwegian, Danish and German write dates ("14. august 2024", "5. Mai
// 2023", "3. Dez. 2023"), or with a year in Swedish ("14 augusti 2024"):
// the English names and those of claimline.OtherMonthNames.
var otherMonthRE = alternation(append(append([]string{"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"},
	englishMonths[:]...), claimline.OtherMonthNames()...))

// otherMonthNames are the months' names in Norwegian, Danish, Swedish and
// German that English does not write alike.
var otherMonthNames = setOf("januar januari jänner februar februari märz maerz marts mars mai maj juni juli augusti oktober desember dezember")

// alternation is a group matching any of words, the longer before the
// shorter ones they begin with.
func alternation(words []string) string {
	words = slices.Clone(words)
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	words = slices.Compact(words)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return "(" + strings.Join(words, "|") + ")"
}

// otherMonthName says whether a word is one of otherMonthNames.
func otherMonthName(w word) bool { return otherMonthNames[w.low] }

// germanBeforeDay are the German words that put a day before a month
// English also names ("am 15. August", "bis 1. September").
var germanBeforeDay = setOf("am den dem vom zum bis ab seit")

// dayDotMonth is a day with a full stop and a month's name, with or
// without a year: "14. august 2024", "den 17. marts 2023", "am 15. Juni".
// Without the full stop it needs a year and a name English does not write
// ("14 augusti 2024"): English forms have rules of their own. Without a
// year it is not read at the start of a line (a numbered list: "1. August
// saw…"), and a capitalised English name ("3. May") only after a German
// word that sets a day ("am 3. Mai", "am 15. August"), since an English
// sentence may end on a number before one begins with a month.
func dayDotMonth(x *match) (claimline.DateMention, bool) {
	d, dot, name, yearWords := atoi(x.g[1]), x.g[2] != "", x.g[3], x.g[4]
	low := strings.ToLower(name)
	mo := month(low)
	if mo == 0 {
		mo = claimline.OtherMonth(low)
	}
	if mo == 0 || !dot && (yearWords == "" || !otherMonthNames[low]) {
		return claimline.DateMention{}, false
	}
	// German "des" is an article ("bis zum 3. des Monats"); as Norwegian
	// for December it is cut short with a full stop, or has its year.
	if low == "des" && yearWords == "" && !strings.HasSuffix(x.text[x.start:x.end], ".") {
		return claimline.DateMention{}, false
	}
	if yearWords == "" && x.end > 0 && x.text[x.end-1] == '.' && (len(low) > 4 || otherMonthNames[low]) {
		x.end-- // the full stop ends the sentence, not an abbreviation
	}
	if yearWords != "" {
		return day(atoi(yearWords), mo, d)
	}
	prev, _, _ := wordBefore(x.text, x.start)
	lineStart := strings.TrimSpace(x.text[strings.LastIndexByte(x.text[:x.start], '\n')+1:x.start]) == ""
	switch {
	case lineStart, low == "may" || low == "march":
		return claimline.DateMention{}, false
	case capitalised(name) && month(low) != 0 && !germanBeforeDay[strings.ToLower(prev)]:
		return claimline.DateMention{}, false
	}
	return dayOfMonth(x, mo, d)
}

// otherMonthYear is a month and a year in Norwegian, Danish, Swedish or
// German ("im Juli 2022", "i mars 2023"). "Mars" with a capital is the
// planet ("Mars 2020"); Nordic languages write months in lower case.
func otherMonthYear(x *match) (claimline.DateMention, bool) {
	if x.g[1] == "Mars" || x.g[1] == "MARS" {
		return claimline.DateMention{}, false
	}
	mo := claimline.OtherMonth(x.g[1])
	return claimline.DateMention{Date: claimline.Date{Year: atoi(x.g[2]), Month: mo, Precision: claimline.PrecisionMonth}, Resolved: true}, mo != 0
}
