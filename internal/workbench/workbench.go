// Package workbench drafts timeline entries and claims from a passage
// selected in a source: the date the passage speaks of, whether it reports
// speech, the actors it names, a title. It proposes; the analyst checks and
// saves. It knows nothing of HTTP or SQL.
package workbench

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"claimline/internal/claimline"
	"claimline/internal/dates"
	"claimline/internal/quote"
)

// SpeechVerbs are the words that make a passage report speech, and so a
// statement: the one list, here. Words that are also common nouns
// ("states" in "United States", "claims") are left out. An entry may be a
// short pattern: a message sent or a statement issued is speech.
var SpeechVerbs = []string{
	"said", "says", "say", "saying", "told", "tells", "warned", "warns", "emphasised", "emphasized", "emphasises", "emphasizes",
	"announced", "announces", "announcing", "stated", "declared", "declares", "added", "urged", "urges", "urging", "reiterated",
	"asserted", "asserts", "cautioned", "claimed", "insisted", "argued", "vowed", "vows", "pledged", "promised",
	"stressed", "noted", "remarked", "replied", "responded", "described", "called", "condemned", "accused", "denied",
	"threatened", "signalled", "signaled", "indicated", "addressed", "acknowledged", "acknowledging", "admitted",
	"conceded", "confirmed", "disclosed", "endorsed", "endorses", "endorsing", "praised", "welcomed", "criticised",
	"criticized", "assailed", "tweeted", "wrote", "cited",
	`(?:sent|issued|released|posted) (?:an?|another|its|his|her|their) (?:\S+ )?(?:message|letter|email|memo|statement|press release|warning)`,
	`held an? (?:news|press) conference`,
	"testified", `(?:delivered|gave|made) (?:(?:an?|his|her|their|its) )?(?:\S+ ){0,2}?(?:testimony|speech|address|remarks|statement)`,
}

// Attributions name where a passage is known from without making it speech:
// "deposits were withdrawn, according to a filing" records the withdrawal.
var Attributions = []string{"according to"}

// Silences are the reporter's ways of saying that someone said nothing: a
// passage that records one is no statement.
var Silences = []string{
	"declined to comment", `(?:did|could|has|have|had) not (?:immediately )?(?:respond|reply|comment)`,
	`neither\b[^.]*?\bresponded`, `not (?:immediately )?available for comment`,
}

// ReportWords make a passage a report: what a news agency or a report says,
// even when told with a speech verb ("the NTSB said in a preliminary
// report").
var ReportWords = []string{"reported", "reports", "a report", "the report",
	`(?:said|says|found|finds|concluded) in (?:an?|its|the|their) (?:\S+ ){0,2}?report`}

// PolicyWords make a passage a policy move: decisions, votes, agreements,
// permissions, supplies, rate decisions and meetings of those who make
// them.
var PolicyWords = []string{
	"approved", "approves", "authorised", "authorized", "authorises", "authorizes", "allowed", "permitted",
	"lifted", "lifts", "eased", "imposed", "imposes", "sanctioned", "sanctions", "banned", "bans",
	"supplied", "supplies", "delivered", "sent", "agreed", "agrees", "signed", "decided", "decides",
	"adopted", "passed", "vetoed", "grounded", "ordered", "meeting", "met", "meet", "summit", "talks", "held talks",
	"voted", "votes", "vote", "voting", "upheld", "overturned", "ratified", "ratifies", "rejected", "ruled", "agreement", "deal", "struck a deal",
	`(?:raised|raises|lifted|cut|cuts|lowered|lowers|hiked|held|holds|kept|left)(?: \S+){0,4}? (?:interest )?rates?`,
}

// ActionWords make a passage an action: something done, on the ground, in
// a market or in an office.
var ActionWords = []string{
	"invaded", "invasion", "began", "launched", "attacked", "attack", "struck", "fired", "shelled", "bombed",
	"captured", "seized", "shot down", "killed", "destroyed", "advanced", "withdrew", "withdrawn", "deployed",
	"sold", "bought", "acquired", "transferred", "filed", "sued", "closed", "shut down", "shutting down", "halted",
	"took possession", "took control", "took over", "taken over", "created", "appointed", "dismissed", "resigned",
	"stepped down", "dropped out", "went on strike", "walked out", "walked off", "held",
	"replaced", "removed", "installed", "repaired", "inspected", "evacuated", "crashed", "exploded",
}

func wordsRE(words []string) string { return `\b(` + strings.Join(words, "|") + `)\b` }

// kindPatterns are the word lists as one pattern whose groups are, in
// order, silence, report, speech, policy move and action (where two match
// at one word, the first wins: "said in a report" is a report, "delivered
// testimony" speech rather than a delivery), and the pattern
// of speech and attributions alone; compiled when a passage is first
// drafted from rather than when the program starts.
var kindPatterns = sync.OnceValue(func() [2]*regexp.Regexp {
	lists := [][]string{Silences, ReportWords, SpeechVerbs, PolicyWords, ActionWords}
	groups := make([]string, len(lists))
	for i, l := range lists {
		groups[i] = wordsRE(l)
	}
	return [2]*regexp.Regexp{
		regexp.MustCompile(`(?i)` + strings.Join(groups, "|")),
		regexp.MustCompile(`(?i)` + wordsRE(append(slices.Clip(SpeechVerbs), Attributions...))),
	}
})

// kindOfGroup is the kind each group of the first pattern drafts.
var kindOfGroup = []claimline.Kind{claimline.KindOther, claimline.KindReport, claimline.KindStatement, claimline.KindPolicyMove, claimline.KindAction}

// ReportsSpeech reports whether a passage reports what someone said.
func ReportsSpeech(passage string) bool { return kindPatterns()[1].MatchString(passage) }

// Kind proposes the kind of an entry resting on a passage. A passage
// inside quotation marks is a statement. Otherwise its first telling word
// decides, as its main verb mostly comes before the rest: "Becker said he
// sold" is a statement, "the regulator closed the bank, the agency said" an
// action, "the Fed raised rates" a policy move, "Reuters reported" a
// report, "did not respond" no statement. A passage without such a word is
// a statement when it or the sentence around it reports speech, else
// other.
func Kind(passage, sentence string) claimline.Kind {
	if quoted(passage, sentence) {
		return claimline.KindStatement
	}
	if m := kindPatterns()[0].FindStringSubmatchIndex(passage); m != nil {
		for g := range kindOfGroup {
			if m[2+2*g] >= 0 {
				return kindOfGroup[g]
			}
		}
	}
	if ReportsSpeech(passage) || ReportsSpeech(sentence) {
		return claimline.KindStatement
	}
	return claimline.KindOther
}

// quoted reports whether passage stands inside quotation marks in
// sentence: one opens before it and is not closed, or the first curly mark
// after it closes one (the quotation may open in an earlier sentence). A
// passage that opens a quotation of its own and does not close it is not.
func quoted(passage, sentence string) bool {
	i := strings.Index(sentence, passage)
	if i < 0 || passage == "" || strings.Count(passage, "“") != strings.Count(passage, "”") {
		return false
	}
	before, after := sentence[:i], sentence[i+len(passage):]
	if strings.Count(before, "“") > strings.Count(before, "”") || strings.Count(before, `"`)%2 == 1 {
		return true
	}
	j := strings.IndexAny(after, "“”")
	return j >= 0 && strings.HasPrefix(after[j:], "”")
}

// sentenceAround returns the sentence or sentences of text that hold
// text[start:end], within its paragraph: a quotation selected without its
// "…,” a spokesperson said" still reports speech.
func sentenceAround(text string, start, end int) string {
	a, b := sentenceBounds(text, start, end)
	return text[a:b]
}

// sentenceBounds returns where the sentences holding text[start:end]
// begin and end, within its paragraph.
func sentenceBounds(text string, start, end int) (int, int) {
	a := strings.LastIndexByte(text[:start], '\n') + 1
	for i := start - 1; i > a; i-- {
		if (text[i] == '.' || text[i] == '?' || text[i] == '!') && (text[i+1] == ' ') {
			a = i + 2
			break
		}
	}
	b := len(text)
	if j := strings.IndexByte(text[end:], '\n'); j >= 0 {
		b = end + j
	}
	for i := max(end-1, start); i+1 < b; i++ { // a passage may end with its own full stop
		if (text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i+1] == ' ' {
			b = i + 1
			break
		}
	}
	return a, b
}

// Draft is an entry proposed from a passage, with a note on where its date
// came from.
type Draft struct {
	Input claimline.EntryInput
	// DateFrom is the date expression the date was taken from, or nil.
	DateFrom *claimline.DateMention
	// FromPublished says the date is the source's published date: the
	// passage reports speech and names no day it was said.
	FromPublished bool
	// Found says the passage was found in the source's text.
	Found bool
}

// DraftEntry proposes an entry from a passage of a source: its date from the
// date mark inside the passage or else the nearest one before it in the
// same paragraph (resolved against the published date; "approximate" when
// the resolution is), its kind (see Kind), the known actors it names, and a
// title from its first sentence. A passage that reports speech is dated by
// the saying instead (see sayingDate), never by a date in what was said.
// Speech is looked for in the passage and in the sentence around it. marks
// are the source's date marks as users have corrected them (nil: read
// afresh); a mark corrected as not a date is passed over, and an ambiguous
// one drafts no date but is named.
func DraftEntry(text string, published claimline.Date, passage string, actors []string, marks []claimline.DateMention) Draft {
	d := Draft{Input: claimline.EntryInput{Title: Title(passage), Actors: Actors(passage, actors)}}
	sp, found := quote.Find(text, passage)
	sentence := ""
	if found {
		d.Found = true
		sentence = sentenceAround(text, sp.Start, sp.End)
		if marks == nil {
			marks = dates.Find(text, published)
		}
	} else {
		text, sp.Start, sp.End, marks = passage, 0, len(passage), dates.Find(passage, published)
	}
	kind := Kind(passage, sentence)
	d.Input.Kind = string(kind)
	m := dateFor(marks, text, sp.Start, sp.End)
	if saying(kind, passage, cmp.Or(sentence, passage), m, published) {
		said, fromPublished := sayingDate(marks, text, sp.Start, sp.End, published)
		// A day that cannot be resolved is kept whatever it names: it
		// drafts no date, and its note asks for the published date.
		if said != nil || fromPublished || m == nil || m.Resolved {
			m, d.FromPublished = said, fromPublished
		}
	}
	switch {
	case m != nil:
		d.DateFrom = m
		if m.Resolved {
			d.Input.Date = m.Date.ISO()
			d.Input.Approximate = m.Approximate
			if !m.EndDate.IsZero() {
				d.Input.EndDate = m.EndDate.ISO()
			}
		}
	case d.FromPublished: // the day, without a time the article's stamp may carry
		d.Input.Date = published.DayOnly().ISO()
	}
	return d
}

// dateFor picks the date expression for the passage text[start:end]: the
// first inside it, else the nearest before it in its paragraph; nil if
// none.
func dateFor(ms []claimline.DateMention, text string, start, end int) *claimline.DateMention {
	para := strings.LastIndexByte(text[:start], '\n') + 1
	var best *claimline.DateMention
	for i := range ms {
		m := &ms[i]
		if m.NotADate() {
			continue
		}
		if m.Start >= start && m.End <= end {
			return m
		}
		if m.Start >= para && m.End <= start {
			best = m
		}
	}
	return best
}

// Actors returns the known actors a passage names: by full name, or by a
// surname that no other known actor shares ("Putin" for Vladimir Putin).
func Actors(passage string, known []string) []string {
	surnames := map[string]int{}
	for _, a := range known {
		if f := strings.Fields(a); len(f) > 1 {
			surnames[f[len(f)-1]]++
		}
	}
	var out []string
	for _, a := range known {
		f := strings.Fields(a)
		if len(f) == 0 {
			continue
		}
		last := f[len(f)-1]
		if containsWord(passage, a) || (len(f) > 1 && surnames[last] == 1 && utf8.RuneCountInString(last) > 2 && containsWord(passage, last)) {
			out = append(out, a)
		}
	}
	return out
}

// containsWord reports whether w occurs in s as whole words.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		a, b := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:a])
		after, _ := utf8.DecodeRuneInString(s[b:])
		if (a == 0 || !isWordRune(before)) && (b == len(s) || !isWordRune(after)) {
			return true
		}
		i = a + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// maxTitle is the length of a title drafted from a passage, in characters.
const maxTitle = 120

// reDateline is a wire report's dateline at the start of a passage: a
// place in capitals, or a date, with the agency's name in brackets or
// not, before a dash ("BRUSSELS, May 21 -- ", "SEATTLE (AP) — ",
// "March 9 (Reuters) - ").
var reDateline = sync.OnceValue(func() *regexp.Regexp {
	const (
		place  = `[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+)*(?:, [^-–—,]{1,30})?`
		agency = ` \([A-Za-z][A-Za-z .]{0,20}\)`
		day    = `(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}(?:, \d{4})?`
	)
	// A place needs a date or the agency after it, and a date the agency:
	// "NATO, the EU and the G7 - in a statement" and "Article 5 - the
	// clause" open sentences, not datelines.
	return regexp.MustCompile(`^(?:` + place + `, ` + day + `(?:` + agency + `)?|` + place + agency + `|` + day + agency + `)\s*(?:--|-|–|—)\s+`)
})

// Title drafts a title from a passage: its first sentence without the
// closing full stop and without a wire report's dateline, cut at a word
// boundary.
func Title(passage string) string {
	s := strings.Join(strings.Fields(passage), " ")
	s = strings.TrimPrefix(s, reDateline().FindString(s))
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i+1] == ' ' && !abbreviation(s[:i]) {
			next, _ := utf8.DecodeRuneInString(s[i+2:])
			if unicode.IsUpper(next) || next == '“' || next == '"' {
				s = s[:i+1]
				break
			}
		}
	}
	s = strings.TrimSuffix(s, ".")
	if r := []rune(s); len(r) > maxTitle {
		cut := string(r[:maxTitle])
		if i := strings.LastIndexByte(cut, ' '); i > maxTitle/2 {
			cut = cut[:i]
		}
		s = strings.TrimRight(cut, " ,;:–—-") + "…"
	}
	return s
}

// abbreviation reports whether the word ending s takes a full stop inside
// a sentence ("Mr", "U.S").
func abbreviation(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	r, _ := utf8.DecodeRuneInString(w)
	return strings.Contains(w, ".") || (utf8.RuneCountInString(w) <= 3 && unicode.IsUpper(r))
}

// ClaimText drafts a claim's text from a passage: the passage, its white
// space tidied, cut as a title is but longer.
func ClaimText(passage string) string {
	s := strings.Join(strings.Fields(passage), " ")
	if r := []rune(s); len(r) > 2*claimline.MaxTitle {
		s = string(r[:2*claimline.MaxTitle])
	}
	return s
}
