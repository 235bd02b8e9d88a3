package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"claimline/internal/claimline"
	"claimline/internal/search"
)

// Suggested evidence: passages of library sources that have no stance on a
// claim yet, ranked against the claim through the passage index.

// suggestScanned is how many ranked passages are read to fill the
// suggestions: those of sources with a stance, and dismissed ones, are
// skipped, so more are read than are shown.
const suggestScanned = 200

// passageKey names a passage of a source by its byte range.
type passageKey struct {
	source     int64
	start, end int
}

// claimEvidence is what the suggestions for a claim are ranked against and
// what they leave out.
type claimEvidence struct {
	text      string
	quoted    []string // the claim's quotes, each followed by the passage it stands in
	assessed  map[int64]bool
	dismissed map[passageKey]bool
}

// SuggestEvidence returns the sources that may speak to a claim and have no
// stance on it, best first, each with its best passages: at most
// claimline.SuggestionsPerSource of one source and
// claimline.SuggestionsInAll in all, the best of each of the first
// suggestedSourcesFirst sources before any second, none the claim's
// editors dismissed. ENOTFOUND when there is no such claim.
//
// This is the ranking of suggested evidence. Two sets of words are chosen
// (SuggestionWords, chooseWords): the claim's own, and the most
// distinctive of its quotes and the passages they stand in. Each ranks the
// library's passages with bm25, any of its words matching, and so gives
// two orders of sources: by their best passage, and by the sum of their
// passages' scores (a source may report a claim over several paragraphs,
// none of which matches as well as one paragraph of another source). The
// up to four orders are fused by reciprocal rank (fuseRankings): a source
// found by the claim's words and by its quotes' comes before one found by
// only one of them. Passages are suggested in the order of the rankings,
// the claim's first, and only those holding a distinctive word of either
// set, marked.
func (s *Store) SuggestEvidence(ctx context.Context, claimID int64) ([]claimline.Suggestion, error) {
	var ev claimEvidence
	var claimRank, quotedRank, marked []string
	if err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if ev, err = loadClaimEvidence(ctx, tx, claimID); err != nil {
			return err
		}
		claimWords, quotedWords := SuggestionWords(ev.text, ev.quoted)
		claimRank, quotedRank, marked, err = chooseWords(ctx, tx, claimWords, quotedWords)
		return err
	}); err != nil {
		return nil, err
	}
	var best, summed [][]claimline.SourcePassages
	for _, words := range [][]string{claimRank, quotedRank} {
		if len(words) == 0 {
			continue
		}
		ranked, err := s.RankPassages(ctx, strings.Join(words, " "), suggestScanned)
		if err != nil {
			return nil, fmt.Errorf("rank passages: %w", err)
		}
		best = append(best, ranked)
		summed = append(summed, bySummedScore(ranked))
	}
	if len(best) == 0 {
		return nil, nil
	}
	ranked := fuseRankings(append(best, summed...), ev.assessed)
	match := search.TranslateAny(strings.Join(marked, " "))
	var out []claimline.Suggestion
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = pickSuggestions(ranked, ev.assessed, ev.dismissed, func(sourceID int64, p *claimline.SuggestedPassage) (bool, error) {
			return markPassage(ctx, tx, sourceID, p, match)
		})
		if err != nil || len(out) == 0 {
			return err
		}
		return labelSources(ctx, tx, out)
	})
	return out, err
}

// bySummedScore orders the sources of a passage ranking by the sum of
// their ranked passages' bm25 scores, best (lowest) first.
func bySummedScore(ranked []claimline.SourcePassages) []claimline.SourcePassages {
	sum := func(sp claimline.SourcePassages) float64 {
		t := 0.0
		for _, p := range sp.Passages {
			t += p.Rank
		}
		return t
	}
	out := slices.Clone(ranked)
	slices.SortStableFunc(out, func(a, b claimline.SourcePassages) int { return cmp.Compare(sum(a), sum(b)) })
	return out
}

// rrfK is the constant of reciprocal rank fusion (Cormack, Clarke and
// Büttcher, 2009): a source's score is the sum over the rankings of
// 1/(rrfK + its rank there). 60 is theirs; 1, 10 and 200 gave the same
// figures on the seeds.
const rrfK = 60.0

// fuseRankings merges rankings by reciprocal rank fusion of their sources:
// a source ranked well by several comes before one that only one of them
// finds. Sources with a stance (assessed) are not counted in the ranks. A
// source's passages are those of the rankings, in their order, the first
// ranking's first.
func fuseRankings(lists [][]claimline.SourcePassages, assessed map[int64]bool) []claimline.SourcePassages {
	score := map[int64]float64{}
	at := map[int64]int{}
	var out []claimline.SourcePassages
	for _, list := range lists {
		rank := 0
		for _, sp := range list {
			if assessed[sp.SourceID] {
				continue
			}
			rank++
			score[sp.SourceID] += 1 / (rrfK + float64(rank))
			i, ok := at[sp.SourceID]
			if !ok {
				i = len(out)
				at[sp.SourceID] = i
				out = append(out, claimline.SourcePassages{SourceID: sp.SourceID, Title: sp.Title})
			}
			for _, p := range sp.Passages {
				if !slices.ContainsFunc(out[i].Passages, func(q claimline.PassageHit) bool { return q.Start == p.Start }) {
					out[i].Passages = append(out[i].Passages, p)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b claimline.SourcePassages) int { return cmp.Compare(score[b.SourceID], score[a.SourceID]) })
	return out
}

// labelSources names each suggested source as the rest of the app does
// (claimline.Source.Label: its outlet, then its title).
func labelSources(ctx context.Context, tx *sql.Tx, out []claimline.Suggestion) error {
	ids := make([]int64, len(out))
	for i, s := range out {
		ids[i] = s.SourceID
	}
	labels, err := sourceLabels(ctx, tx, ids)
	if err != nil {
		return err
	}
	for i := range out {
		if l, ok := labels[out[i].SourceID]; ok {
			out[i].Source = l
		}
	}
	return nil
}

// Choosing the words to rank by and to mark.
const (
	// rankBudget bounds the passages that ranking may score, counted as
	// the sum of its words' passages: bm25 costs about a microsecond a
	// match and word, and a claim's words may include some found in most
	// passages of a large library (ranking by them took 1-2 s a claim on
	// the benchmark's 10,000 sources). A library of a few hundred sources
	// never reaches it.
	rankBudget = 5000
	// maxCounted caps the words counted: the claim's, then its quotes'.
	maxCounted = 60
	// A word in more than 1/commonShare of the library's passages is too
	// common to mark ("the", "said"; in a library on one story, its
	// protagonist too): marked, it would mark half of every suggestion.
	// Below minPassagesForShare passages there is too little text to tell.
	// (Ranking without such words was measured on the seeds, and ranked
	// worse: bm25 weighs them already.)
	commonShare         = 4
	minPassagesForShare = 40
)

// chooseWords returns the two sets of words to rank by, each at most
// search.MaxTerms, and of those the words to mark. The claim's set is its
// words in their order. The quotes' set is the words of its quotes and
// quoted passages found in at least two passages (one found only in the
// quoted passage cannot lead to another source), rarest first: the most
// distinctive of what the claim's sources share. (Taking the claim's
// words rarest first ranked worse on the seeds: 68 % of pairs above every
// other source, against 79 %.) The two sets rank apart: in one query of 16
// words, a claim of a dozen words left room for two or three of its
// quotes' words. A word that would take the sum of the passages of both
// sets' words past rankBudget is left out, the claim's words counted
// first: a claim of only such words ("the US said so") gets no suggestion
// in a large library. Each word's passages are counted only up to
// rankBudget, so that a common word costs no more to count than a rarer
// one. A word in more than 1/commonShare of the passages is not marked; if
// every ranked word is such, all are.
func chooseWords(ctx context.Context, tx *sql.Tx, claimWords, quotedWords []string) (claimRank, quotedRank, marked []string, err error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM search_passage_spans`).Scan(&n); err != nil {
		return nil, nil, nil, err
	}
	type counted struct {
		word string
		df   int
	}
	count := func(words []string) ([]counted, error) {
		var out []counted
		for _, w := range words {
			var df int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_passages WHERE search_passages MATCH ? LIMIT ?)`,
				search.TranslateAny(w), rankBudget+1).Scan(&df); err != nil {
				return nil, err
			}
			out = append(out, counted{w, df})
		}
		return out, nil
	}
	claimWords = claimWords[:min(len(claimWords), maxCounted)]
	quotedWords = quotedWords[:min(len(quotedWords), maxCounted-len(claimWords))]
	first, err := count(claimWords)
	if err != nil {
		return nil, nil, nil, err
	}
	then, err := count(quotedWords)
	if err != nil {
		return nil, nil, nil, err
	}
	then = slices.DeleteFunc(then, func(c counted) bool { return c.df < 2 })
	slices.SortStableFunc(then, func(a, b counted) int { return cmp.Compare(a.df, b.df) })
	total := 0
	pick := func(cs []counted) (ranking []string) {
		for _, c := range cs {
			if len(ranking) == search.MaxTerms {
				break
			}
			if c.df == 0 || total+c.df > rankBudget {
				continue
			}
			total += c.df
			ranking = append(ranking, c.word)
			if n < minPassagesForShare || c.df <= n/commonShare {
				marked = append(marked, c.word)
			}
		}
		return ranking
	}
	claimRank, quotedRank = pick(first), pick(then)
	if len(marked) == 0 {
		marked = append(slices.Clone(claimRank), quotedRank...)
	}
	return claimRank, quotedRank, marked, nil
}

// loadClaimEvidence reads a claim's text, its quoted passages, the sources
// with a stance on it and the passages dismissed for it.
func loadClaimEvidence(ctx context.Context, tx *sql.Tx, claimID int64) (claimEvidence, error) {
	ev := claimEvidence{assessed: map[int64]bool{}, dismissed: map[passageKey]bool{}}
	if err := tx.QueryRowContext(ctx, `SELECT text FROM claims WHERE id = ?`, claimID).Scan(&ev.text); err != nil {
		return ev, notFound(err, "Claim")
	}
	// A quote is often a few words of its passage: the passage around it
	// says more about what the claim is about (measured on the seeds:
	// 92.9 % of pairs in the top 5 with the quotes alone, 96.4 % with
	// their passages).
	err := each(ctx, tx, `SELECT a.source_id, a.quote, coalesce((SELECT substr(CAST(s.text AS BLOB), p.start_at + 1, p.end_at - p.start_at)
			FROM search_passage_spans p JOIN sources s ON s.id = a.source_id
			WHERE p.id BETWEEN a.source_id * ? AND a.source_id * ? + ? AND p.start_at <= a.quote_start AND p.end_at >= a.quote_end
			LIMIT 1), '')
		FROM assessments a WHERE a.claim_id = ? ORDER BY a.id`, []any{passageStride, passageStride, passageStride - 1, claimID}, func(rows *sql.Rows) error {
		var id int64
		var quote string
		var passage []byte
		if err := rows.Scan(&id, &quote, &passage); err != nil {
			return err
		}
		ev.assessed[id] = true
		ev.quoted = append(ev.quoted, quote, string(passage))
		return nil
	})
	if err != nil {
		return ev, err
	}
	return ev, each(ctx, tx, `SELECT source_id, start_at, end_at FROM suggestion_dismissals WHERE claim_id = ?`, []any{claimID}, func(rows *sql.Rows) error {
		var k passageKey
		if err := rows.Scan(&k.source, &k.start, &k.end); err != nil {
			return err
		}
		ev.dismissed[k] = true
		return nil
	})
}

// SuggestionWords returns the distinct words of a claim's text, and those
// of its quotes and quoted passages that the claim's text lacks, each once
// and in order: a word repeated does not outweigh the others. Words of
// one or two letters, and function words (stopWords), are left out unless
// written in capitals ("US", "UK", "WHO"); the index stems the rest.
// Punctuation is never part of a word, so
// a hyphen or a quote mark in a passage cannot turn into query syntax.
func SuggestionWords(claim string, quoted []string) (claimWords, quotedWords []string) {
	seen := map[string]bool{}
	words := func(text string) []string {
		var out []string
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) < 3 && (len([]rune(w)) < 2 || strings.ToUpper(w) != w) {
				continue
			}
			if k := strings.ToLower(w); !seen[k] && !(stopWords[k] && w != strings.ToUpper(w)) {
				seen[k] = true
				out = append(out, w)
			}
		}
		return out
	}
	claimWords = words(claim)
	for _, q := range quoted {
		quotedWords = append(quotedWords, words(q)...)
	}
	return claimWords, quotedWords
}

// stopWords are English function words: found in most passages of any
// English text, they say nothing of what a claim is about, and each would
// take one of the query's search.MaxTerms words. Written in
// capitals ("WHO"), a word is a name and stays.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for are was were has have had his her hers its our ours their theirs
		they them you your she him who whom whose which what when where why how than then there here
		this that these those with from into onto upon over under about after before also been being
		but not nor any all some such each both either neither very just only own same too can could
		would should shall will may might must does did doing done having itself himself herself
		themselves out off per via yet`) {
		m[w] = true
	}
	return m
}()

// suggestedSourcesFirst is how many sources are sure of a place among the
// suggestions: the first ones with a passage get one each before any gets a
// second. Three passages of each of the best three sources would fill the
// section, and the fourth and fifth sources, often the ones that report the
// claim in other words, would not be shown at all.
const suggestedSourcesFirst = 5

// pickSuggestions keeps, in rank order, the ranked passages of sources
// without a stance (assessed) that were not dismissed and that mark fills
// in and keeps: at most claimline.SuggestionsPerSource of one source,
// claimline.SuggestionsInAll in all, and the best one of each of the first
// suggestedSourcesFirst sources before any source's second. Sources keep
// the order of their best passage kept.
func pickSuggestions(ranked []claimline.SourcePassages, assessed map[int64]bool, dismissed map[passageKey]bool,
	mark func(sourceID int64, p *claimline.SuggestedPassage) (bool, error)) ([]claimline.Suggestion, error) {
	var out []claimline.Suggestion
	n := 0 // passages kept
	for _, sp := range ranked {
		if len(out) >= suggestedSourcesFirst && n >= claimline.SuggestionsInAll {
			break // the sources kept so far fill every place
		}
		if assessed[sp.SourceID] {
			continue
		}
		sg := claimline.Suggestion{SourceID: sp.SourceID, Source: sp.Title}
		for _, p := range sp.Passages {
			if len(sg.Passages) == claimline.SuggestionsPerSource {
				break
			}
			if dismissed[passageKey{sp.SourceID, p.Start, p.End}] {
				continue
			}
			sugg := claimline.SuggestedPassage{Start: p.Start, End: p.End}
			if ok, err := mark(sp.SourceID, &sugg); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			sg.Passages = append(sg.Passages, sugg)
			n++
		}
		if len(sg.Passages) > 0 {
			out = append(out, sg)
		}
	}
	// Places: one for each of the first sources, then the rest in rank
	// order.
	places := claimline.SuggestionsInAll
	keep := make([]int, len(out))
	for i := range out[:min(len(out), suggestedSourcesFirst, places)] {
		keep[i] = 1
		places--
	}
	for i := range out {
		more := min(len(out[i].Passages)-keep[i], places)
		keep[i] += more
		places -= more
	}
	kept := out[:0]
	for i, sg := range out {
		if keep[i] > 0 {
			sg.Passages = sg.Passages[:keep[i]]
			kept = append(kept, sg)
		}
	}
	return kept, nil
}

// markPassage fills in a suggested passage's exact text, as stored, and
// that text with the words of match marked (RankPassages gives a snippet,
// which may cut a long passage short). It reports false, leaving p as it
// was, when the passage holds none of match: a passage that shares only
// common words with a claim is not worth suggesting.
func markPassage(ctx context.Context, tx *sql.Tx, sourceID int64, p *claimline.SuggestedPassage, match string) (bool, error) {
	var text, marked string
	err := tx.QueryRowContext(ctx, `SELECT body, highlight(search_passages, 0, `+mark+`) FROM search_passages
		WHERE search_passages MATCH ? AND rowid BETWEEN ? AND ? AND start_at = ?`,
		match, sourceID*passageStride, sourceID*passageStride+passageStride-1, p.Start).Scan(&text, &marked)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("mark passage: %w", err)
	}
	p.Text, p.Marked = text, search.ParseSnippet(marked)
	return true, nil
}

// DismissSuggestion remembers that a passage suggested for a claim is not
// relevant to it, so that it is no longer suggested. The passage is named
// by its source and byte range, which must be one of the source's passages
// (EINVALID otherwise); ENOTFOUND when there is no such claim. Dismissing a
// passage twice is not an error.
func (s *Store) DismissSuggestion(ctx context.Context, claimID, sourceID int64, start, end int) error {
	return s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM claims WHERE id = ?`, claimID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return claimline.Errorf(claimline.ENOTFOUND, "Claim not found.")
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM search_passage_spans
			WHERE id BETWEEN ? AND ? AND start_at = ? AND end_at = ?`,
			sourceID*passageStride, sourceID*passageStride+passageStride-1, start, end).Scan(&n); err != nil {
			return err
		} else if n == 0 || sourceID <= 0 {
			return claimline.Errorf(claimline.EINVALID, "That passage is not in the source: reload the claim page and try again.")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO suggestion_dismissals (claim_id, source_id, start_at, end_at, dismissed_at, dismissed_by)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, claimID, sourceID, start, end, tx.now, tx.user)
		return err
	})
}
