package store

import (
	"context"
	"database/sql"
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
// They are ranked by bm25 against SuggestionQuery of the claim's text and
// the passages its quotes stand in. ENOTFOUND when there is no such claim.
func (s *Store) SuggestEvidence(ctx context.Context, claimID int64) ([]claimline.Suggestion, error) {
	var ev claimEvidence
	if err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		ev, err = loadClaimEvidence(ctx, tx, claimID)
		return err
	}); err != nil {
		return nil, err
	}
	ranked, err := s.RankPassages(ctx, SuggestionQuery(ev.text, ev.quoted), suggestScanned)
	if err != nil {
		return nil, fmt.Errorf("rank passages: %w", err)
	}
	out := pickSuggestions(ranked, ev.assessed, ev.dismissed)
	if len(out) == 0 {
		return nil, nil
	}
	match := search.TranslateAny(SuggestionQuery(ev.text, ev.quoted))
	err = s.read(ctx, func(tx *sql.Tx) error {
		for i := range out {
			for j := range out[i].Passages {
				if err := markPassage(ctx, tx, out[i].SourceID, &out[i].Passages[j], match); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
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
// without a stance (assessed) that were not dismissed: at most
// claimline.SuggestionsPerSource of one source, claimline.SuggestionsInAll
// in all. Sources keep the order of their best passage kept.
func pickSuggestions(ranked []claimline.SourcePassages, assessed map[int64]bool, dismissed map[passageKey]bool) []claimline.Suggestion {
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
			sg.Passages = append(sg.Passages, claimline.SuggestedPassage{Start: p.Start, End: p.End, Marked: p.Snippet})
			n++
		}
		if len(sg.Passages) > 0 {
			out = append(out, sg)
		}
	}
	return out
}

// markPassage fills in a suggested passage's exact text, as stored, and
// that text with the words of match marked (RankPassages gives a snippet, which may cut a
// long passage short).
func markPassage(ctx context.Context, tx *sql.Tx, sourceID int64, p *claimline.SuggestedPassage, match string) error {
	var marked string
	err := tx.QueryRowContext(ctx, `SELECT body, highlight(search_passages, 0, `+mark+`) FROM search_passages
		WHERE search_passages MATCH ? AND rowid BETWEEN ? AND ? AND start_at = ?`,
		match, sourceID*passageStride, sourceID*passageStride+passageStride-1, p.Start).Scan(&p.Text, &marked)
	if err != nil {
		return fmt.Errorf("mark passage: %w", err)
	}
	p.Marked = search.ParseSnippet(marked)
	return nil
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
