package store

import (
	"context"
	"fmt"
	"strings"

	"claimline/internal/claimline"
)

// SaveClippings saves a tray of clippings in one transaction: each a
// citation on an entry or a source's stance on a claim. Every problem is
// reported at once, under the clipping's field (claimline.ClippingField),
// and nothing is saved unless every clipping can be: a passage not in its
// source, an entry or claim deleted meanwhile, a stance the source already
// has on the claim (unless Replace), the same citation or stance twice.
func (s *Store) SaveClippings(ctx context.Context, clips []claimline.Clipping) (claimline.ClippingsSaved, error) {
	var out claimline.ClippingsSaved
	if len(clips) == 0 {
		return out, claimline.Errorf(claimline.EINVALID, "There is nothing to save: the tray is empty.")
	}
	p := claimline.Problems{}
	checked := make([]checkedQuote, len(clips))
	texts := map[int64]quoteSource{}
	seen := map[string]int{}
	for i := range clips {
		c := &clips[i]
		field := claimline.ClippingField(i)
		if msg := c.Validate(); msg != "" {
			p.Add(field, msg)
			continue
		}
		var err error
		if checked[i], err = s.checkQuoteIn(ctx, texts, c.SourceID, c.Quote); err != nil {
			if claimline.ErrorCode(err) != claimline.EINVALID {
				return out, err
			}
			p.Add(field, clippingQuoteProblem(err))
			continue
		}
		key, msg := fmt.Sprintf("e%d/%d/%s", c.EntryID, c.SourceID, c.Quote), "Clipping %d is already this citation."
		if c.ClaimID > 0 {
			key, msg = fmt.Sprintf("c%d/%d", c.ClaimID, c.SourceID), "Clipping %d already gives this source's stance on this claim: a source has one stance per claim."
		}
		if j, dup := seen[key]; dup {
			p.Add(field, fmt.Sprintf(msg, j+1))
			continue
		}
		seen[key] = i
	}
	if err := p.Err(); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx *Tx) error {
		out, p = claimline.ClippingsSaved{}, claimline.Problems{}
		// Check every clipping against the database before saving any, so
		// that the user hears of every problem at once.
		entries := make([]*claimline.Entry, len(clips))
		timelines := make([]int64, len(clips))
		for i, c := range clips {
			field := claimline.ClippingField(i)
			if c.ClaimID > 0 {
				var err error
				if _, timelines[i], err = claimSnap(ctx, tx, c.ClaimID); claimline.ErrorCode(err) == claimline.ENOTFOUND {
					p.Add(field, "This claim no longer exists.")
				} else if err != nil {
					return err
				} else if !c.Replace {
					if msg, err := existingStance(ctx, tx, c.ClaimID, c.SourceID); err != nil {
						return err
					} else if msg != "" {
						p.Add(field, msg)
					}
				}
				continue
			}
			e, err := entryByID(ctx, tx, c.EntryID)
			if claimline.ErrorCode(err) == claimline.ENOTFOUND {
				p.Add(field, "This entry no longer exists.")
				continue
			} else if err != nil {
				return err
			}
			entries[i], timelines[i] = e, e.TimelineID
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM citations WHERE entry_id = ? AND source_id = ? AND quote = ?`,
				c.EntryID, c.SourceID, c.Quote).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				p.Add(field, "The entry already cites this passage.")
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		for i, c := range clips {
			var err error
			if c.ClaimID > 0 {
				_, err = setAssessment(ctx, tx, c.ClaimID, timelines[i],
					claimline.AssessmentInput{SourceID: c.SourceID, Stance: c.Stance, Quote: c.Quote}, checked[i])
				out.Stances++
			} else {
				_, err = addCitation(ctx, tx, entries[i], checked[i])
				out.Citations++
			}
			if err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `SELECT slug FROM timelines WHERE id = ?`, timelines[0]).Scan(&out.Timeline)
	})
	return out, err
}

// clippingQuoteProblem is a refused quote's field errors as one sentence.
func clippingQuoteProblem(err error) string {
	f := claimline.FieldErrors(err)
	if msg, ok := f["source"]; ok {
		return msg
	}
	msg := f["quote"]
	if near, ok := f["quote_suggestion"]; ok {
		msg = strings.TrimSuffix(msg, "The closest passage is shown below.") + "The closest passage is “" + near + "”."
	}
	return msg
}

// existingStance describes the stance a source already has on a claim, as
// a problem for a clipping that would replace it, or "" when it has none.
func existingStance(ctx context.Context, tx querier, claimID, sourceID int64) (string, error) {
	as, err := loadAssessments(ctx, tx, `SELECT `+assessmentColumns+` WHERE a.claim_id = ? AND a.source_id = ?`, claimID, sourceID)
	if err != nil || len(as) == 0 {
		return "", err
	}
	a := as[0]
	msg := "“" + a.Source.Label() + "” already " + string(a.Stance) + " this claim"
	if a.Quote != "" {
		msg += " (“" + a.Quote + "”)"
	}
	return msg + ". Tick “replace” to replace that stance with this one.", nil
}
