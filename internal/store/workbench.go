package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"claimline/internal/claimline"
)

// mergeProblems joins the field errors of several validations into one
// EINVALID error, so that a form names every problem at once; other errors
// are returned as they are.
func mergeProblems(errs ...error) error {
	fields := map[string]string{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		fe := claimline.FieldErrors(err)
		if fe == nil {
			return err
		}
		for k, v := range fe {
			fields[k] = v
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.", Fields: fields}
}

// CreateEntryWithCitation adds an entry to a timeline together with its
// citation of a source, with quote as the cited passage, and, when claim is
// given, a claim on the entry with the source's stance resting on the same
// passage (or, when stance is "", no stance yet: its evidence comes later):
// all in one transaction, all saved or none. Invalid entry fields,
// claim fields and a quote not in the source are reported together, as for
// CreateEntry, CreateClaim and AddCitation.
func (s *Store) CreateEntryWithCitation(ctx context.Context, timelineID int64, in claimline.EntryInput, sourceID int64, quote string,
	claim *claimline.ClaimInput, stance string) (*claimline.Entry, error) {
	e, perr := in.Parse()
	cq, qerr := s.checkQuote(ctx, sourceID, quote)
	var cerr, aerr error
	a := claimline.AssessmentInput{SourceID: sourceID, Stance: stance, Quote: quote}
	if claim != nil {
		cerr = claim.Validate()
		if stance != "" {
			aerr = a.Validate()
		}
	}
	if err := mergeProblems(perr, qerr, cerr, aerr); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		e.TimelineID = timelineID
		if e.ID, err = insertEntry(ctx, tx, timelineID, &e); err != nil {
			return err
		}
		if _, err = addCitation(ctx, tx, &e, cq); err != nil || claim == nil {
			return err
		}
		claimID, err := createClaim(ctx, tx, e.ID, timelineID, *claim)
		if err != nil || stance == "" {
			return err
		}
		_, err = setAssessment(ctx, tx, claimID, timelineID, a, cq)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// CreateClaimWithAssessment adds a claim to an entry together with one
// source's stance on it, in one transaction. Problems with the claim and
// with the stance or its quote are reported together.
func (s *Store) CreateClaimWithAssessment(ctx context.Context, entryID int64, in claimline.ClaimInput, a claimline.AssessmentInput) (*claimline.Claim, error) {
	verr, aerr := in.Validate(), a.Validate()
	var cq checkedQuote
	var qerr error
	if aerr == nil {
		cq, qerr = s.checkQuote(ctx, a.SourceID, a.Quote)
	}
	if err := mergeProblems(verr, aerr, qerr); err != nil {
		return nil, err
	}
	var id int64
	err := s.write(ctx, func(tx *Tx) error {
		e, err := entryByID(ctx, tx, entryID)
		if err != nil {
			return err
		}
		if id, err = createClaim(ctx, tx, e.ID, e.TimelineID, in); err != nil {
			return err
		}
		_, err = setAssessment(ctx, tx, id, e.TimelineID, a, cq)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Claim(ctx, id)
}

// EntryChoices returns every entry, those resting on the source first
// (cited by them, or assessed on one of their claims), then by timeline and
// date.
func (s *Store) EntryChoices(ctx context.Context, sourceID int64) ([]claimline.EntryChoice, error) {
	var out []claimline.EntryChoice
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = entryChoices(ctx, tx, sourceID, 0)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("entry choices: %w", err)
	}
	return out, nil
}

// entryChoices returns the entries of one timeline (0: of all), those
// resting on the source first, then by timeline and date.
func entryChoices(ctx context.Context, tx querier, sourceID, timelineID int64) ([]claimline.EntryChoice, error) {
	where, args := "", []any{sourceID, sourceID}
	if timelineID != 0 {
		where, args = "WHERE e.timeline_id = ?", append(args, timelineID)
	}
	return collect(ctx, tx, `SELECT e.id, e.title, e.date, e.approximate, t.slug, t.title,
		EXISTS (SELECT 1 FROM citations WHERE entry_id = e.id AND source_id = ?)
		OR EXISTS (SELECT 1 FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = e.id AND a.source_id = ?) AS cites
		FROM entries e JOIN timelines t ON t.id = e.timeline_id `+where+`
		ORDER BY cites DESC, t.title, e.date, e.id`, args, func(rows *sql.Rows, c *claimline.EntryChoice) error {
		var date string
		if err := rows.Scan(&c.ID, &c.Title, &date, &c.Approximate, &c.TimelineSlug, &c.TimelineTitle, &c.CitesSource); err != nil {
			return err
		}
		c.Date = mustDate(date)
		return nil
	})
}

// LastTimeline returns the slug of the timeline whose entries the user
// changed last, or "" when they have changed none.
func (s *Store) LastTimeline(ctx context.Context, username string) (string, error) {
	var slug string
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT t.slug FROM entries e JOIN timelines t ON t.id = e.timeline_id
			WHERE e.updated_by = ? ORDER BY e.updated_at DESC, e.id DESC LIMIT 1`, username).Scan(&slug)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return slug, err
}

// StanceOf returns a source's stance on a claim, or ENOTFOUND when it has
// none.
func (s *Store) StanceOf(ctx context.Context, claimID, sourceID int64) (*claimline.Assessment, error) {
	var out *claimline.Assessment
	err := s.read(ctx, func(tx *sql.Tx) error {
		as, err := loadAssessments(ctx, tx, `SELECT `+assessmentColumns+` WHERE a.claim_id = ? AND a.source_id = ?`, claimID, sourceID)
		if err != nil {
			return err
		}
		if len(as) == 0 {
			return claimline.Errorf(claimline.ENOTFOUND, "No stance of this source on this claim.")
		}
		out = &as[0]
		return nil
	})
	return out, err
}
