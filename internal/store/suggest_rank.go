package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"claimline/internal/claimline"
	"claimline/internal/lexicon"
	"claimline/internal/search"
	"claimline/internal/sentence"
)

// Choosing the terms to rank by and to mark.
const (
	// rankBudget bounds the passages that ranking may score, counted as
	// the sum of its terms' passages: a claim's words may include some
	// found in most passages of a large library, and each passage of each
	// term is read. A library of a few hundred sources never reaches it.
	rankBudget = 5000
	// maxCounted caps the terms counted: the claim's, then its quotes'.
	maxCounted = 60
	// maxRankTerms caps the terms of each set.
	maxRankTerms = 16
	// A term in more than 1/commonShare of the library's passages is too
	// common to mark ("the", "said"; in a library on one story, its
	// protagonist too): marked, it would mark half of every suggestion.
	// Below minPassagesForShare passages there is too little text to tell.
	// (Ranking without such terms was measured on the seeds, and ranked
	// worse: bm25 weighs them already.)
	commonShare         = 4
	minPassagesForShare = 40
)

// rankTerm is a term chosen to rank by, with the passages that hold it
// (their rowids in search_passages) and its inverse document frequency.
type rankTerm struct {
	lexicon.Term
	df       int // passages that hold it
	passages []int64
	idf      float64
	quoted   bool // of the quotes' set
}

// chosenTerms are the two sets of terms to rank by, and of those the IDs
// of the terms to mark.
type chosenTerms struct {
	claim, quoted []rankTerm
	marked        map[string]bool
}

// chooseTerms returns the two sets of terms to rank by, each at most
// maxRankTerms, and of those the terms to mark. The claim's set is its
// terms in their order. The quotes' set is the terms of its quotes and
// quoted passages found in at least two passages (one found only in the
// quoted passage cannot lead to another source), rarest first: the most
// distinctive of what the claim's sources say. (Taking the claim's terms
// rarest first ranked worse on the seeds.) The two sets rank apart: the
// claim's own terms keep their say however long its quotes are. A term
// that would take the sum of the passages of both sets' terms past
// rankBudget is left out, the claim's terms counted first: a claim of only
// such terms ("the US said so") gets no suggestion in a large library. A
// term in more than 1/commonShare of the passages is not marked; if every
// ranked term is such, all are.
//
// A term's passages are counted only as far as could matter: up to what is
// left of the budget, and, once the quotes' set has maxRankTerms terms, up
// to the passages of its commonest (a commoner term cannot enter it).
// Counting a common word's passages is most of what suggestions cost in a
// large library.
func chooseTerms(ctx context.Context, tx *sql.Tx, pg bool, claimTerms, quotedTerms []lexicon.Term) (chosenTerms, error) {
	ch := chosenTerms{marked: map[string]bool{}}
	var n int
	if err := tx.QueryRowContext(ctx, passageCountSQL).Scan(&n); err != nil {
		return ch, err
	}
	claimTerms = claimTerms[:min(len(claimTerms), maxCounted)]
	quotedTerms = quotedTerms[:min(len(quotedTerms), maxCounted-len(claimTerms))]
	lk := termLookup{ctx: ctx, tx: tx, pg: pg, counted: map[string]int{}, passages: map[string][]int64{}}
	budget := rankBudget
	for _, t := range claimTerms {
		if len(ch.claim) == maxRankTerms {
			break
		}
		df, err := lk.count(t, budget)
		if err != nil {
			return ch, err
		}
		if df == 0 || df > budget {
			continue
		}
		budget -= df
		ch.claim = append(ch.claim, rankTerm{Term: t, df: df})
	}
	var counted []rankTerm // the quotes' rarest terms so far, rarest first
	limit := budget
	for _, t := range quotedTerms {
		df, err := lk.count(t, limit)
		if err != nil {
			return ch, err
		}
		if df < 2 || df > limit {
			continue
		}
		i, _ := slices.BinarySearchFunc(counted, df+1, func(c rankTerm, df int) int { return cmp.Compare(c.df, df) })
		counted = slices.Insert(counted, i, rankTerm{Term: t, df: df, quoted: true})
		if len(counted) >= maxRankTerms {
			counted = counted[:maxRankTerms]
			limit = counted[maxRankTerms-1].df - 1
		}
	}
	for _, t := range counted {
		if t.df > budget {
			break
		}
		budget -= t.df
		ch.quoted = append(ch.quoted, t)
	}
	for _, set := range [][]rankTerm{ch.claim, ch.quoted} {
		for i := range set {
			t := &set[i]
			t.idf = idf(n, t.df)
			if n < minPassagesForShare || t.df <= n/commonShare {
				ch.marked[t.ID] = true
			}
			var err error
			if t.passages, err = lk.list(t.Term); err != nil {
				return ch, err
			}
		}
	}
	if len(ch.marked) == 0 {
		for _, t := range append(slices.Clone(ch.claim), ch.quoted...) {
			ch.marked[t.ID] = true
		}
	}
	return ch, nil
}

// passageCountSQL counts the library's passages.
var passageCountSQL = dialects(`SELECT count(*) FROM search_passage_spans`, `SELECT docs FROM search_stats WHERE kind = 'passages'`)

// termLookup looks terms up in the passage index, once each.
type termLookup struct {
	ctx      context.Context
	tx       *sql.Tx
	pg       bool           // the index is PostgreSQL's: terms are tsquery text (lexicon.Term.TSQuery)
	counted  map[string]int // by term ID: its passages, or limit+1 when more than the limit it was counted to
	passages map[string][]int64
}

// count returns how many passages hold any of the term's forms, counted
// up to limit+1: a term with more is too common to rank by. The limits a
// term is counted to only fall, so that a count above one stays above the
// next.
func (lk *termLookup) count(t lexicon.Term, limit int) (int, error) {
	if n, ok := lk.counted[t.ID]; ok {
		return n, nil
	}
	var n int
	var err error
	switch {
	case !lk.pg:
		err = lk.tx.QueryRowContext(lk.ctx, `SELECT count(*) FROM (SELECT 1 FROM search_passages WHERE search_passages MATCH ? LIMIT ?)`,
			t.Query(), limit+1).Scan(&n)
	case t.Key() != "": // a word: its passages are counted already
		err = lk.tx.QueryRowContext(lk.ctx, `SELECT least(coalesce((SELECT docs FROM search_terms WHERE kind = 'passages' AND lexeme = ?), 0), ?)`,
			t.Key(), limit+1).Scan(&n)
	default:
		err = lk.tx.QueryRowContext(lk.ctx, `SELECT count(*) FROM (SELECT 1 FROM search_passages WHERE doc @@ CAST(? AS tsquery) LIMIT ?) x`,
			t.TSQuery(), limit+1).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("term %q: %w", t.Text, err)
	}
	lk.counted[t.ID] = n
	return n, nil
}

// list returns the rowids of the passages that hold any of the term's
// forms.
func (lk *termLookup) list(t lexicon.Term) ([]int64, error) {
	if l, ok := lk.passages[t.ID]; ok {
		return l, nil
	}
	var list string
	q, match := `SELECT coalesce(group_concat(rowid), '') FROM (SELECT rowid FROM search_passages WHERE search_passages MATCH ? LIMIT ?)`, t.Query()
	if lk.pg {
		q = `SELECT coalesce(string_agg(CAST(id AS text), ',' ORDER BY id), '') FROM
			(SELECT id FROM search_passages WHERE doc @@ CAST(? AS tsquery) ORDER BY id LIMIT ?) x`
		match = t.TSQuery()
	}
	if err := lk.tx.QueryRowContext(lk.ctx, q, match, rankBudget).Scan(&list); err != nil {
		return nil, fmt.Errorf("term %q: %w", t.Text, err)
	}
	var out []int64
	for id := range strings.SplitSeq(list, ",") {
		if id == "" {
			continue
		}
		v, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("term %q: passage %q: %w", t.Text, id, err)
		}
		out = append(out, v)
	}
	lk.passages[t.ID] = out
	return out, nil
}

// idf is bm25's inverse document frequency of a term in df of n passages,
// as SQLite's FTS5 computes it.
func idf(n, df int) float64 {
	v := math.Log((float64(n) - float64(df) + 0.5) / (float64(df) + 0.5))
	return max(v, 1e-6)
}

// bm25 parameters, FTS5's: term frequency saturation and length
// normalisation.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// minTermsHeld is the relevance floor of suggestions: how many distinct
// terms of a claim and its quotes, taken together, a passage must hold to
// be ranked. A passage that shares a single term with a claim ("2023" of
// "9 March 2023" in "In October 2023, the US supplied Ukraine with
// ATACMS"; "more" and "since" are function words, lexicon.StopWord) is
// chance more often than evidence, and once the sources that
// report the claim have a stance it was all that was left to suggest.
// Measured on every set of the suggestion tests, the floor ranks the
// sources that speak to a claim as well or better. It counts the two sets'
// terms together: counted in each set apart, it lost reports that share
// one term with the claim and another with its quotes (two pairs of
// TestSuggestionReporting with one stance recorded). A passage all of whose
// terms are a date's is ranked, but not suggested (fillPassage).
const minTermsHeld = 2

// rankByTerms ranks the passages that hold at least minTermsHeld of the
// terms and of others (the other set's terms, counted once each with them)
// by bm25 over the terms, each counted once a passage (a name or a quantity matches in
// any of its forms, and counts once however many the passage holds), and
// returns at most suggestScanned of them, grouped by source, sources in
// the order of their best passage. A passage's rank is minus its score, so
// that lower is better, as with FTS5's bm25(). Passage lengths, which bm25
// weighs, are read for the best 2×suggestScanned passages before it: a
// passage further down cannot climb that far for being short. A number
// counts only where the passage writes it whole (dropPartsOfNumbers): the
// "4" of "4 May" is not in "4.50 percent".
func rankByTerms(ctx context.Context, tx *sql.Tx, terms, others []rankTerm) ([]claimline.SourcePassages, error) {
	raw := map[int64]float64{}
	held := map[int64]int{}     // by passage, how many of the terms it holds
	digits := map[int64][]int{} // by passage, those of them of digits
	for i, t := range terms {
		edged := t.DigitEdged()
		for _, p := range t.passages {
			raw[p] += t.idf
			held[p]++
			if edged {
				digits[p] = append(digits[p], i)
			}
		}
	}
	ids := make([]int64, 0, len(raw))
	for id := range raw {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, byScore(raw))
	ids, err := dropPartsOfNumbers(ctx, tx, terms, ids, raw, held, digits)
	if err != nil {
		return nil, err
	}
	also := heldOf(others, terms, raw)
	ids = slices.DeleteFunc(ids, func(id int64) bool { return held[id]+also[id] < minTermsHeld })
	ids = ids[:min(len(ids), 2*suggestScanned)]
	idsJSON, _ := json.Marshal(ids)
	type span struct{ start, end int }
	spans := map[int64]span{}
	total := 0
	err = each(ctx, tx, `SELECT id, start_at, end_at FROM search_passage_spans WHERE id IN (SELECT value FROM json_each(?))`,
		[]any{string(idsJSON)}, func(rows *sql.Rows) error {
			var id int64
			var sp span
			if err := rows.Scan(&id, &sp.start, &sp.end); err != nil {
				return err
			}
			spans[id] = sp
			total += sp.end - sp.start
			return nil
		})
	if err != nil || len(spans) == 0 {
		return nil, err
	}
	avg := float64(total) / float64(len(spans))
	score := map[int64]float64{}
	for id, sp := range spans {
		score[id] = raw[id] * (bm25K1 + 1) / (1 + bm25K1*(1-bm25B+bm25B*float64(sp.end-sp.start)/avg))
	}
	ids = slices.DeleteFunc(ids, func(id int64) bool { _, ok := spans[id]; return !ok })
	slices.SortFunc(ids, byScore(score))
	var out []claimline.SourcePassages
	at := map[int64]int{}
	for _, id := range ids[:min(len(ids), suggestScanned)] {
		src := id / passageStride
		i, ok := at[src]
		if !ok {
			i = len(out)
			at[src] = i
			out = append(out, claimline.SourcePassages{SourceID: src})
		}
		out[i].Passages = append(out[i].Passages, claimline.PassageHit{SourceID: src, Start: spans[id].start, End: spans[id].end, Rank: -score[id]})
	}
	return out, nil
}

// heldOf counts, for each passage of ranked, how many of the terms it
// holds that are not terms of set.
func heldOf(terms, set []rankTerm, ranked map[int64]float64) map[int64]int {
	out := map[int64]int{}
	for _, t := range terms {
		if slices.ContainsFunc(set, func(s rankTerm) bool { return s.ID == t.ID }) {
			continue
		}
		for _, p := range t.passages {
			if _, ok := ranked[p]; ok {
				out[p]++
			}
		}
	}
	return out
}

// byScore orders passages by their score, best first.
func byScore(score map[int64]float64) func(a, b int64) int {
	return func(a, b int64) int { return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(a, b)) }
}

// dropPartsOfNumbers takes out of the passages' scores the terms of digits
// the index found in them only as part of a number: the index cuts "4.50"
// into the words "4" and "50", so a claim's "4" (of "4 May") finds every
// "4.50 percent". The passages ranked among the best 2×suggestScanned
// (those rankByTerms reads) that owe their score to such a term are read
// and the term looked for in their text (lexicon.Term.In); a passage
// left without a term is dropped, and the ranking is sorted again until
// its best passages are all checked. ids are ordered by raw, and so are
// those returned.
func dropPartsOfNumbers(ctx context.Context, tx *sql.Tx, terms []rankTerm, ids []int64, raw map[int64]float64, held map[int64]int, digits map[int64][]int) ([]int64, error) {
	checked := map[int64]bool{}
	for {
		var check []int64
		for _, id := range ids[:min(len(ids), 2*suggestScanned)] {
			if len(digits[id]) > 0 && !checked[id] {
				check = append(check, id)
			}
		}
		if len(check) == 0 {
			return ids, nil
		}
		idsJSON, _ := json.Marshal(check)
		dropped := map[int64]bool{}
		err := each(ctx, tx, passageTextsSQL, []any{passageStride, string(idsJSON)}, func(rows *sql.Rows) error {
			var id int64
			var b []byte
			if err := rows.Scan(&id, &b); err != nil {
				return err
			}
			text := string(b)
			if !lexicon.JoinedNumbers(text) {
				return nil // the index's matches are the forms'
			}
			var ws []search.Word
			words := func() []search.Word {
				if ws == nil {
					ws = search.Words(text)
				}
				return ws
			}
			for _, i := range digits[id] {
				if !terms[i].In(text, words) {
					raw[id] -= terms[i].idf
					held[id]--
				}
			}
			dropped[id] = held[id] == 0
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("check numbers: %w", err)
		}
		for _, id := range check {
			checked[id] = true
		}
		ids = slices.DeleteFunc(ids, func(id int64) bool { return dropped[id] })
		slices.SortFunc(ids, byScore(raw))
	}
}

// passageTextsSQL reads the text of passages, by id, as bytes.
var passageTextsSQL = dialects(`SELECT p.id, substr(CAST(s.text AS BLOB), p.start_at + 1, p.end_at - p.start_at)
		FROM search_passage_spans p JOIN sources s ON s.id = p.id / ? WHERE p.id IN (SELECT value FROM json_each(?))`,
	`SELECT p.id, substring(convert_to(s.text, 'UTF8') FROM CAST(p.start_at AS integer) + 1 FOR CAST(p.end_at - p.start_at AS integer))
		FROM search_passage_spans p JOIN sources s ON s.id = p.id / ? WHERE p.id IN (SELECT json_ids(?))`)

// passageTextSQL reads the bytes of a source's text from an offset: the
// unit of passages and quotes.
var passageTextSQL = dialects(`SELECT substr(CAST(text AS BLOB), ? + 1, ?) FROM sources WHERE id = ?`,
	`SELECT substring(convert_to(text, 'UTF8') FROM CAST(? AS integer) + 1 FOR CAST(? AS integer)) FROM sources WHERE id = ?`)

// termMatch is where a term's form occurs in a passage: a byte range of
// the passage's text.
type termMatch struct {
	term       *rankTerm
	start, end int
}

// fillPassage fills in a suggested passage: its exact text, as stored, the
// same text with the forms of the marked terms marked, its sentences and
// those that carry the evidence (evidenceSentences). It reports false,
// leaving p as it was, when the passage holds no marked term (it shares
// only common words with the claim), or no term but a date's
// (lexicon.DatePart): almost every report of a story names its month and
// year, and a byline ("KIRO 7 News Staff — January 8, 2024") was suggested
// for "The door plug blew out on Friday, 9 January 2024". Such a passage
// is still ranked (rankByTerms): a dateline can tell the report of a
// claim from that of another day ("Published 4 May 2023" in
// TestSuggestionsKeepDecimalsWhole), which leaving it out of the ranking
// lost.
func fillPassage(ctx context.Context, tx *sql.Tx, sourceID int64, p *claimline.SuggestedPassage, ch chosenTerms) (bool, error) {
	var text []byte
	err := tx.QueryRowContext(ctx, passageTextSQL, p.Start, p.End-p.Start, sourceID).Scan(&text)
	if err != nil {
		return false, fmt.Errorf("suggested passage: %w", err)
	}
	matches := findTerms(string(text), append(slices.Clone(ch.claim), ch.quoted...))
	var marks []termMatch
	for _, m := range matches {
		if ch.marked[m.term.ID] {
			marks = append(marks, m)
		}
	}
	if len(marks) == 0 || !slices.ContainsFunc(matches, func(m termMatch) bool { return m.term.Date == lexicon.NoDate }) {
		return false, nil
	}
	p.Text = string(text)
	p.Marked = markSpans(p.Text, marks)
	for _, s := range sentence.Split(p.Text) {
		p.Sentences = append(p.Sentences, claimline.Span{Start: p.Start + s.Start, End: p.Start + s.End})
	}
	p.From, p.To = evidenceSentences(p, matches, ch.marked)
	return true, nil
}

// findTerms returns where the terms' forms occur in text, in text order.
// A claim's day of the month (lexicon.Day) occurs only next to a month's
// name: the "9" of "9 January" is not that of "the MAX 9".
func findTerms(text string, terms []rankTerm) []termMatch {
	words := search.Words(text)
	var out []termMatch
	for i := range terms {
		for _, f := range terms[i].Forms {
			for _, at := range f.Match(text, words) {
				if terms[i].Date == lexicon.Day && !lexicon.NextToMonth(text, words, at, len(f.Keys)) {
					continue
				}
				out = append(out, termMatch{&terms[i], words[at].Start, words[at+len(f.Keys)-1].End})
			}
		}
	}
	slices.SortFunc(out, func(a, b termMatch) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end)) })
	return out
}

// markSpans cuts text into pieces, the matches marked; overlapping matches
// are marked as one.
func markSpans(text string, ms []termMatch) claimline.Snippet {
	var out claimline.Snippet
	at := 0
	for _, m := range ms {
		if m.end <= at {
			continue
		}
		start := max(m.start, at)
		if start > at {
			out = append(out, claimline.SnippetPart{Text: text[at:start]})
		}
		if n := len(out); n > 0 && out[n-1].Mark && start == at {
			out[n-1].Text += text[start:m.end]
		} else {
			out = append(out, claimline.SnippetPart{Text: text[start:m.end], Mark: true})
		}
		at = m.end
	}
	if at < len(text) {
		out = append(out, claimline.SnippetPart{Text: text[at:]})
	}
	return out
}

// maxEvidenceSentences caps the sentences suggested as evidence.
const maxEvidenceSentences = 3

// evidenceSentences returns the sentences of a passage that carry its
// evidence, as the span [from, to) of p.Sentences: the sentence whose terms
// weigh most (a term of the claim by its idf, one of the quotes by half
// of it, each once), then, while the span lacks a marked term of the claim
// that a neighbouring sentence holds, that sentence too, up to
// maxEvidenceSentences. A claim reported over two sentences ("Hagari said
// 99 per cent were intercepted. He said Iran fired 170 drones") is
// suggested whole; the paragraph around it is shown as context.
func evidenceSentences(p *claimline.SuggestedPassage, matches []termMatch, marked map[string]bool) (from, to int) {
	if len(p.Sentences) == 0 {
		return 0, 0
	}
	in := make([]map[*rankTerm]bool, len(p.Sentences))
	for k, s := range p.Sentences {
		in[k] = map[*rankTerm]bool{}
		for _, m := range matches {
			if p.Start+m.start >= s.Start && p.Start+m.end <= s.End {
				in[k][m.term] = true
			}
		}
	}
	weight := func(k int, lacking map[*rankTerm]bool) float64 {
		w := 0.0
		for t := range in[k] {
			if lacking != nil && (!lacking[t] || t.quoted || !marked[t.ID]) {
				continue
			}
			if t.quoted {
				w += t.idf / 2
			} else {
				w += t.idf
			}
		}
		return w
	}
	best := 0
	for k := range p.Sentences {
		if weight(k, nil) > weight(best, nil) {
			best = k
		}
	}
	from, to = best, best+1
	for to-from < maxEvidenceSentences {
		lacking := map[*rankTerm]bool{}
		for _, m := range matches {
			lacking[m.term] = true
		}
		for k := from; k < to; k++ {
			for t := range in[k] {
				delete(lacking, t)
			}
		}
		before, after := 0.0, 0.0
		if from > 0 {
			before = weight(from-1, lacking)
		}
		if to < len(p.Sentences) {
			after = weight(to, lacking)
		}
		switch {
		case after > 0 && after >= before:
			to++
		case before > 0:
			from--
		default:
			return from, to
		}
	}
	return from, to
}
