package store

import (
	"context"

	"claimline/internal/claimline"
)

// ImportTarget is the timeline an import goes into: an existing one by id,
// or a new one.
type ImportTarget struct {
	TimelineID int64
	New        *claimline.TimelineInput
}

// ImportResult says what an import did.
type ImportResult struct {
	Slug             string
	Created, Updated int
}

// target returns the import's timeline id, creating the timeline if asked.
func target(ctx context.Context, tx *Tx, t ImportTarget) (int64, string, error) {
	if t.New == nil {
		var slug string
		err := tx.QueryRowContext(ctx, `SELECT slug FROM timelines WHERE id = ?`, t.TimelineID).Scan(&slug)
		return t.TimelineID, slug, notFound(err, "Timeline")
	}
	in := *t.New
	in.Normalize()
	err := in.Validate()
	var id int64
	if err == nil {
		id, err = createTimeline(ctx, tx, in)
	}
	if claimline.ErrorCode(err) == claimline.EINVALID {
		return 0, "", claimline.Errorf(claimline.EINVALID, "The new timeline cannot be created: %s", claimline.FieldErrorText(err))
	}
	return id, in.Slug, err
}

// ImportEntries saves rows into a timeline in one transaction: all of them,
// or, on the first invalid row, none (the error names the row's line).
func (s *Store) ImportEntries(ctx context.Context, t ImportTarget, rows []claimline.ImportRow) (ImportResult, error) {
	var res ImportResult
	err := s.write(ctx, func(tx *Tx) error {
		tlID, slug, err := target(ctx, tx, t)
		if err != nil {
			return err
		}
		res.Slug = slug
		for _, r := range rows {
			e, err := r.Input.Parse()
			if err != nil {
				return lineError(r.Line, err)
			}
			if before, ok := existingEntry(ctx, tx, tlID, r.ID); ok {
				err = updateEntry(ctx, tx, before, &e)
				res.Updated++
			} else {
				_, err = insertEntry(ctx, tx, tlID, &e)
				res.Created++
			}
			if err != nil {
				return lineError(r.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func existingEntry(ctx context.Context, tx querier, timelineID, id int64) (*claimline.Entry, bool) {
	if id <= 0 {
		return nil, false
	}
	e, err := entryByID(ctx, tx, id)
	if err != nil || e.TimelineID != timelineID {
		return nil, false
	}
	return e, true
}

func lineError(line int, err error) error {
	if line <= 0 {
		return err
	}
	return claimline.Errorf(claimline.ErrorCode(err), "Line %d: %s", line, claimline.FieldErrorText(err))
}

// ImportBundles loads a full export into a timeline in one transaction:
// sources first (an existing source with the same text or URL is reused),
// then each entry with its citations, claims and assessments, every quote
// verified again. On any error nothing is saved.
func (s *Store) ImportBundles(ctx context.Context, t ImportTarget, sources []claimline.Source, bundles []claimline.Bundle) (ImportResult, error) {
	var res ImportResult
	err := s.write(ctx, func(tx *Tx) error {
		tlID, slug, err := target(ctx, tx, t)
		if err != nil {
			return err
		}
		res.Slug = slug
		ids := map[string]int64{}
		for i, src := range sources {
			if SHA256(src.Text) != src.SHA256 {
				return claimline.Errorf(claimline.EINVALID, "Source %d (%s): its text does not match its SHA-256.", i+1, src.Title)
			}
			parsed, err := src.Input().Parse(false)
			if err != nil {
				return claimline.Errorf(claimline.EINVALID, "Source %d (%s): %s", i+1, src.Title, err)
			}
			parsed.Text, parsed.SHA256 = src.Text, src.SHA256
			if ids[src.SHA256], _, err = createSource(ctx, tx, parsed, nil, "", src.Retrieved); err != nil {
				return err
			}
		}
		for i, b := range bundles {
			if err := importBundle(ctx, tx, tlID, ids, b); err != nil {
				return claimline.Errorf(claimline.ErrorCode(err), "Entry %d (%s): %s", i+1, b.Entry.Title, claimline.ErrorMessage(err))
			}
			res.Created++
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func importBundle(ctx context.Context, tx *Tx, tlID int64, ids map[string]int64, b claimline.Bundle) error {
	e, err := b.Entry.Input().Parse()
	if err != nil {
		return claimline.Errorf(claimline.EINVALID, "%s", claimline.FieldErrorText(err))
	}
	id, err := insertEntry(ctx, tx, tlID, &e)
	if err != nil {
		return err
	}
	e.ID, e.TimelineID = id, tlID
	source := func(sha string) (int64, error) {
		if id, ok := ids[sha]; ok {
			return id, nil
		}
		return 0, claimline.Errorf(claimline.EINVALID, "a source %.12s… is used but not included", sha)
	}
	for _, c := range b.Citations {
		sid, err := source(c.SourceSHA)
		if err != nil {
			return err
		}
		if _, err := addCitation(ctx, tx, &e, sid, c.Quote); err != nil {
			return claimline.Errorf(claimline.EINVALID, "citation: %s", claimline.FieldErrorText(err))
		}
	}
	for _, c := range b.Claims {
		in := claimline.ClaimInput{Text: c.Text, Claimant: c.Claimant.Name}
		if err := in.Validate(); err != nil {
			return claimline.Errorf(claimline.EINVALID, "claim: %s", claimline.FieldErrorText(err))
		}
		cid, err := createClaim(ctx, tx, id, tlID, in)
		if err != nil {
			return err
		}
		for _, a := range c.Evidence {
			sid, err := source(a.Source.SHA256)
			if err != nil {
				return err
			}
			ain := claimline.AssessmentInput{SourceID: sid, Stance: string(a.Stance), Quote: a.Quote, Note: a.Note}
			if err := ain.Validate(); err != nil {
				return claimline.Errorf(claimline.EINVALID, "assessment: %s", claimline.FieldErrorText(err))
			}
			if _, err := setAssessment(ctx, tx, cid, tlID, ain); err != nil {
				return claimline.Errorf(claimline.EINVALID, "assessment of “%s”: %s", c.Text, claimline.FieldErrorText(err))
			}
		}
	}
	return nil
}
