package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"claimline/internal/claimline"
	"claimline/internal/lexicon"
)

// Suggested evidence: passages of library sources that have no stance on a
// claim yet, ranked against the claim through the passage index, each with
// the sentences that carry the evidence.

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
// editors dismissed. Each passage comes with the sentences of it that
// carry the evidence (evidenceSentences). ENOTFOUND when there is no such
// claim.
//
// This is the ranking of suggested evidence. Two sets of terms are chosen
// (SuggestionTerms, chooseTerms): the claim's own, and the most
// distinctive of its quotes and the passages they stand in. A term is a
// word, or a name or a quantity with every way of writing it
// (internal/lexicon: "Washington" is also the US, America and American;
// "three hundred" is also 300). Each set ranks the library's passages by
// bm25 over its terms (rankByTerms), a passage holding at least
// minTermsHeld of the two sets' terms together, and so
// gives two orders of sources: by their best passage, and by the sum of
// their passages' scores (a source may report a claim over several
// paragraphs, none of which matches as well as one paragraph of another
// source). The up to four orders are fused by reciprocal rank
// (fuseRankings): a source found by the claim's terms and by its quotes'
// comes before one found by only one of them. Passages are suggested in
// the order of the rankings, the claim's first, and only those holding a
// distinctive term of either set, marked.
func (s *Store) SuggestEvidence(ctx context.Context, claimID int64) ([]claimline.Suggestion, error) {
	var out []claimline.Suggestion
	err := s.read(ctx, func(tx *sql.Tx) error {
		ev, err := loadClaimEvidence(ctx, tx, claimID)
		if err != nil || !mayRead(ctx, claimline.SearchSources) {
			return err
		}
		claimTerms, quotedTerms := SuggestionTerms(ev.text, ev.quoted)
		chosen, err := chooseTerms(ctx, tx, s.pg, claimTerms, quotedTerms)
		if err != nil {
			return err
		}
		var best, summed [][]claimline.SourcePassages
		for i, set := range [][]rankTerm{chosen.claim, chosen.quoted} {
			if len(set) == 0 {
				continue
			}
			ranked, err := rankByTerms(ctx, tx, set, [][]rankTerm{chosen.quoted, chosen.claim}[i])
			if err != nil {
				return fmt.Errorf("rank passages: %w", err)
			}
			best = append(best, ranked)
			summed = append(summed, bySummedScore(ranked))
		}
		if len(best) == 0 {
			return nil
		}
		ranked := fuseRankings(append(best, summed...), ev.assessed)
		out, err = pickSuggestions(ranked, ev.assessed, ev.dismissed, func(sourceID int64, p *claimline.SuggestedPassage) (bool, error) {
			return fillPassage(ctx, tx, sourceID, p, chosen)
		})
		if err != nil || len(out) == 0 {
			return err
		}
		return labelSources(ctx, tx, out)
	})
	return out, err
}

// summedPassages is how many of a source's best passages bySummedScore
// adds up: a report gives a claim a few paragraphs at most, and adding all
// of them put long articles that mention the claim's commoner words here
// and there above short reports of it (TestSuggestionReporting measured
// both).
const summedPassages = 3

// bySummedScore orders the sources of a passage ranking by the sum of the
// bm25 scores of their best summedPassages ranked passages, best (lowest)
// first.
func bySummedScore(ranked []claimline.SourcePassages) []claimline.SourcePassages {
	sum := func(sp claimline.SourcePassages) float64 {
		t := 0.0
		for _, p := range sp.Passages[:min(len(sp.Passages), summedPassages)] {
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
	err := each(ctx, tx, quotedPassagesSQL, []any{passageStride, passageStride, passageStride - 1, claimID}, func(rows *sql.Rows) error {
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

// quotedPassagesSQL reads a claim's stances: the source, the quote and the
// passage it stands in.
var quotedPassagesSQL = dialects(`SELECT a.source_id, a.quote, coalesce((SELECT substr(CAST(s.text AS BLOB), p.start_at + 1, p.end_at - p.start_at)
			FROM search_passage_spans p JOIN sources s ON s.id = a.source_id
			WHERE p.id BETWEEN a.source_id * ? AND a.source_id * ? + ? AND p.start_at <= a.quote_start AND p.end_at >= a.quote_end
			LIMIT 1), '')
		FROM assessments a WHERE a.claim_id = ? ORDER BY a.id`,
	`SELECT a.source_id, a.quote, coalesce((SELECT substring(convert_to(s.text, 'UTF8') FROM CAST(p.start_at AS integer) + 1 FOR CAST(p.end_at - p.start_at AS integer))
			FROM search_passage_spans p JOIN sources s ON s.id = a.source_id
			WHERE p.id BETWEEN a.source_id * ? AND a.source_id * ? + ? AND p.start_at <= a.quote_start AND p.end_at >= a.quote_end
			LIMIT 1), '')
		FROM assessments a WHERE a.claim_id = ? ORDER BY a.id`)

// SuggestionTerms returns the terms of a claim's text (lexicon.Terms), and
// those of its quotes and quoted passages, each set's terms once and in
// order: a word repeated does not outweigh the others. The quotes' terms
// include those the claim shares: they find passages like the ones
// already quoted, which a claim in other words than its sources' may not.
func SuggestionTerms(claim string, quoted []string) (claimTerms, quotedTerms []lexicon.Term) {
	lex := lexicon.Default()
	claimTerms = lex.Terms(claim)
	seen := map[string]bool{}
	for _, q := range quoted {
		for _, t := range lex.Terms(q) {
			if !seen[t.ID] {
				seen[t.ID] = true
				quotedTerms = append(quotedTerms, t)
			}
		}
	}
	return claimTerms, quotedTerms
}

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
