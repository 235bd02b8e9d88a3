package dates

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"claimline/internal/claimline"
)

// French writes its months and weekdays in lower case, the day before the
// month ("le 6 janvier", "le 1er février"), and a word of direction after
// the name ("lundi dernier", "le mois prochain"). Its rules read only the
// French names, so that English text is never read by them; which way a
// date without its year points is read from French tenses (frenchWay).

var (
	frMonthRE   = alternation(claimline.FrenchMonthNames())
	frWeekdayRE = alternation(claimline.FrenchWeekdayNames())
)

// frDayRE is a day of the month: "6", "06", "1er".
const frDayRE = `(1er|\d{1,2})`

// frenchMonthWords are the words after which a month without a day or a
// year is a date ("en mars", "depuis mai", "fin octobre"): "mars" is also
// the planet, "Mai" a name.
var frenchMonthWords = setOf("en depuis dès de jusqu'en jusqu’en d'ici d’ici avant après vers pour")

// frenchAbbreviations are French month names cut short ("sept" is
// also seven: a month alone is never cut short).
var frenchAbbreviations = setOf("janv févr fevr avr juil sept oct nov déc dec")

// frenchMonth returns the month a French name stands for, 0 if none.
func frenchMonth(w string) int { return claimline.FrenchMonth(w) }

// fullStop leaves out of the words a full stop after a month written in
// full: it ends the sentence ("le 6 janvier.").
func fullStop(x *match, name string) {
	if !frenchAbbreviations[strings.ToLower(name)] && strings.HasSuffix(x.text[x.start:x.end], ".") {
		x.end--
	}
}

// frenchRules are the rules of French forms, whose dates without a year
// French tenses place: its days, tried before "14. mai 2023" is read as a
// Norwegian day, and the rest, tried after it (else "mai 2023" would be
// taken first).
func frenchRules() (days, rest []rule) {
	monthStart := func(w word) bool {
		low, _ := strings.CutPrefix(strings.TrimPrefix(strings.TrimPrefix(w.low, "d'"), "d’"), "mi-")
		return claimline.FrenchMonth(low) != 0 || w.low == "début" || w.low == "fin" || w.low == "courant"
	}
	// A year or a word of direction after the month: "5 janvier 2024",
	// "5 janvier dernier".
	after := `(?: (\d{4})\b| (dernier|prochain)\b)?`
	rs := []rule{
		{"span of days", oneOf("du entre"), `(?i)\b(?:du|entre le) ` + frDayRE + ` (?:au|et le) ` + frDayRE + ` ` + frMonthRE + `\b\.?(?: (\d{4})\b)?`, frenchSpan},
		{"day and month", digits, `(?i)\b` + frDayRE + ` ` + frMonthRE + `\b\.?` + after, frenchDay},
		{"month", monthStart, `(?i)\b(?:(début|fin|courant) |(mi-)|(d['’]))?` + frMonthRE + `\b\.?` + after, frenchMonthOf},
		{"weekday", func(w word) bool { _, ok := claimline.FrenchWeekday(w.low); return ok }, `(?i)\b` + frWeekdayRE + `(?: (dernier|prochain)\b)?\b`, frenchWeekday},
		{"part of a day", oneOf("hier avant-hier aujourd'hui aujourd’hui demain après-demain ce"),
			`(?i)\b(avant-hier|après-demain|hier|aujourd['’]hui|demain|ce matin|ce soir)\b`, frenchPartOfDay},
		// No \b at the end: Go's is ASCII, and "passé" ends on a letter
		// that is not (frenchSpanOf looks at what follows).
		{"this, last or next week, month or year", oneOf("la le l'année l’année l'an l’an cette ce"),
			`(?i)\b(la semaine|le mois|l['’]année|l['’]an) (dernière|dernier|passée|passé|prochaine|prochain)|\b(cette semaine|ce mois-ci|cette année)`, frenchSpanOf},
	}
	for i := range rs {
		resolve := rs[i].resolve
		rs[i].resolve = func(x *match) (claimline.DateMention, bool) {
			x.french = true
			return resolve(x)
		}
	}
	return rs[:2], rs[2:]
}

// frenchDayNumber reads "1er" and "6".
func frenchDayNumber(s string) int { return atoi(strings.TrimSuffix(s, "er")) }

// frenchSpan is "du 5 au 9 janvier" or "entre le 5 et le 9 janvier 2024".
func frenchSpan(x *match) (claimline.DateMention, bool) {
	fullStop(x, x.g[3])
	return daysOfMonth(x, frenchMonth(x.g[3]), frenchDayNumber(x.g[1]), frenchDayNumber(x.g[2]), x.g[4])
}

// frenchDay is "6 janvier 2024", "1er février", "5 janvier dernier": the
// year as written or else the one the words or the sentence point to.
// "Mars" and "Mai" with a capital and no year are names.
func frenchDay(x *match) (claimline.DateMention, bool) {
	d, name, y := frenchDayNumber(x.g[1]), x.g[2], x.g[3]
	fullStop(x, name)
	if y != "" {
		return day(atoi(y), frenchMonth(name), d)
	}
	if name == "Mars" || name == "Mai" {
		return claimline.DateMention{}, false
	}
	// "5 Oct", "12 Nov.", "3 sept" are English too: without a French word
	// around them they are left to the English rules, which read English
	// tenses ("will meet on 5 Oct").
	if prev, _, _ := wordBefore(x.text, x.start); month(name) != 0 && x.g[4] == "" && !strings.HasSuffix(x.g[1], "er") &&
		!frenchDayWords[strings.ToLower(prev)] {
		return claimline.DateMention{}, false
	}
	x.pointed(x.g[4])
	return dayOfMonth(x, frenchMonth(name), d)
}

// frenchDayWords are the words before a day in French ("le 5 oct.", "du
// 3 au 9", "dès le 2").
var frenchDayWords = setOf("le du au dès depuis jusqu'au jusqu’au avant après vers ce")

// frenchMonthOf is a month with its year ("octobre 2023", "fin octobre
// 2023"), or without it after a word that makes it a date ("en
// novembre", "début janvier", "mi-janvier", "courant mars", "d'octobre",
// "en janvier dernier"): the month, at its precision, as "mid-May" and
// "late October 2023" are read in English. Without a year it is written
// in lower case: "Mars" is the planet.
func frenchMonthOf(x *match) (claimline.DateMention, bool) {
	qualifier, mi, elided, name, y := x.g[1], x.g[2], x.g[3], x.g[4], x.g[5]
	x.start += len(elided) // "d'octobre": the month, not the article
	fullStop(x, name)
	mo := frenchMonth(name)
	if y != "" {
		if name == "Mars" || name == "MARS" { // "Mars 2020", the rover
			return claimline.DateMention{}, false
		}
		return claimline.DateMention{Date: claimline.Date{Year: atoi(y), Month: mo, Precision: claimline.PrecisionMonth}, Resolved: true}, true
	}
	prev, _, _ := wordBefore(x.text, x.start)
	if capitalised(name) || frenchAbbreviations[strings.ToLower(name)] || qualifier == "" && mi == "" && elided == "" && !frenchMonthWords[strings.ToLower(prev)] {
		return claimline.DateMention{}, false
	}
	x.pointed(x.g[6])
	return monthWithoutYear(x, mo)
}

// frenchWeekday is "mardi", "lundi dernier", "jeudi prochain": resolved as
// the English weekday is ("dernier" is "last", "prochain" "next"). "Mardi
// gras" is a feast, not a Tuesday.
func frenchWeekday(x *match) (claimline.DateMention, bool) {
	if strings.EqualFold(wordAfter(x.text, x.end), "gras") {
		return claimline.DateMention{}, false
	}
	d, _ := claimline.FrenchWeekday(x.g[1])
	return weekdayPointed(x, d, strings.ToLower(x.g[2]))
}

// frenchPartOfDay is "hier", "aujourd'hui", "demain", "ce soir": the
// published day or one near it. "Aujourd'hui en France" is a newspaper.
func frenchPartOfDay(x *match) (claimline.DateMention, bool) {
	if strings.HasPrefix(x.text[x.end:], " en France") {
		return claimline.DateMention{}, false
	}
	return dayNear(x)
}

// frenchSpanOf is "la semaine dernière", "le mois prochain", "l'an
// dernier", "cette année": read as "last week", "next month", "last
// year", "this year".
func frenchSpanOf(x *match) (claimline.DateMention, bool) {
	if r, _ := utf8.DecodeRuneInString(x.text[x.end:]); unicode.IsLetter(r) {
		return claimline.DateMention{}, false
	}
	unit, which := strings.ToLower(x.g[1]), "this"
	if x.g[3] != "" {
		unit = strings.ToLower(x.g[3])
	} else if strings.HasPrefix(strings.ToLower(x.g[2]), "prochain") {
		which = "next"
	} else {
		which = "last"
	}
	switch {
	case strings.Contains(unit, "semaine"):
		unit = "week"
	case strings.Contains(unit, "mois"):
		unit = "month"
	default:
		unit = "year"
	}
	return spanOf(x.pub, which, unit)
}

// frenchDayOffset is the day "hier", "demain" and the like name, from the
// day they were said, and whether the words are French.
func frenchDayOffset(w string) (int, bool) {
	switch strings.ReplaceAll(w, "’", "'") {
	case "avant-hier":
		return -2, true
	case "hier":
		return -1, true
	case "aujourd'hui", "ce matin", "ce soir":
		return 0, true
	case "demain":
		return 1, true
	case "après-demain":
		return 2, true
	}
	return 0, false
}

// French cues of tense (frenchWay), built on first use.
var frenchCues = sync.OnceValue(func() map[string]way {
	cues := map[string]way{}
	for _, w := range strings.Fields("va vont allons sera seront aura auront devra devront devrait devraient doit doivent " +
		"prévu prévue prévus prévues programmé programmée demain prochain prochaine prochainement compte comptent entend envisage " +
		"réunit débute commence ouvre reprend expire") {
		cues[w] = lookAhead
	}
	// "a", "ont", "avait" make the passé composé and the plus-que-parfait
	// ("a annoncé", "avait perdu"); "est" and "sont" are read by frenchCue.
	for _, w := range strings.Fields("a ont avait avaient eut eurent était étaient fut furent hier depuis dernier dernière récemment") {
		cues[w] = lookBack
	}
	// The conditional leaves it open, as "would" does.
	for _, w := range strings.Fields("serait seraient aurait auraient pourrait pourraient") {
		cues[w] = closest
	}
	return cues
})

// notFrench are words that end as a French tense and are none.
var notFrench = setOf("caméra opéra extra front affront sierra mantra souhait extrait portrait parfait attrait retrait")

// frenchWay reads which way from publication the French words
// text[start:end] point: the nearest cue of tense in their clause, before
// them, then after them ("a annoncé mardi", "se réunira jeudi", "s'était
// décrochée le 5 janvier"); "depuis" right before them points back, "d'ici"
// ahead; a time opening its sentence ("Mardi, le ministre a annoncé…")
// takes the tense of what follows; else the nearest occurrence.
func frenchWay(text string, start, end int) way {
	sa, sb := sentenceBounds(text, start, end)
	ca, cb := clauseBounds(text, sa, sb, start, end)
	left, right := tokens(text[ca:start]), tokens(text[end:cb])
	for i := len(left) - 1; i >= 0 && i >= len(left)-3; i-- {
		switch elided(left[i].low) {
		case "depuis":
			return way{dir: back, why: "“depuis” points back"}
		case "ici": // "d'ici"
			return way{dir: ahead, why: "“d'ici” points ahead"}
		}
	}
	for i := len(left) - 1; i >= 0; i-- {
		if w, ok := frenchCue(left, i); ok {
			return w
		}
	}
	for i := range right {
		if w, ok := frenchCue(right, i); ok {
			return w
		}
	}
	if strings.IndexFunc(text[sa:ca], unicode.IsLetter) < 0 && strings.HasPrefix(text[cb:], ", ") && len(left) <= 3 {
		rest := tokens(text[cb:sb])
		for i := range rest {
			if w, ok := frenchCue(rest, i); ok {
				return w
			}
		}
	}
	return closest
}

// frenchCue reads toks[i] as a cue of tense, false when it is none.
func frenchCue(toks []token, i int) (way, bool) {
	t, next := elided(toks[i].low), ""
	if i+1 < len(toks) {
		next = elided(toks[i+1].low)
	}
	if w, ok := frenchCues()[t]; ok {
		if t == "a" && next == "lieu" { // "a lieu jeudi": takes place
			return lookAhead, true
		}
		return w, true
	}
	switch {
	case notFrench[t] || len(t) < 5:
	case t == "est" || t == "sont":
	case strings.HasSuffix(t, "rait") || strings.HasSuffix(t, "raient"):
		return closest, true
	case strings.HasSuffix(t, "ait") || strings.HasSuffix(t, "aient"): // the imperfect
		return lookBack, true
	case strings.HasSuffix(t, "ra") || strings.HasSuffix(t, "ront"): // the future
		return lookAhead, true
	}
	if t == "est" || t == "sont" { // "s'est produit", "est prévu"
		if w, ok := frenchCues()[next]; ok && w == lookAhead {
			return lookAhead, true
		}
		if participle(next) {
			return lookBack, true
		}
	}
	return way{}, false
}

// participle says whether a word looks like a French past participle:
// "arrivé", "décrochée", "produit", "venu".
func participle(w string) bool {
	for _, end := range []string{"é", "ée", "és", "ées", "i", "ie", "is", "it", "u", "ue", "us"} {
		if len(w) > 3 && strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// elided returns a word without an elided article or pronoun: "s'est" is
// "est", "n'a" is "a".
func elided(w string) string {
	if i := strings.IndexByte(w, '\''); i >= 0 && i <= 4 {
		return w[i+1:]
	}
	return w
}
