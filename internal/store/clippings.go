package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"claimline/internal/claimline"
)

// SaveClippings saves a tray of clippings in one transaction: each a
// citation on an entry or a source's stance on a claim. Every problem is
// reported at once, under the clipping's field (claimline.ClippingField of
// its place in clips), and nothing is saved unless every clipping can be:
// a passage not in its source, an entry or claim deleted, a stance the
// source already has on the claim (unless Replace), the same citation or
// stance twice, a citation the entry already has. The clippings saved or
// left out (LeaveOut) that are on the acting user's tray (ID set) leave it.
func (s *Store) SaveClippings(ctx context.Context, clips []claimline.Clipping) (claimline.ClippingsSaved, error) {
	var out claimline.ClippingsSaved
	first := slices.IndexFunc(clips, func(c claimline.Clipping) bool { return !c.LeaveOut })
	if len(clips) == 0 {
		return out, claimline.Errorf(claimline.EINVALID, "There is nothing to save: the tray is empty.")
	}
	p := claimline.Problems{}
	checked := make([]checkedQuote, len(clips))
	texts := map[int64]quoteSource{}
	seen := map[string]int{}
	ok := make([]bool, len(clips)) // passed the checks of the form
	for i := range clips {
		c := &clips[i]
		if c.Row == 0 {
			c.Row = i + 1
		}
		if c.LeaveOut {
			continue
		}
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
		// The same passage, however it was typed, is the same citation.
		sp := checked[i].span
		key, msg := fmt.Sprintf("e%d/%d/%d-%d", c.EntryID, c.SourceID, sp.Start, sp.End), "Clipping %d is already this citation."
		if c.ClaimID > 0 {
			key, msg = fmt.Sprintf("c%d/%d", c.ClaimID, c.SourceID), "Clipping %d already gives this source's stance on this claim: a source has one stance per claim."
		}
		if j, dup := seen[key]; dup {
			p.Add(field, fmt.Sprintf(msg, clips[j].Row))
			continue
		}
		seen[key], ok[i] = i, true
	}
	// The checks against the database, on the read pool first so that the
	// user hears of every problem at once; again in the write, where they
	// count.
	err := s.read(ctx, func(tx *sql.Tx) error {
		_, err := checkClippingTargets(ctx, tx, clips, checked, ok, p)
		return err
	})
	if err != nil {
		return out, err
	}
	if err := p.Err(); err != nil {
		return out, err
	}
	err = s.write(ctx, func(tx *Tx) error {
		out, p = claimline.ClippingsSaved{}, claimline.Problems{}
		targets, err := checkClippingTargets(ctx, tx, clips, checked, ok, p)
		if err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		for i, c := range clips {
			if c.LeaveOut {
				continue
			}
			if c.ClaimID > 0 {
				_, err = setAssessment(ctx, tx, c.ClaimID, targets[i].timeline,
					claimline.AssessmentInput{SourceID: c.SourceID, Stance: c.Stance, Quote: c.Quote}, checked[i])
				out.Stances++
			} else {
				_, err = addCitation(ctx, tx, targets[i].entry, checked[i])
				out.Citations++
			}
			if fields := claimline.FieldErrors(err); fields != nil && !claimline.IsFault(err) {
				// The source was deleted, or its text changed, meanwhile.
				p.Add(claimline.ClippingField(i), claimline.FieldErrorText(err))
				return p.Err()
			} else if err != nil {
				return err
			}
		}
		// What was saved or left out leaves the acting user's tray, in the
		// same transaction: a failed save leaves the tray as it was.
		if u := claimline.UserFromContext(ctx); u != nil {
			var ids []int64
			for _, c := range clips {
				if c.ID > 0 {
					ids = append(ids, c.ID)
				}
			}
			if _, err := removeFromTray(ctx, tx, u.ID, ids); err != nil {
				return err
			}
		}
		if first < 0 {
			return nil // every clipping was left out
		}
		return tx.QueryRowContext(ctx, `SELECT slug FROM timelines WHERE id = ?`, targets[first].timeline).Scan(&out.Timeline)
	})
	return out, err
}

// clippingTarget is the entry or claim a clipping is saved on.
type clippingTarget struct {
	entry    *claimline.Entry // for a citation
	timeline int64
}

// checkClippingTargets checks the clippings marked ok against the
// database: their entry or claim exists, the source has no stance on the
// claim yet (unless Replace), the entry does not cite the passage (the
// same span of the source's current text) yet. It adds problems to p and
// returns each clipping's target.
func checkClippingTargets(ctx context.Context, tx querier, clips []claimline.Clipping, checked []checkedQuote, ok []bool, p claimline.Problems) ([]clippingTarget, error) {
	targets := make([]clippingTarget, len(clips))
	for i, c := range clips {
		if !ok[i] {
			continue
		}
		field := claimline.ClippingField(i)
		if c.ClaimID > 0 {
			var err error
			if _, targets[i].timeline, err = claimSnap(ctx, tx, c.ClaimID); claimline.ErrorCode(err) == claimline.ENOTFOUND {
				p.Add(field, "This claim no longer exists.")
			} else if err != nil {
				return nil, err
			} else if !c.Replace {
				if msg, err := existingStance(ctx, tx, c.ClaimID, c.SourceID); err != nil {
					return nil, err
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
			return nil, err
		}
		targets[i] = clippingTarget{e, e.TimelineID}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM citations WHERE entry_id = ? AND source_id = ? AND cur_start = ? AND cur_end = ?`,
			c.EntryID, c.SourceID, checked[i].span.Start, checked[i].span.End).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			p.Add(field, "The entry already cites this passage.")
		}
	}
	return targets, nil
}

// ClippingChoices returns a timeline's entries (by date) and claims (by
// entry) for the tray's form.
func (s *Store) ClippingChoices(ctx context.Context, timelineID int64) (claimline.ClippingChoices, error) {
	var out claimline.ClippingChoices
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if out.Entries, err = entryChoices(ctx, tx, 0, timelineID); err != nil {
			return err
		}
		out.Claims, err = loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE e.timeline_id = ? ORDER BY e.date, e.id, c.id`, timelineID)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("clipping choices: %w", err)
	}
	return out, nil
}

// clippingQuoteProblem is a refused quote's field errors as one sentence.
func clippingQuoteProblem(err error) string {
	f := claimline.FieldErrors(err)
	if msg, ok := f["source"]; ok {
		return msg
	}
	return f["quote"]
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
