package dates

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"claimline/internal/claimline"
)

// A date written without its year, a weekday, a month or a named day is
// one occurrence among several. Which one the writer means is read from
// the sentence around the words:
//
//  1. the nearest cue in the words' own clause (before them, then after):
//     a future or modal verb ("will", "is expected to", "meets", "may")
//     points ahead; a past tense or present perfect ("voted", "said", "has
//     struck", "was", "since") points back; "would", "could" and "was
//     expected to" leave it open;
//  2. a preposition right before them: "since" points back; "until",
//     "through", "by", "before" point ahead, unless the clause is in the
//     past: a past that lasted "until" the date puts it back ("the
//     contract ran until Jan. 15"); a date after a past event says nothing
//     of publication ("voted to fund it through Dec. 20", "came before
//     the November election"): then the nearest;
//  3. else, for a time opening its sentence ("On Sunday, the union
//     announced…"), the cue of the clauses that follow;
//  4. else the occurrence nearest the publication date.

// way is which occurrence of a date without a year the sentence asks for.
type way struct {
	dir    int  // nearest, ahead or back
	strict bool // "next", "last": never the published day itself
	why    string
}

const (
	nearest = iota
	ahead
	back
)

var (
	lookAhead = way{dir: ahead, why: "the sentence looks ahead"}
	lookBack  = way{dir: back, why: "the sentence looks back"}
	closest   = way{dir: nearest, why: "nearest the published date"}
)

// note is the way as it ends a rule's name: " (the sentence looks ahead)".
func (w way) note() string {
	if w.why == "" {
		w = closest
	}
	return " (" + w.why + ")"
}

// occurrence is one candidate for words without a year: a day, a month,
// or a span of days from from to to.
type occurrence struct{ from, to claimline.Date }

func (o occurrence) start() time.Time { return o.from.Start() }

func (o occurrence) end() time.Time {
	if o.to.IsZero() {
		return o.from.End()
	}
	return o.to.End()
}

// choose returns, among the occurrences of the years around publication
// (at gives a year's, false for a year without one), the one w asks for:
// the nearest the published date, the first that does not end before it,
// or the last that does not start after it; "strict" leaves out those that
// overlap it. Ties go to the earlier one.
func choose(pub claimline.Date, w way, at func(year int) (occurrence, bool)) (occurrence, bool) {
	var cands []occurrence
	for y := pub.Year - 5; y <= pub.Year+5; y++ {
		if o, ok := at(y); ok {
			cands = append(cands, o)
		}
	}
	return pick(pub, w, cands)
}

// pick chooses among cands, in time order, as choose does.
func pick(pub claimline.Date, w way, cands []occurrence) (occurrence, bool) {
	ps, pe := pub.Start(), pub.End()
	var best occurrence
	var bestDist time.Duration
	found := false
	for _, o := range cands {
		os, oe := o.start(), o.end()
		before, after := !oe.After(ps), !os.Before(pe)
		switch {
		case w.dir == ahead && (before || w.strict && !after):
			continue
		case w.dir == back && (after || w.strict && !before):
			continue
		}
		var dist time.Duration
		switch {
		case after:
			dist = os.Sub(pe)
		case before:
			dist = ps.Sub(oe)
		}
		if !found || dist < bestDist {
			best, bestDist, found = o, dist, true
		}
	}
	return best, found
}

// directionAt reads which way from publication the words text[start:end]
// point (see the rules above).
func directionAt(text string, start, end int) way {
	lx := lexicon()
	sa, sb := sentenceBounds(text, start, end)
	ca, cb := clauseBounds(text, sa, sb, start, end)
	left, right := tokens(text[ca:start]), tokens(text[end:cb])
	verb, found, at := way{}, false, -1 // at: the verb's place in left, -1 when it is right of the date
	for i := len(left) - 1; i >= 0 && !found; i-- {
		if verb, found = cueAt(lx, left, i, i == len(left)-1); found {
			at = i
		}
	}
	for i := 0; i < len(right) && !found; i++ {
		verb, found = cueAt(lx, right, i, false)
	}
	if prep, word, open, ok := prepositionCue(lx, left); ok {
		switch {
		case prep.dir == back || !found || verb.dir == ahead:
			return prep
		case verb.dir == back && !open && (word == "until" || word == "till" || word == "through" || word == "thru") &&
			at >= 0 && !hasToken(left[at+1:], "to"):
			// "the contract ran until Jan. 15": the past lasted up to it.
			return verb
		}
		// "voted to fund the government through Dec. 20", "came before
		// the November election": the date comes after a past event,
		// which says nothing of publication.
		return closest
	}
	if w, ok := nounCue(lx, left, at); ok {
		return w
	}
	if found {
		return verb
	}
	// A time that opens its sentence before a comma ("On Sunday, the
	// union announced…", "Late on Wednesday, Democrats unveiled…") takes
	// the tense of the clauses after it; a topic that merely holds a date
	// ("As for the chances of a move in December, she said…") does not.
	if strings.IndexFunc(text[sa:ca], unicode.IsLetter) < 0 && strings.HasPrefix(text[cb:], ", ") && len(left) <= 3 {
		rest := tokens(text[cb:sb])
		for i := range rest {
			if w, ok := cueAt(lx, rest, i, false); ok {
				return w
			}
		}
	}
	return closest
}

// cueAt reads toks[i] as a cue of tense, false when it is none. last says
// it comes right before the date ("is Thursday").
func cueAt(lx *lexicons, toks []token, i int, last bool) (way, bool) {
	t := toks[i].low
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].low
		}
		return ""
	}
	prev := ""
	if i > 0 {
		prev = toks[i-1].low
	}
	switch {
	case lx.future[t] || strings.HasSuffix(t, "'ll"):
		return lookAhead, true
	case lx.intend[t]:
		if next(1) == "to" { // "plans to vote"; not "announced plans on Tuesday"
			return lookAhead, true
		}
	case lx.open[t] || strings.HasSuffix(t, "'d"):
		if perfect(next) {
			return lookBack, true
		}
		return closest, true
	case lx.modal[t]:
		if perfect(next) {
			return lookBack, true
		}
		return lookAhead, true
	case lx.be[t]:
		if last || lx.expect[next(1)] || lx.beAhead[next(1)] {
			return lookAhead, true
		}
	case lx.expect[t]:
		if lx.wasWere[prev] || i > 1 && lx.wasWere[toks[i-2].low] { // "was expected", "was not expected"
			return closest, true
		}
		if t != "set" || next(1) == "to" {
			return lookAhead, true
		}
	case lx.schedule[t]:
		return lookAhead, true
	case t == "has" || t == "have" || t == "'ve":
		for k := 1; k <= 2; k++ {
			if n := next(k); lx.participle[n] || pastEd(lx, n) || strings.HasSuffix(n, "en") && len(n) > 4 {
				return lookBack, true
			}
		}
	case lx.past[t]:
		return lookBack, true
	case pastEd(lx, t) && !capitalised(toks[i].raw) && !lx.determiner[prev] && !lx.be[prev] && prev != "be" && prev != "been" && prev != "being":
		return lookBack, true
	}
	return way{}, false
}

// perfect reports whether a modal verb is followed by "have" and a
// participle ("may have chosen", "would not have"), not by "have to".
func perfect(next func(int) string) bool {
	k := 1
	if next(k) == "not" {
		k++
	}
	return next(k) == "have" && next(k+1) != "to"
}

// pastEd reports whether w looks like a regular past tense ("voted",
// "approved").
func pastEd(lx *lexicons, w string) bool {
	return len(w) >= 5 && strings.HasSuffix(w, "ed") && !strings.Contains(w, "-") && !lx.notPast[w]
}

// prepositionCue reads the preposition right before the date, skipping
// "the", "early" and the like: "until", "through", "by", "before" point
// ahead, "since" back. It returns the preposition, and whether "after"
// came between ("until after the election").
func prepositionCue(lx *lexicons, left []token) (w way, word string, after, ok bool) {
	for i, n := len(left)-1, 0; i >= 0 && n < 3; i, n = i-1, n+1 {
		t := left[i].low
		switch {
		case lx.prepSkip[t]:
			after = after || t == "after"
			continue
		case lx.prepAhead[t]:
			return way{dir: ahead, why: "“" + t + "” points ahead"}, t, after, true
		case t == "since":
			return way{dir: back, why: "“since” points back"}, t, after, true
		}
		break
	}
	return way{}, "", false, false
}

// nounCue reads a date that belongs to a noun naming an event rather than
// to the verb: "its last projections in March" is an earlier one, "the
// next meeting in June" a later one; and what a reporting verb reports
// ("hinted at another increase in June", "said a rate increase in August
// was likely") is not placed by its tense, which dates the report: then
// the nearest. verbAt is the place in left of the verb cue, -1 for none.
func nounCue(lx *lexicons, left []token, verbAt int) (way, bool) {
	j := len(left) - 1
	if j >= 0 && lx.nounPrep[left[j].low] {
		j--
	}
	if j < 0 || !lx.event[left[j].low] && !lx.event[strings.TrimSuffix(left[j].low, "s")] {
		return way{}, false
	}
	for k := j - 1; k >= max(0, j-2); k-- {
		switch t := left[k].low; {
		case lx.earlier[t]:
			return way{dir: back, why: "“" + t + " " + left[j].low + "” looks back"}, true
		case lx.later[t]:
			return way{dir: ahead, why: "“" + t + " " + left[j].low + "” looks ahead"}, true
		}
	}
	if verbAt >= 0 && verbAt < j && lx.report[left[verbAt].low] {
		return way{dir: nearest, why: "what was " + left[verbAt].low + " is not dated by the report: nearest the published date"}, true
	}
	return way{}, false
}

// hasToken reports whether toks hold the word w.
func hasToken(toks []token, w string) bool {
	for _, t := range toks {
		if t.low == w {
			return true
		}
	}
	return false
}

// sentenceBounds returns the sentence around text[start:end]; it looks at
// most 600 bytes either way.
func sentenceBounds(text string, start, end int) (int, int) {
	a := start
	for a > 0 && start-a < 600 && !sentenceEndsBefore(text, a) {
		a--
	}
	b := end
	for b < len(text) && b-end < 600 && !sentenceEndsBefore(text, b) {
		b++
	}
	return a, b
}

// sentenceEndsBefore reports whether a sentence ends just before byte i:
// at a line break, or at a full stop, question or exclamation mark (and
// any closing quote) followed by a space, unless the stop ends an
// abbreviation ("Gov.", "U.S.", "a.m.").
func sentenceEndsBefore(text string, i int) bool {
	if i <= 0 || text[i-1] == '\n' {
		return true
	}
	if i >= len(text) || text[i] != ' ' {
		return false
	}
	k := i
	for k > 0 {
		if strings.HasSuffix(text[:k], "”") || strings.HasSuffix(text[:k], "’") {
			k -= len("”")
		} else if text[k-1] == '"' || text[k-1] == ')' {
			k--
		} else {
			break
		}
	}
	if k == 0 {
		return false
	}
	switch text[k-1] {
	case '!', '?':
		return true
	case '.':
		return !abbreviationBefore(text, k-1)
	}
	return false
}

// abbreviationBefore reports whether the full stop at text[dot] ends an
// abbreviation rather than a sentence.
func abbreviationBefore(text string, dot int) bool {
	j := dot
	for j > 0 && (text[j-1] >= 'a' && text[j-1] <= 'z' || text[j-1] >= 'A' && text[j-1] <= 'Z' || text[j-1] == '.') {
		j--
	}
	w := text[j:dot]
	switch {
	case w == "":
		return false
	case strings.Contains(w, ".") || len(w) == 1:
		return true
	}
	return lexicon().abbreviation[strings.ToLower(w)]
}

// clauseBounds returns the clause around text[start:end] within the
// sentence [sa, sb): bounded by commas, semicolons, colons, brackets,
// dashes and quotation marks.
func clauseBounds(text string, sa, sb, start, end int) (int, int) {
	a := start
	for a > sa {
		r, size := utf8.DecodeLastRuneInString(text[:a])
		if clauseMark(text, a-size, r) {
			break
		}
		a -= size
	}
	b := end
	for b < sb {
		r, size := utf8.DecodeRuneInString(text[b:])
		if clauseMark(text, b, r) {
			break
		}
		b += size
	}
	return a, b
}

// clauseMark reports whether the rune r at text[i] separates clauses.
func clauseMark(text string, i int, r rune) bool {
	switch r {
	case ';', '(', ')', '"', '“', '”', '—', '–', '\n':
		return true
	case ',', ':':
		return i+1 < len(text) && text[i+1] == ' '
	case '-':
		return i > 0 && text[i-1] == ' ' && i+1 < len(text) && text[i+1] == ' '
	}
	return false
}

type token struct{ raw, low string }

// tokens splits s into words, apostrophes and hyphens kept inside them.
func tokens(s string) []token {
	var out []token
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
	}) {
		if w = strings.Trim(w, "'’-"); w != "" {
			out = append(out, token{w, strings.ToLower(strings.ReplaceAll(w, "’", "'"))})
		}
	}
	return out
}

// lexicons are the word lists the reader uses, built on first use.
type lexicons struct {
	future, intend, open, modal, be, beAhead, wasWere, expect, schedule, past, participle, notPast map[string]bool
	determiner, prepAhead, prepSkip, monthWords, namedWeekday, abbreviation, superlative           map[string]bool
	event, nounPrep, earlier, later, report                                                        map[string]bool
}

var lexicon = sync.OnceValue(func() *lexicons {
	return &lexicons{
		future:   setOf("will shall won't wont gonna upcoming forthcoming ahead soon tomorrow expects expect"),
		intend:   setOf("plans plan intends intend aims aim hopes hope wants want seeks seek vows promises pledges threatens"),
		open:     setOf("would could wouldn't couldn't"),
		modal:    setOf("may might must should can cannot can't mustn't shouldn't"),
		be:       setOf("is are am 's 're"),
		wasWere:  setOf("was were had been wasn't weren't"),
		beAhead:  setOf("to on in at"),
		expect:   setOf("expected scheduled slated due poised planned set likely forecast"),
		schedule: setOf("meets begins starts ends expires resumes opens closes convenes takes arrives departs kicks runs reconvenes"),
		past: setOf("was were had did didn't wasn't weren't hadn't ago since earlier previously recently yesterday " +
			"said told made came went took gave got left met held began saw brought thought found sent spent built fell struck rose spoke " +
			"wrote chose drove broke became knew led paid sold stood understood kept felt heard meant sought taught caught fought bought " +
			"threw flew grew drew shook swore wore tore woke froze stole hid slid laid sat shot slept swept wept dealt bore forgot forgave " +
			"withdrew overtook undertook won lost ran blew sank sang rang drank swam bit lit fled spun stuck strode rode hung dug clung swung " +
			"sprang shrank arose awoke bled bred fed sped slew smote"),
		participle: setOf("been made said told taken given gone done seen become begun come held left met won lost put set cut hit struck " +
			"fallen risen grown shown known written spoken chosen broken driven eaten forgotten gotten got brought bought thought found kept " +
			"led paid sold sent spent built stood understood felt heard meant sought caught fought taught withdrawn drawn thrown flown blown " +
			"worn torn sworn shaken stolen frozen woken hidden beaten run had"),
		notPast: setOf("need indeed speed seed feed bleed breed proceed exceed succeed embed hundred kindred shed naked wicked sacred rugged " +
			"beloved learned aged crooked ragged wretched dogged jagged deed greed tweed reed steed creed weed heed screed based related " +
			"detailed limited advanced armed concerned interested required combined expected scheduled planned proposed so-called " +
			"supposed alleged unprecedented unexpected unidentified unnamed unrelated biased talented"),
		determiner: setOf("the a an this that these those its their his her our your my no any some each every another"),
		// Events a date can belong to (nounCue), singular: a plural is
		// read without its s.
		event: setOf("increase rise hike cut reduction move meeting vote election summit decision talks visit review projection " +
			"forecast announcement hearing trial ruling deadline launch release conference session round referendum offensive " +
			"ceasefire trip debate auction tightening easing change adjustment estimate survey inspection deal agreement"),
		nounPrep: setOf("in on at for"),
		earlier:  setOf("last previous prior earlier former preceding"),
		later:    setOf("next coming upcoming following subsequent"),
		report: setOf("said told hinted signalled signaled indicated announced warned predicted projected flagged suggested " +
			"noted stated added reported confirmed promised pledged proposed floated outlined forecast expected"),
		prepAhead:    setOf("until till through thru by before starting ahead"),
		prepSkip:     setOf("the early late mid after around about approximately"),
		monthWords:   setOf("in since until till by before after from through during early late mid last next this of the on for to around between"),
		namedWeekday: setOf("black good super bloody cyber holy fat blue giving shrove easter palm ash maundy whit remembrance"),
		abbreviation: setOf("mr mrs ms dr st gov sen rep gen lt col sgt capt jr sr inc corp co ltd no vs etc jan feb mar apr jun jul aug sep sept oct nov dec " +
			"mon tue tues wed thu thur thurs fri sat sun fla ga ala ariz ark calif colo conn del ill ind kan ky la md mass mich minn miss mo mont " +
			"neb nev okla ore pa tenn tex va vt wash wis wyo approx est dept univ pres"),
		superlative: setOf("first last only most least highest lowest biggest largest smallest best worst strongest weakest fastest slowest longest shortest"),
	}
})
