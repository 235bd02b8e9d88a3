package search

import "strings"

// Highlight and Snippet mark a row's text as FTS5's highlight() and
// snippet() do, for an engine that has neither (PostgreSQL): the same
// words marked, the same window of words chosen, with the same markers
// (MarkOpen, MarkClose). They follow fts5_aux.c; TestMarksAgreeWithFTS5
// holds them to it.

// Highlight returns column col of a row (cols: every column's text, words
// its words, d its doc, as TextDoc gives them) with every instance of the
// expression's phrases marked, overlapping instances as one.
func (e Expr) Highlight(cols []string, words [][]Word, d Doc, col int) string {
	h := highlighter{text: cols[col], rangeEnd: -1, iter: newInstIter(e, e.Instances(d), col)}
	for i, w := range words[col] {
		h.token(i, w)
	}
	if h.open {
		h.out.WriteString(MarkClose)
	}
	h.out.WriteString(h.text[h.off:])
	return h.out.String()
}

// Snippet returns a window of at most tokens words (capped at 64, as FTS5
// does) of the column that best shows the expression's phrases, col or,
// for col < 0, any column: the window holding most different phrases,
// then most instances, preferably starting a sentence. Instances are
// marked; ellipsis stands for text cut at either end.
func (e Expr) Snippet(cols []string, words [][]Word, d Doc, col int, ellipsis string, tokens int) string {
	tokens = min(max(tokens, 0), 64)
	inst := e.Instances(d)
	bestCol, bestStart, bestScore, colSize := max(col, 0), 0, 0, 0
	for c := range cols {
		if col >= 0 && c != col {
			continue
		}
		first := sentenceStarts(cols[c], words[c])
		size := d.Sizes[c]
		for _, in := range inst {
			if in.Col != c {
				continue
			}
			score, adj := e.snippetScore(inst, size, c, in.Off, tokens, true)
			if score > bestScore {
				bestScore, bestCol, bestStart, colSize = score, c, adj, size
			}
			if len(first) == 0 || size <= tokens {
				continue
			}
			jj := 0
			for jj < len(first)-1 && first[jj+1] <= in.Off {
				jj++
			}
			if first[jj] < in.Off {
				score, _ := e.snippetScore(inst, size, c, first[jj], tokens, false)
				if first[jj] == 0 {
					score += 120
				} else {
					score += 100
				}
				if score > bestScore {
					bestScore, bestCol, bestStart, colSize = score, c, first[jj], size
				}
			}
		}
	}
	if colSize == 0 {
		colSize = d.Sizes[bestCol]
	}
	h := highlighter{text: cols[bestCol], rangeStart: bestStart, rangeEnd: bestStart + tokens - 1,
		iter: newInstIter(e, inst, bestCol)}
	if bestStart > 0 {
		h.out.WriteString(ellipsis)
	}
	for h.iter.start >= 0 && h.iter.start < bestStart {
		h.iter.next()
	}
	for i, w := range words[bestCol] {
		h.token(i, w)
	}
	if h.open {
		h.out.WriteString(MarkClose)
	}
	if h.rangeEnd >= colSize-1 {
		h.out.WriteString(h.text[h.off:])
	} else {
		h.out.WriteString(ellipsis)
	}
	return h.out.String()
}

// snippetScore scores the window of tokens words of column col from pos
// (fts5SnippetScore): 1000 for each phrase found in it, 1 for each further
// instance. With adjust, it also returns where a window centred on the
// instances found would start.
func (e Expr) snippetScore(inst []Instance, size, col, pos, tokens int, adjust bool) (score, start int) {
	seen := make([]bool, len(e.Phrases))
	first, last := -1, 0
	for _, in := range inst {
		if in.Col != col || in.Off < pos || in.Off >= pos+tokens {
			continue
		}
		if seen[in.Phrase] {
			score++
		} else {
			score += 1000
		}
		seen[in.Phrase] = true
		if first < 0 {
			first = in.Off
		}
		last = in.Off + len(e.Phrases[in.Phrase].Keys)
	}
	if !adjust {
		return score, 0
	}
	adj := first - (tokens-(last-first))/2
	if adj+tokens > size {
		adj = size - tokens
	}
	return score, max(adj, 0)
}

// sentenceStarts returns the offsets of the words that start a sentence
// as FTS5's snippet() finds them: the first word, and each word after a
// full stop or colon and white space.
func sentenceStarts(text string, words []Word) []int {
	var out []int
	for i, w := range words {
		if i == 0 {
			out = append(out, 0)
			continue
		}
		j := w.Start - 1
		for j >= 0 && strings.IndexByte(" \t\n\r", text[j]) >= 0 {
			j--
		}
		if j != w.Start-1 && j >= 0 && (text[j] == '.' || text[j] == ':') {
			out = append(out, i)
		}
	}
	return out
}

// instIter walks the instances of one column, overlapping ones merged:
// fts5CInstIter. start and end are the current span's first and last
// word, -1 when there is none left.
type instIter struct {
	e          Expr
	inst       []Instance
	col, at    int
	start, end int
}

func newInstIter(e Expr, inst []Instance, col int) *instIter {
	it := &instIter{e: e, inst: inst, col: col}
	it.next()
	return it
}

func (it *instIter) next() {
	it.start, it.end = -1, -1
	for ; it.at < len(it.inst); it.at++ {
		in := it.inst[it.at]
		if in.Col != it.col {
			continue
		}
		end := in.Off - 1 + len(it.e.Phrases[in.Phrase].Keys)
		switch {
		case it.start < 0:
			it.start, it.end = in.Off, end
		case in.Off <= it.end:
			it.end = max(it.end, end)
		default:
			return
		}
	}
}

// highlighter writes a column's text with its instances marked, within
// [rangeStart, rangeEnd] when rangeEnd >= 0: fts5HighlightCb.
type highlighter struct {
	text                 string
	out                  strings.Builder
	off                  int // bytes of text written
	open                 bool
	rangeStart, rangeEnd int
	iter                 *instIter
}

func (h *highlighter) token(pos int, w Word) {
	if h.rangeEnd >= 0 {
		if pos < h.rangeStart || pos > h.rangeEnd {
			return
		}
		if h.rangeStart != 0 && pos == h.rangeStart {
			h.off = w.Start
		}
	}
	if h.open && (pos <= h.iter.start || h.iter.start < 0) && w.Start > h.off {
		h.out.WriteString(MarkClose)
		h.open = false
	}
	if pos == h.iter.start && !h.open {
		h.out.WriteString(h.text[h.off:w.Start])
		h.out.WriteString(MarkOpen)
		h.off, h.open = w.Start, true
	}
	if pos == h.iter.end {
		if !h.open {
			h.out.WriteString(MarkOpen)
			h.open = true
		}
		h.out.WriteString(h.text[h.off:w.End])
		h.off = w.End
		h.iter.next()
	}
	if pos == h.rangeEnd {
		if h.open {
			if h.iter.start >= 0 && pos >= h.iter.start {
				h.out.WriteString(h.text[h.off:w.End])
				h.off = w.End
			}
			h.out.WriteString(MarkClose)
			h.open = false
		}
		h.out.WriteString(h.text[h.off:w.End])
		h.off = w.End
	}
}
