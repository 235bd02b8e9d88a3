package lexicon

import (
	"math"
	"strconv"
	"strings"

	"claimline/internal/search"
)

// Quantities. A number is read in digits ("300", "1,340", "5.25", "32nd",
// "4bn") or in words ("three hundred", "ninety-nine", "thirty-second", "one
// and a quarter"), then its unit, if one follows ("per cent", "%", "miles",
// "basis points"). Its forms are the ways news reports write the same
// value: in digits and in words, and converted into the other units of its
// kind where a plain conversion exists (miles and kilometres, years and
// centuries, percentage and basis points). The search index cuts "1,340"
// into the words "1" and "340" and keeps no "%": forms are written the same
// way. So the index also finds "4" in "4.50" and "340" in "1,340";
// Form.Match does not (partOfNumber).

// quantity is a number read in a text.
type quantity struct {
	value    float64
	ordinal  bool // "32nd", "thirty-second"
	grouped  bool // written with thousands separators ("1,340")
	unit     *unit
	fraction bool // only a fraction word ("a quarter", "half"): a quantity only with a unit of points
}

// unit is a unit of measure, with the names it is written under.
type unit struct {
	dim    string  // what it measures; units of one dim convert into each other
	factor float64 // its size in the dim's base unit (for temperatures, see convert)
	names  []string
	to     []string // the names of the units it is converted into, by their first name
}

// units are the units read after a number. The first name of each names it.
var units = []*unit{
	{dim: "percent", factor: 1, names: []string{"percent", "per cent", "pc", "pct", "percentage", "prosent", "procent"}},
	{dim: "points", factor: 1, names: []string{"percentage points", "percentage point", "percentage-point", "points", "point"}, to: []string{"basis points"}},
	{dim: "points", factor: 0.01, names: []string{"basis points", "basis point", "bps", "bp"}, to: []string{"percentage points"}},
	{dim: "length", factor: 1609.344, names: []string{"miles", "mile"}, to: []string{"kilometres"}},
	{dim: "length", factor: 1852, names: []string{"nautical miles", "nautical mile"}, to: []string{"kilometres"}},
	{dim: "length", factor: 1000, names: []string{"kilometres", "kilometre", "kilometers", "kilometer", "km", "kms"}, to: []string{"miles"}},
	{dim: "length", factor: 1, names: []string{"metres", "metre", "meters", "meter"}, to: []string{"feet"}},
	{dim: "length", factor: 0.3048, names: []string{"feet", "foot", "ft"}, to: []string{"metres"}},
	{dim: "area", factor: 1e6, names: []string{"square kilometres", "square kilometre", "square kilometers", "square kilometer", "sq km"}, to: []string{"square miles"}},
	{dim: "area", factor: 2589988.110336, names: []string{"square miles", "square mile", "sq miles"}, to: []string{"square kilometres"}},
	{dim: "area", factor: 1e4, names: []string{"hectares", "hectare"}, to: []string{"acres"}},
	{dim: "area", factor: 4046.8564224, names: []string{"acres", "acre"}, to: []string{"hectares"}},
	{dim: "mass", factor: 1, names: []string{"kilograms", "kilogram", "kg", "kilos", "kilo"}},
	{dim: "mass", factor: 1000, names: []string{"tonnes", "tonne", "metric tons", "tons", "ton"}},
	{dim: "volume", factor: 1, names: []string{"litres", "litre", "liters", "liter"}, to: []string{"gallons"}},
	{dim: "volume", factor: 3.785411784, names: []string{"gallons", "gallon"}, to: []string{"litres"}},
	{dim: "temperature", factor: 1, names: []string{"degrees celsius", "degrees centigrade", "celsius", "centigrade", "degrees c"}, to: []string{"degrees fahrenheit"}},
	{dim: "temperature", factor: 0, names: []string{"degrees fahrenheit", "fahrenheit", "degrees f"}, to: []string{"degrees celsius"}},
	{dim: "years", factor: 1, names: []string{"years", "year"}, to: []string{"decades", "centuries"}},
	{dim: "years", factor: 10, names: []string{"decades", "decade"}, to: []string{"years"}},
	{dim: "years", factor: 100, names: []string{"centuries", "century"}, to: []string{"years"}},
	{dim: "days", factor: 1, names: []string{"days", "day"}, to: []string{"weeks"}},
	{dim: "days", factor: 7, names: []string{"weeks", "week"}, to: []string{"days"}},
}

// unitNames are the units' names as words, longest first, for reading a
// unit after a number.
var unitNames = func() []struct {
	keys []string
	unit *unit
} {
	var out []struct {
		keys []string
		unit *unit
	}
	for _, u := range units {
		for _, n := range u.names {
			var keys []string
			for _, w := range search.Words(n) {
				keys = append(keys, w.Key)
			}
			out = append(out, struct {
				keys []string
				unit *unit
			}{keys, u})
		}
	}
	// Longest first: "nautical miles" before "miles", "basis points" before "points".
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].keys) > len(out[j-1].keys); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

// unitNamed returns the unit whose first name is name.
func unitNamed(name string) *unit {
	for _, u := range units {
		if u.names[0] == name {
			return u
		}
	}
	panic("lexicon: no unit " + name)
}

// quantityTerms returns the terms of the quantity that text's words hold at
// i, its number and its unit if it has one, and how many words they take;
// 0 when there is no quantity at i.
func quantityTerms(text string, words []search.Word, i int) ([]Term, int) {
	q, n := readNumber(text, words, i)
	if n == 0 {
		return nil, 0
	}
	u, m := readUnit(text, words, i+n)
	if q.fraction && (u == nil || u.dim != "points") {
		return nil, 0 // "half", "a quarter": words, unless of a point
	}
	q.unit = u
	n += m
	span := text[words[i].Start:words[i+n-1].End]
	if u != nil && m == 0 { // "99%": the sign is no word
		span = text[words[i].Start : words[i+n-1].End+len("%")]
	}
	out := []Term{{Text: span, ID: q.id(), Kind: Quantity, Forms: q.forms(), Date: numberDate(text, words, i, n, q)}}
	if u != nil {
		out = append(out, unitTerm(u, span))
	}
	return out, n
}

// unitTerm is a unit as a term: its names and those of the units it
// converts into.
func unitTerm(u *unit, span string) Term {
	t := Term{Text: span, ID: "u:" + u.dim, Kind: Unit}
	for _, name := range u.names {
		t.Forms = append(t.Forms, newForm(name, false))
	}
	for _, to := range u.to {
		for _, name := range unitNamed(to).names {
			t.Forms = append(t.Forms, newForm(name, false))
		}
	}
	return t
}

// id names the quantity's value, the same however it is written: in the
// base unit of its kind.
func (q quantity) id() string {
	v, dim := q.value, ""
	if q.unit != nil {
		dim = q.unit.dim
		if dim == "temperature" && q.unit.factor == 0 {
			v = (v - 32) * 5 / 9
		} else {
			v *= q.unit.factor
		}
	}
	kind := "q:"
	if q.ordinal {
		kind = "o:"
	}
	return kind + dim + ":" + strconv.FormatFloat(roundSig(v, 4), 'g', -1, 64)
}

// forms returns the ways of writing the quantity: its number in digits and
// in words, and, when it has a unit, its value in the units it converts
// into.
func (q quantity) forms() []Form {
	if q.ordinal {
		return ordinalForms(int64(q.value))
	}
	out := numberForms(q.value, q.grouped)
	if q.unit == nil {
		return out
	}
	if v := q.value; v == math.Trunc(v) && v < 1000 {
		// "5%" is also "5.0 per cent", "4.00 percent": the "5" of
		// "5.0" is no number of its own (Form.Match).
		n := strconv.FormatFloat(v, 'f', 0, 64)
		out = append(out, newForm(n+".0", false), newForm(n+".00", false))
	}
	if q.unit.dim == "points" {
		// "25" alone would find every "5.25%": points only with their unit.
		out = append(withUnit(out, q.unit), pointForms(q.value*q.unit.factor)...)
	}
	for _, to := range q.unit.to {
		t := unitNamed(to)
		v := convert(q.value, q.unit, t)
		for _, r := range roundings(v, t.dim) {
			nf := numberForms(r, true)
			if r >= 100 && t.dim != "points" {
				out = append(out, nf...) // "1,340": a number that size says enough
				continue
			}
			out = append(out, withUnit(nf, t)...) // "2 centuries", "25 basis points"
		}
	}
	return out
}

// withUnit returns each form followed by each name of u.
func withUnit(forms []Form, u *unit) []Form {
	var out []Form
	for _, f := range forms {
		for _, name := range u.names {
			out = append(out, newForm(f.String()+" "+name, false))
		}
	}
	return out
}

// pointForms are the ways of writing a change of a quarter, half or three
// quarters of a percentage point in words.
func pointForms(pp float64) []Form {
	word := map[float64]string{0.25: "quarter", 0.5: "half", 0.75: "three quarters"}[pp]
	if word == "" {
		return nil
	}
	var out []Form
	for _, s := range []string{"%s point", "%s percentage point", "%s of a percentage point", "%s of a point", "%s a percentage point", "%s a point"} {
		out = append(out, newForm(strings.Replace(s, "%s", word, 1), false))
	}
	return out
}

// convert returns v of unit from in unit to.
func convert(v float64, from, to *unit) float64 {
	if from.dim == "temperature" {
		if from.factor == 0 { // Fahrenheit to Celsius
			return (v - 32) * 5 / 9
		}
		return v*9/5 + 32
	}
	return v * from.factor / to.factor
}

// roundings returns the values a report may write for v: as it is (whole,
// or to a hundredth below 10), and to three and two significant figures. Years, days
// and weeks are counted whole: 200 years are 2 centuries, never 1.4
// decades.
func roundings(v float64, dim string) []float64 {
	if v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	whole := dim == "years" || dim == "days"
	if whole && v != math.Round(v) {
		return nil
	}
	var out []float64
	add := func(r float64) {
		for _, o := range out {
			if o == r {
				return
			}
		}
		out = append(out, r)
	}
	if v >= 10 {
		add(math.Round(v))
	} else {
		add(math.Round(v*100) / 100)
	}
	add(roundSig(v, 3))
	add(roundSig(v, 2))
	return out
}

// roundSig rounds v to n significant figures.
func roundSig(v float64, n int) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// numberForms returns the ways of writing v: in digits ("1,340" is the
// words "1 340" of the index, "5.25" the words "5 25"), and in words for
// whole numbers under a thousand and round thousands and millions. grouped
// adds the form with thousands separators for a number of four digits,
// which a year never has.
func numberForms(v float64, grouped bool) []Form {
	var out []Form
	add := func(s string) { out = append(out, newForm(s, false)) }
	if v != math.Trunc(v) || v >= 1e15 {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		add(s)
		if dot := strings.IndexByte(s, '.'); dot >= 0 && len(s)-dot == 2 && v < 1000 {
			add(s + "0") // rates are written to two decimals: 4.5 is also "4.50"
		}
		if v >= 1e6 {
			out = append(out, scaledForms(v)...)
		}
		if w := fractionWords(v); w != "" {
			add(w)
		}
		return out
	}
	n := int64(v)
	add(strconv.FormatInt(n, 10))
	if n >= 10000 || n >= 1000 && grouped {
		add(group(n))
	}
	if n >= 1e6 {
		out = append(out, scaledForms(v)...)
	} else if n >= 1000 && n%1000 == 0 {
		add(strconv.FormatInt(n/1000, 10) + "k")
	}
	for _, w := range spell(n) {
		add(w)
	}
	return out
}

// scaledForms writes a number of a million or more in millions, billions
// or trillions: "1.4 billion", "1.4bn".
func scaledForms(v float64) []Form {
	var out []Form
	for _, s := range []struct {
		size  float64
		words []string
	}{{1e12, []string{" trillion", "tn"}}, {1e9, []string{" billion", "bn"}}, {1e6, []string{" million", "m", "mn"}}} {
		if v < s.size {
			continue
		}
		x := strconv.FormatFloat(v/s.size, 'f', -1, 64)
		if len(x) > 6 {
			break // not a round number of them
		}
		for _, w := range s.words {
			out = append(out, newForm(x+w, false))
		}
		break
	}
	return out
}

// group writes n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fractionWords writes a number and a quarter, a half or three quarters in
// words ("one and a quarter"), for numbers from 1 to 99.
func fractionWords(v float64) string {
	whole, frac := math.Modf(v)
	word := map[float64]string{0.25: "and a quarter", 0.5: "and a half", 0.75: "and three quarters"}[frac]
	if word == "" || whole < 1 || whole > 99 {
		return ""
	}
	return spell(int64(whole))[0] + " " + word
}

// Number words.
var (
	smallNumbers = strings.Fields("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
	tensNumbers  = strings.Fields("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
	smallOrdinal = strings.Fields("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth")
	tensOrdinal  = strings.Fields("_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth")
	scaleWords   = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
)

// spell writes n in words, as reports do: "ninety-nine", "one hundred and
// twenty" (and "a hundred and twenty", "one hundred twenty"), "seven
// hundred thousand". Only numbers under a thousand, and round thousands
// and millions under a thousand of them, are written; others have none.
func spell(n int64) []string {
	switch {
	case n < 0:
		return nil
	case n < 100:
		return []string{under100(n)}
	case n < 1000:
		h := smallNumbers[n/100] + " hundred"
		if n%100 == 0 {
			if n/100 == 1 {
				return []string{h, "a hundred"}
			}
			return []string{h}
		}
		rest := under100(n % 100)
		out := []string{h + " and " + rest, h + " " + rest}
		if n/100 == 1 {
			out = append(out, "a hundred and "+rest)
		}
		return out
	}
	for _, s := range []struct {
		size int64
		word string
	}{{1e6, " million"}, {1e3, " thousand"}} {
		if n%s.size == 0 && n/s.size < 1000 {
			var out []string
			for _, w := range spell(n / s.size) {
				out = append(out, w+s.word)
			}
			return out
		}
	}
	return nil
}

// under100 writes a number under a hundred in words.
func under100(n int64) string {
	if n < 20 {
		return smallNumbers[n]
	}
	if n%10 == 0 {
		return tensNumbers[n/10]
	}
	return tensNumbers[n/10] + "-" + smallNumbers[n%10]
}

// ordinalForms writes an ordinal in digits ("32nd") and, under a hundred,
// in words ("thirty-second").
func ordinalForms(n int64) []Form {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	out := []Form{newForm(strconv.FormatInt(n, 10)+suffix, false)}
	switch {
	case n < 20:
		out = append(out, newForm(smallOrdinal[n], false))
	case n < 100 && n%10 == 0:
		out = append(out, newForm(tensOrdinal[n/10], false))
	case n < 100:
		out = append(out, newForm(tensNumbers[n/10]+"-"+smallOrdinal[n%10], false))
	}
	return out
}

// readNumber reads a number at words[i], in digits or in words, and
// returns it and how many words it takes; 0 when there is none.
func readNumber(text string, words []search.Word, i int) (quantity, int) {
	if q, n := readDigits(text, words, i); n > 0 {
		return q, n
	}
	return readNumberWords(text, words, i)
}

// word returns the text of words[i], in lower case.
func word(text string, words []search.Word, i int) string {
	return strings.ToLower(text[words[i].Start:words[i].End])
}

// between returns the text between words[i] and words[i+1].
func between(text string, words []search.Word, i int) string {
	if i+1 >= len(words) {
		return text[words[i].End:]
	}
	return text[words[i].End:words[i+1].Start]
}

// digitSuffixes are what may follow the digits of a number within its
// word: an ordinal's ending, or a scale.
var digitSuffixes = map[string]float64{"st": 0, "nd": 0, "rd": 0, "th": 0, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}

// readDigits reads a number written in digits: "300", "1,340", "5.25",
// "32nd", "4bn", "1.4 billion".
func readDigits(text string, words []search.Word, i int) (quantity, int) {
	w := word(text, words, i)
	d := len(w) - len(strings.TrimLeft(w, "0123456789"))
	if d == 0 {
		return quantity{}, 0
	}
	digits, suffix := w[:d], w[d:]
	scale, ok := digitSuffixes[suffix]
	if !ok && suffix != "" {
		return quantity{}, 0 // "2024a", "f16": a name
	}
	q := quantity{}
	n := 1
	// Thousands groups: "1,340", "700,000".
	for suffix == "" && i+n < len(words) && between(text, words, i+n-1) == "," {
		next := word(text, words, i+n)
		g := len(next) - len(strings.TrimLeft(next, "0123456789"))
		if _, ok := digitSuffixes[next[g:]]; g != 3 || !ok && next[g:] != "" {
			break
		}
		digits += next[:3]
		suffix = next[3:]
		q.grouped = true
		n++
		if suffix != "" {
			if scale, ok = digitSuffixes[suffix]; !ok {
				return quantity{}, 0
			}
		}
	}
	// A decimal part: "5.25", "1.4bn", and "4,50" as Norwegian or German
	// write it (a comma before three digits groups thousands, above).
	if sep := between(text, words, i+n-1); suffix == "" && i+n < len(words) && (sep == "." || sep == "," && !q.grouped) {
		next := word(text, words, i+n)
		g := len(next) - len(strings.TrimLeft(next, "0123456789"))
		if g > 0 {
			if s, ok := digitSuffixes[next[g:]]; ok && s != 0 || next[g:] == "" {
				digits += "." + next[:g]
				suffix = next[g:]
				scale = s
				n++
			}
		}
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return quantity{}, 0
	}
	if suffix != "" && scale == 0 {
		q.ordinal = true
		if v != math.Trunc(v) {
			return quantity{}, 0
		}
	}
	if scale > 0 {
		v *= scale
	} else if i+n < len(words) && strings.TrimSpace(between(text, words, i+n-1)) == "" {
		if s, ok := scaleWords[word(text, words, i+n)]; ok { // "1.4 billion"
			v *= s
			n++
		}
	}
	q.value = v
	return q, n
}

// numberWord is the value of a number word: a small number, a ten, or an
// ordinal (ord set).
func numberWord(w string) (v int64, ord, ok bool) {
	for i, s := range smallNumbers {
		if w == s {
			return int64(i), false, true
		}
		if w == smallOrdinal[i] {
			return int64(i), true, true
		}
	}
	for i, s := range tensNumbers {
		if i >= 2 && w == s {
			return int64(i * 10), false, true
		}
		if i >= 2 && w == tensOrdinal[i] {
			return int64(i * 10), true, true
		}
	}
	return 0, false, false
}

// fractionWordValues are the fractions read in words.
var fractionWordValues = map[string]float64{"half": 0.5, "quarter": 0.25}

// readNumberWords reads a number written in words: "three hundred",
// "ninety-nine", "a hundred and twenty", "one and a quarter",
// "thirty-second", "seven hundred thousand"; and the fractions "half", "a
// quarter", "three quarters", which count as quantities only with a unit
// of points. "second" alone is a word (a time, an order), not a number.
func readNumberWords(text string, words []search.Word, i int) (quantity, int) {
	at := func(k int) string {
		if i+k < len(words) {
			return word(text, words, i+k)
		}
		return ""
	}
	k := 0
	if at(0) == "a" {
		k = 1
	}
	if f, ok := fractionWordValues[at(k)]; ok {
		return quantity{value: f, fraction: true}, k + 1
	}
	if at(0) == "three" && at(1) == "quarters" {
		return quantity{value: 0.75, fraction: true}, 2
	}
	var total, cur float64
	n, last := 0, "" // last: what the previous word was
	if k == 1 && (at(1) == "hundred" || scaleWords[at(1)] > 0) {
		cur, n, last = 1, 1, "a"
	}
	for {
		w := at(n)
		v, ord, isNumber := numberWord(w)
		switch {
		case isNumber && (last == "" || last == "hundred" || last == "scale" || last == "tens" && v > 0 && v < 10):
			if ord && last == "" && w == "second" {
				return quantity{}, 0
			}
			cur += float64(v)
			n++
			if ord {
				return quantity{value: total + cur, ordinal: true}, n
			}
			last = map[bool]string{true: "tens", false: "small"}[v >= 20]
			continue
		case w == "hundred" && (last == "small" || last == "a"):
			cur *= 100
			n, last = n+1, "hundred"
			continue
		case scaleWords[w] > 0 && last != "" && last != "scale":
			total += cur * scaleWords[w]
			cur = 0
			n, last = n+1, "scale"
			continue
		case w == "and" && (last == "hundred" || last == "scale"):
			if _, _, ok := numberWord(at(n + 1)); ok {
				n++
				continue
			}
		}
		if w == "and" && last != "" && last != "a" && at(n+1) == "a" { // "one and a half"
			if f, ok := fractionWordValues[at(n+2)]; ok {
				return quantity{value: total + cur + f}, n + 3
			}
		}
		break
	}
	if n == 0 || last == "a" {
		return quantity{}, 0
	}
	return quantity{value: total + cur}, n
}

// readUnit reads the unit after a number at words[j], and returns it and
// how many words it takes: none for a "%" sign, nil when there is no unit.
func readUnit(text string, words []search.Word, j int) (*unit, int) {
	if j > 0 && strings.HasPrefix(text[words[j-1].End:], "%") {
		return unitNamed("percent"), 0
	}
	if j >= len(words) {
		return nil, 0
	}
	// "of a percentage point", "a percentage point": after a fraction.
	skip := 0
	for skip < 2 && j+skip < len(words) && (word(text, words, j+skip) == "of" || word(text, words, j+skip) == "a") {
		skip++
	}
	for _, un := range unitNames {
		k := len(un.keys)
		if j+skip+k > len(words) {
			continue
		}
		ok := true
		for x, key := range un.keys {
			if words[j+skip+x].Key != key {
				ok = false
				break
			}
		}
		if ok {
			return un.unit, skip + k
		}
	}
	return nil, 0
}

// partOfNumber reports whether text[start:end], where a form matched, is
// only a part of a number the text writes: the "4" or the "50" of "4.50"
// or "4,50", the "340" of "1,340". The index cuts such numbers into words
// as it cuts "4 50", so its matches hold these too. The numbers of a date
// written with dots ("4.5.2023", "04.05.2023") are each a number of their
// own.
func partOfNumber(text string, start, end int) bool {
	from, to := start, end
	if start < end && isDigit(text[start]) {
		for from >= 2 && isNumberSep(text[from-1]) && isDigit(text[from-2]) {
			from -= 2
			for from > 0 && isDigit(text[from-1]) {
				from--
			}
		}
	}
	if start < end && isDigit(text[end-1]) {
		for to+1 < len(text) && isNumberSep(text[to]) && isDigit(text[to+1]) {
			to += 2
			for to < len(text) && isDigit(text[to]) {
				to++
			}
		}
	}
	return (from < start || to > end) && !dottedDate(text[from:to])
}

// JoinedNumbers reports whether text writes a number of digits joined by
// a point or a comma ("4.50", "1,340"): only in such a text may a form
// match only part of a number (partOfNumber), where the index, which cuts
// them into words, finds it.
func JoinedNumbers(text string) bool {
	for i := 1; i+1 < len(text); i++ {
		if isNumberSep(text[i]) && isDigit(text[i-1]) && isDigit(text[i+1]) {
			return true
		}
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// isNumberSep reports whether b joins the digits of one number: a decimal
// point or comma, or a thousands separator.
func isNumberSep(b byte) bool { return b == '.' || b == ',' }

// dottedDate reports whether s, digits joined by separators, is a date
// written with dots: day, month and year ("4.5.2023", "04.05.23").
func dottedDate(s string) bool {
	parts := strings.Split(s, ".")
	return len(parts) == 3 && len(parts[0]) <= 2 && len(parts[1]) <= 2 && (len(parts[2]) == 2 || len(parts[2]) == 4) &&
		!strings.Contains(s, ",")
}
