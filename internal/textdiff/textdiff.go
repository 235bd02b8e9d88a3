// Package textdiff compares two versions of a source's text: a word-level
// diff to read, and whether the newer one adds a correction or update note
// (a change without one is a silent edit).
package textdiff

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op is what a part of a diff does.
type Op int

// The ops.
const (
	Equal Op = iota
	Insert
	Delete
)

// Part is one run of a diff: text kept, inserted or deleted. OldStart is
// its byte offset in the older text (for kept and deleted runs; for an
// insertion, where it goes).
type Part struct {
	Op       Op
	Text     string
	OldStart int
}

// Diff returns the word-level differences from old to new: whole words
// (and the white space between them) are kept, deleted or inserted, never
// parts of words.
func Diff(old, new string) []Part {
	dict := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		var out []rune
		for _, t := range tokenize(s) {
			r, ok := dict[t]
			if !ok {
				r = runeFor(len(tokens))
				dict[t] = r
				tokens = append(tokens, t)
			}
			out = append(out, r)
		}
		return out
	}
	a, b := encode(old), encode(new)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // exact, however long: texts are at most a few MB of words
	diffs := dmp.DiffMainRunes(a, b, false)
	var out []Part
	pos := 0
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(tokens[indexOf(r)])
		}
		p := Part{Text: sb.String(), OldStart: pos}
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			p.Op = Insert
		case diffmatchpatch.DiffDelete:
			p.Op = Delete
			pos += len(p.Text)
		default:
			pos += len(p.Text)
		}
		if n := len(out); n > 0 && out[n-1].Op == p.Op {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

// runeFor maps a token index to a rune, skipping the surrogate range (not
// valid in a Go string of runes).
func runeFor(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func indexOf(r rune) int {
	if r >= 0xE000 {
		r -= 0x800
	}
	return int(r) - 1
}

// tokenize splits s into words and the runs of white space between them.
func tokenize(s string) []string {
	var out []string
	start := 0
	space := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != space {
			out = append(out, s[start:i])
			start = i
		}
		space = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// noteRE finds a correction or update note: a sentence that starts one of
// the ways newsrooms mark a change to a published article.
var noteRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?im)(?:^|[.!?]\s+|\n)((?:correction|clarification|update|updated|editor['’]s note)\s*:[^\n]*|an earlier version of this (?:article|story|report)[^\n]*|this (?:article|story|report) (?:has been|was) (?:updated|corrected|amended)[^\n]*)`)
})

// Notes returns the correction or update notes in text, each as a trimmed
// line.
func Notes(text string) []string {
	var out []string
	for _, m := range noteRE().FindAllStringSubmatch(text, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// Kind is what a new version's change says of itself.
type Kind string

// The kinds.
const (
	Silent     Kind = "silent"     // changed without a correction note
	Correction Kind = "correction" // a correction or update note was added
)

// Classify says whether new adds a correction or update note that old did
// not have, and returns the notes added (joined by new lines).
func Classify(old, new string) (Kind, string) {
	had := map[string]bool{}
	for _, n := range Notes(old) {
		had[n] = true
	}
	var added []string
	for _, n := range Notes(new) {
		if !had[n] {
			added = append(added, n)
		}
	}
	if len(added) == 0 {
		return Silent, ""
	}
	return Correction, strings.Join(added, "\n")
}
