package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	quoted    []string // the passages holding the claim's quotes
	assessed  map[int64]bool
	dismissed map[passageKey]bool
}

// SuggestEvidence returns the sources that may speak to a claim and have no
// stance on it, best first, each with its best passages: at most
// claimline.SuggestionsPerSource of one source and
// claimline.SuggestionsInAll in all, none the claim's editors dismissed.
// This is the ranking of suggested evidence: passages are ranked by bm25
// against the words of the claim's text and of the passages its quotes
// stand in (SuggestionQuery), any of them matching, and sources in the
// order of their best passage. A passage is shown with the distinctive ones
// of those words marked (distinctiveWords), and only if it holds one.
// ENOTFOUND when there is no such
// claim.
func (s *Store) SuggestEvidence(ctx context.Context, claimID int64) ([]claimline.Suggestion, error) {
	var ev claimEvidence
	var query string
	var marked []string
	if err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if ev, err = loadClaimEvidence(ctx, tx, claimID); err != nil {
			return err
		}
		query = SuggestionQuery(ev.text, ev.quoted)
		marked, err = distinctiveWords(ctx, tx, strings.Fields(query))
		return err
	}); err != nil {
		return nil, err
	}
	ranked, err := s.RankPassages(ctx, query, suggestScanned)
	if err != nil {
		return nil, fmt.Errorf("rank passages: %w", err)
	}
	match := search.TranslateAny(strings.Join(marked, " "))
	var out []claimline.Suggestion
	err = s.read(ctx, func(tx *sql.Tx) error {
		out, err = pickSuggestions(ranked, ev.assessed, ev.dismissed, func(sourceID int64, p *claimline.SuggestedPassage) (bool, error) {
			return markPassage(ctx, tx, sourceID, p, match)
		})
		return err
	})
	return out, err
}

// A word in more than 1/commonShare of the library's passages is too
// common to tell passages apart ("the", "said"; in a library on one story,
// its protagonist too). Below minPassagesForShare passages there is too
// little text to tell. (Leaving such words out of the ranking as well was
// measured on the seeds, and ranked worse: bm25 weighs them already.)
const (
	commonShare         = 4
	minPassagesForShare = 40
)

// distinctiveWords returns words without those found in too many of the
// library's passages: marked, they would mark half of every suggestion.
// Each word is counted only up to the limit, so that a common word costs
// no more than a rare one. If every word is common, all are kept.
func distinctiveWords(ctx context.Context, tx *sql.Tx, words []string) ([]string, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM search_passage_spans`).Scan(&n); err != nil {
		return nil, err
	}
	if n < minPassagesForShare {
		return words, nil
	}
	limit := n / commonShare
	var keep []string
	for _, w := range words {
		match := search.TranslateAny(w)
		if match == "" {
			continue
		}
		var df int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_passages WHERE search_passages MATCH ? LIMIT ?)`,
			match, limit+1).Scan(&df); err != nil {
			return nil, err
		}
		if df <= limit {
			keep = append(keep, w)
		}
	}
	if len(keep) == 0 {
		return words, nil
	}
	return keep, nil
}

// loadClaimEvidence reads a claim's text, its quoted passages, the sources
// with a stance on it and the passages dismissed for it.
func loadClaimEvidence(ctx context.Context, tx *sql.Tx, claimID int64) (claimEvidence, error) {
	ev := claimEvidence{assessed: map[int64]bool{}, dismissed: map[passageKey]bool{}}
	if err := tx.QueryRowContext(ctx, `SELECT text FROM claims WHERE id = ?`, claimID).Scan(&ev.text); err != nil {
		return ev, notFound(err, "Claim")
	}
	// A quote is often a few words of its passage: the passage around it
	// says more about what the claim is about. Quotes without offsets
	// (none stand outside a passage today) are used as they are.
	rows, err := tx.QueryContext(ctx, `SELECT a.source_id, a.quote, coalesce((SELECT substr(CAST(s.text AS BLOB), p.start_at + 1, p.end_at - p.start_at)
			FROM search_passage_spans p JOIN sources s ON s.id = a.source_id
			WHERE p.id BETWEEN a.source_id * ? AND a.source_id * ? + ? AND p.start_at <= a.quote_start AND p.end_at >= a.quote_end
			LIMIT 1), '')
		FROM assessments a WHERE a.claim_id = ? ORDER BY a.id`, passageStride, passageStride, passageStride-1, claimID)
	if err != nil {
		return ev, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var quote string
		var passage []byte
		if err := rows.Scan(&id, &quote, &passage); err != nil {
			return ev, err
		}
		ev.assessed[id] = true
		if len(passage) > 0 {
			quote = string(passage)
		}
		ev.quoted = append(ev.quoted, quote)
	}
	if err := rows.Err(); err != nil {
		return ev, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT source_id, start_at, end_at FROM suggestion_dismissals WHERE claim_id = ?`, claimID)
	if err != nil {
		return ev, err
	}
	defer rows.Close()
	for rows.Next() {
		var k passageKey
		if err := rows.Scan(&k.source, &k.start, &k.end); err != nil {
			return ev, err
		}
		ev.dismissed[k] = true
	}
	return ev, rows.Err()
}

// SuggestionQuery is the text suggestions for a claim are ranked against:
// the distinct words of the claim's text and of the passages quoted for
// it, each once, so that a word repeated does not outweigh the others.
// Words of one or two letters are left out unless written in capitals
// ("US", "UK"); what else is common weighs little under bm25, and the index
// stems the rest. Punctuation never reaches the query, so a hyphen or a
// quote mark in a passage cannot turn into query syntax.
func SuggestionQuery(claim string, quoted []string) string {
	seen := map[string]bool{}
	var words []string
	for _, text := range append([]string{claim}, quoted...) {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) < 3 && (len([]rune(w)) < 2 || strings.ToUpper(w) != w) {
				continue
			}
			if k := strings.ToLower(w); !seen[k] {
				seen[k] = true
				words = append(words, w)
			}
		}
	}
	return strings.Join(words, " ")
}

// pickSuggestions keeps, in rank order, the ranked passages of sources
// without a stance (assessed) that were not dismissed and that mark fills
// in and keeps: at most claimline.SuggestionsPerSource of one source,
// claimline.SuggestionsInAll in all. Sources keep the order of their best
// passage kept.
func pickSuggestions(ranked []claimline.SourcePassages, assessed map[int64]bool, dismissed map[passageKey]bool,
	mark func(sourceID int64, p *claimline.SuggestedPassage) (bool, error)) ([]claimline.Suggestion, error) {
	var out []claimline.Suggestion
	n := 0
	for _, sp := range ranked {
		if assessed[sp.SourceID] {
			continue
		}
		sg := claimline.Suggestion{SourceID: sp.SourceID, Source: sp.Title}
		for _, p := range sp.Passages {
			if n == claimline.SuggestionsInAll || len(sg.Passages) == claimline.SuggestionsPerSource {
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
	return out, nil
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
