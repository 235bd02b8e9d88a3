package workbench

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"claimline/internal/claimline"
)

// SettingWords may stand between a speech verb and the day it names
// without starting what was said: where, how and to whom it was said
// ("said in a statement Friday", "told reporters at a news conference on
// Thursday night", "said in a preliminary report released on Tuesday",
// "told Boeing employees Tuesday"), and "plans" announced. Any word written with a capital
// passes too: a name ("told CNN", "in Washington"). English only, as are
// the speech verbs.
var SettingWords = []string{
	"a", "an", "the", "his", "her", "its", "their", "our", "this", "of", "on", "in", "at", "during", "via",
	"to", "with", "after", "late", "early", "earlier", "later", "also", "again", "publicly", "separately", "first",
	"statement", "statements", "interview", "news", "press", "conference", "briefing", "release", "post", "online",
	"memo", "letter", "speech", "address", "hearing", "testimony", "televised", "television", "radio", "broadcast",
	"remarks", "comments", "reporters", "journalists", "lawmakers", "legislators", "members", "investors",
	"analysts", "shareholders", "supporters", "audience", "meeting", "forecast", "discussion", "call", "filing",
	"email", "emailed", "written", "joint", "video", "message", "account", "social", "media", "site", "platform",
	"session", "summit", "rally", "event", "appearance", "night", "evening", "morning", "afternoon", "plans",
	"report", "preliminary", "final", "annual", "quarterly", "released", "published", "issued", "posted",
	"employees", "staff", "workers", "officials", "colleagues", "delegates", "voters", "residents", "crowd",
	"viewers", "listeners", "readers", "customers", "clients", "allies", "leaders", "ministers", "diplomats",
}

// clauseWords start or carry a clause of their own: after a speech verb,
// what was said has begun ("said it would", "said that").
var clauseWords = []string{
	"that", "is", "was", "were", "are", "be", "been", "has", "have", "had", "will", "would", "could", "should",
	"can", "may", "might", "must", "do", "does", "did",
}

// deadlineWords put a day before an event that is not the saying:
// "by Friday", "until 19 January".
var deadlineWords = []string{"by", "until", "till", "before", "through", "since"}

type sayingPatterns struct{ verb, clause, deadline *regexp.Regexp }

var sayingRE = sync.OnceValue(func() sayingPatterns {
	return sayingPatterns{
		verb:     regexp.MustCompile(`(?i)` + wordsRE(SpeechVerbs)),
		clause:   regexp.MustCompile(`(?i)["“”:;]|` + wordsRE(clauseWords)),
		deadline: regexp.MustCompile(`(?i)` + wordsRE(deadlineWords) + `\s*$`),
	}
})

// setting reports whether s holds only setting words and names: no
// quotation, no clause.
func setting(s string) bool {
	if sayingRE().clause.MatchString(s) {
		return false
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		if r := []rune(w); !unicode.IsUpper(r[0]) && !slices.Contains(SettingWords, strings.ToLower(w)) {
			return false
		}
	}
	return true
}

// attached reports whether the date mark m names when the speech verb at
// text[v[0]:v[1]] was said rather than what it said: after the verb with
// only setting words between ("said in a statement Friday"), right before
// it ("Biden on 21 July announced"), or opening the sentence before its
// subject ("On Tuesday, the ministry said"). sentence is where the
// sentence starts.
func attached(text string, sentence int, m *claimline.DateMention, v []int) bool {
	if m.Start >= v[1] {
		return setting(text[v[1]:m.Start])
	}
	if m.End > v[0] {
		return false
	}
	gap := strings.TrimSpace(text[m.End:v[0]])
	if !strings.Contains(gap, ",") {
		return setting(gap)
	}
	// A comma may close an opening "On Tuesday," or what was said
	// ("Deposits fell in February, the company said"; "In August, prices
	// rose, the ministry said": a second comma closes what was said).
	return strings.HasPrefix(gap, ",") && strings.Count(gap, ",") == 1 && !sayingRE().clause.MatchString(gap) && setting(text[sentence:m.Start])
}

// speechVerbs returns where the speech verbs of text[a:b] stand.
func speechVerbs(text string, a, b int) [][]int {
	vs := sayingRE().verb.FindAllStringIndex(text[a:b], -1)
	for _, v := range vs {
		v[0], v[1] = v[0]+a, v[1]+a
	}
	return vs
}

// attachedToAny reports whether m names when one of the speech verbs of
// the sentence text[a:b] was said.
func attachedToAny(text string, a, b int, m *claimline.DateMention) bool {
	for _, v := range speechVerbs(text, a, b) {
		if attached(text, a, m, v) {
			return true
		}
	}
	return false
}

// saying reports whether the date of a passage is the day it was said: it
// is a statement that a speech verb or a quotation makes one (not only an
// "according to", which records what happened), or it reports speech and
// the date today's rule finds is after the source was published, so it
// can only be what was said would happen ("the talks will resume on 3
// April, the ministry said").
func saying(kind claimline.Kind, passage, sentence string, m *claimline.DateMention, published claimline.Date) bool {
	if kind == claimline.KindStatement && (sayingRE().verb.MatchString(sentence) || quoted(passage, sentence)) {
		return true
	}
	return m != nil && afterPublished(m, published) && ReportsSpeech(passage)
}

// afterPublished reports whether m resolves to a day after the source was
// published: what was said would happen, never when it was said.
func afterPublished(m *claimline.DateMention, published claimline.Date) bool {
	return m.Resolved && !published.IsZero() && !m.Date.Start().Before(published.End())
}

// sayingDate picks the date of the saying reported by text[start:end]: a
// date mark attached to a speech verb of its sentence, else the nearest
// before it in its paragraph that is none of what was said (inside a
// quotation, or after a speech verb without being attached to it), no
// deadline and not after the published date. Without one, when the
// published date is known to the day, it returns fromPublished: a news
// report's "said" without a day is recent. Dates inside what was said are
// never the date of saying it.
func sayingDate(ms []claimline.DateMention, text string, start, end int, published claimline.Date) (m *claimline.DateMention, fromPublished bool) {
	a, b := sentenceBounds(text, start, end)
	for i := range ms {
		if m := &ms[i]; !m.NotADate() && m.Start >= a && m.End <= b && attachedToAny(text, a, b, m) {
			return m, false
		}
	}
	para := strings.LastIndexByte(text[:start], '\n') + 1
	for i := len(ms) - 1; i >= 0; i-- {
		m := &ms[i]
		if m.Start < para || m.End > start || m.NotADate() || inQuotation(text[para:m.Start]) ||
			sayingRE().deadline.MatchString(text[para:m.Start]) || afterPublished(m, published) {
			continue
		}
		sa, sb := sentenceBounds(text, m.Start, m.End)
		if len(speechVerbs(text, sa, sb)) == 0 || attachedToAny(text, sa, sb, m) {
			return m, false
		}
	}
	return nil, published.Precision >= claimline.PrecisionDay
}

// inQuotation reports whether a quotation opened in s is still open at its
// end.
func inQuotation(s string) bool {
	return strings.Count(s, "“") > strings.Count(s, "”") || strings.Count(s, `"`)%2 == 1
}
