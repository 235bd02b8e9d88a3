package views

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Passage is a passage of a source to highlight, with where it links.
type Passage struct {
	Start, End int    // byte offsets into the source text
	Anchor     string // id of the first piece, e.g. "a12"
	Href       string // the claim or entry that uses the passage
	Title      string // tooltip: what uses it
	Stance     string // "supports", "disputes", "mentions", or "" for a citation
}

// Piece is a run of text inside one paragraph, highlighted or not. Where
// passages overlap, Mark is the shortest passage covering the piece (a
// claim's passage inside a citation's links to the claim), and Anchors
// holds the anchor of every passage that begins at this piece, so that
// each passage keeps its own link target however passages nest.
type Piece struct {
	Text    string
	Start   int // byte offset of Text in the source text
	Mark    *Passage
	Anchors []string
	// Also are the passages that end at this piece and are the Mark of no
	// piece (a citation of the very words a claim quotes): each is offered
	// by a link of its own after the piece, which carries its anchor.
	Also []*Passage
}

// Highlight splits text into paragraphs (at line breaks; blank lines
// dropped) of pieces. Marks with offsets that are out of range or cut a
// character are ignored.
func Highlight(text string, marks []Passage) [][]Piece {
	var valid []*Passage
	for i := range marks {
		m := &marks[i]
		if m.Start >= 0 && m.Start < m.End && m.End <= len(text) && utf8.RuneStart(text[m.Start]) &&
			(m.End == len(text) || utf8.RuneStart(text[m.End])) {
			valid = append(valid, m)
		}
	}
	sort.SliceStable(valid, func(i, j int) bool { return valid[i].Start < valid[j].Start })
	cuts := []int{0, len(text)}
	for _, m := range valid {
		cuts = append(cuts, m.Start, m.End)
	}
	for i := strings.IndexByte(text, '\n'); i >= 0; {
		cuts = append(cuts, i, i+1)
		next := strings.IndexByte(text[i+1:], '\n')
		if next < 0 {
			break
		}
		i += next + 1
	}
	sort.Ints(cuts)
	var paras [][]Piece
	var cur []Piece
	anchored := map[*Passage]bool{}
	flush := func() {
		if len(cur) > 0 && strings.TrimSpace(piecesText(cur)) != "" {
			paras = append(paras, cur)
		}
		cur = nil
	}
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		if text[a:b] == "\n" {
			flush()
			continue
		}
		p := Piece{Text: text[a:b], Start: a}
		for _, m := range valid {
			if m.Start <= a && b <= m.End {
				if p.Mark == nil || m.End-m.Start < p.Mark.End-p.Mark.Start {
					p.Mark = m
				}
				if !anchored[m] && m.Anchor != "" {
					p.Anchors = append(p.Anchors, m.Anchor)
					anchored[m] = true
				}
			}
		}
		cur = append(cur, p)
	}
	flush()
	offerHidden(paras, valid)
	return paras
}

// offerHidden gives every linked passage that is no piece's Mark a link of
// its own, on the piece where it ends, and moves its anchor there: its
// anchor must lead to something that leads to what uses it.
func offerHidden(paras [][]Piece, valid []*Passage) {
	shown := map[*Passage]bool{}
	for _, para := range paras {
		for _, p := range para {
			shown[p.Mark] = true
		}
	}
	for _, m := range valid {
		if shown[m] || m.Href == "" {
			continue
		}
		for i := range paras {
			for j := range paras[i] {
				p := &paras[i][j]
				p.Anchors = slices.DeleteFunc(p.Anchors, func(a string) bool { return a == m.Anchor })
				if p.Start+len(p.Text) == m.End && p.Start >= m.Start {
					p.Also = append(p.Also, m)
				}
			}
		}
	}
}

func piecesText(ps []Piece) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text)
	}
	return b.String()
}
