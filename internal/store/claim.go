package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"claimline/internal/claimline"
)

// statusCondition is true for a claim c whose derived status is the bound
// parameter.
const statusCondition = claimStatusSQL + ` = ?`

// claimColumns selects a claim with its claimant, its stance counts and its
// entry.
const claimColumns = `c.id, c.entry_id, c.text, coalesce(c.claimant_id, 0), coalesce(ac.name, ''),
	(SELECT count(*) FROM assessments a WHERE a.claim_id = c.id AND a.stance = 'supports'),
	(SELECT count(*) FROM assessments a WHERE a.claim_id = c.id AND a.stance = 'disputes'),
	(SELECT count(*) FROM assessments a WHERE a.claim_id = c.id AND a.stance = 'mentions'),
	(SELECT count(DISTINCT CASE s.copy_group WHEN 0 THEN s.id ELSE s.copy_group END) FROM assessments a JOIN sources s ON s.id = a.source_id
		WHERE a.claim_id = c.id AND a.stance = 'supports'),
	(SELECT count(*) FROM assessments a WHERE a.claim_id = c.id AND a.stance = 'supports' AND a.state = 'removed'),
	e.title, e.date, e.end_date, e.approximate, t.slug, t.title, c.created_at, c.created_by, c.updated_at, c.updated_by, c.revision,
	(SELECT count(*) FROM notes n WHERE n.claim_id = c.id)
	FROM claims c JOIN entries e ON e.id = c.entry_id JOIN timelines t ON t.id = e.timeline_id
	LEFT JOIN actors ac ON ac.id = c.claimant_id`

func loadClaims(ctx context.Context, tx querier, query string, args ...any) ([]claimline.Claim, error) {
	out, err := collect(ctx, tx, query, args, scanClaim)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	return out, nil
}

// scanClaim scans a row selecting claimColumns.
func scanClaim(rows *sql.Rows, c *claimline.Claim) error {
	var date, end, cAt, uAt string
	if err := rows.Scan(&c.ID, &c.EntryID, &c.Text, &c.Claimant.ID, &c.Claimant.Name, &c.Supports, &c.Disputes, &c.Mentions,
		&c.SupportGroups, &c.SupportsRemoved,
		&c.Entry.Title, &date, &end, &c.Entry.Approximate, &c.Entry.TimelineSlug, &c.Entry.TimelineTitle,
		&cAt, &c.Created.Username, &uAt, &c.Updated.Username, &c.Revision, &c.Notes); err != nil {
		return fmt.Errorf("scan claim: %w", err)
	}
	c.Entry.ID, c.Entry.Date, c.Entry.EndDate = c.EntryID, mustDate(date), mustDate(end)
	c.Created.At, c.Updated.At = parseTime(cAt), parseTime(uAt)
	return nil
}

// attachClaims loads the claims of a page of entries in one query.
func attachClaims(ctx context.Context, tx querier, entries []claimline.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	ids := make([]int64, len(entries))
	index := make(map[int64]int, len(entries))
	for i, e := range entries {
		ids[i], index[e.ID] = e.ID, i
	}
	idsJSON, _ := json.Marshal(ids)
	claims, err := loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE c.entry_id IN (SELECT value FROM json_each(?)) ORDER BY c.id`, string(idsJSON))
	if err != nil {
		return err
	}
	for _, c := range claims {
		e := &entries[index[c.EntryID]]
		e.Claims = append(e.Claims, c)
	}
	return nil
}

// EntryEvidence returns an entry's citations and its claims, each with its
// assessments.
func (s *Store) EntryEvidence(ctx context.Context, entryID int64) ([]claimline.Citation, []claimline.Claim, error) {
	var cits []claimline.Citation
	var claims []claimline.Claim
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if cits, err = loadCitations(ctx, tx, `ci.entry_id = ?`, entryID); err != nil {
			return err
		}
		if claims, err = loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE c.entry_id = ? ORDER BY c.id`, entryID); err != nil {
			return err
		}
		return attachAssessments(ctx, tx, claims)
	})
	return cits, claims, err
}

// Claim returns a claim with its assessments, or ENOTFOUND.
func (s *Store) Claim(ctx context.Context, id int64) (*claimline.Claim, error) {
	var out *claimline.Claim
	err := s.read(ctx, func(tx *sql.Tx) error {
		cs, err := loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE c.id = ?`, id)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return claimline.Errorf(claimline.ENOTFOUND, "Claim not found.")
		}
		if err := attachAssessments(ctx, tx, cs); err != nil {
			return err
		}
		out = &cs[0]
		return nil
	})
	return out, err
}

// AllClaims returns every claim, by timeline and date, for choosing one.
func (s *Store) AllClaims(ctx context.Context) ([]claimline.Claim, error) {
	var out []claimline.Claim
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadClaims(ctx, tx, `SELECT `+claimColumns+` ORDER BY t.title, e.date, e.id, c.id`)
		return err
	})
	return out, err
}

const assessmentColumns = `a.id, a.claim_id, a.source_id, s.title, s.outlet, s.grade, a.stance, a.quote, a.quote_start, a.quote_end,
	a.note, a.created_at, a.created_by, s.copy_group, ` + quoteCheckA + `
	FROM assessments a JOIN sources s ON s.id = a.source_id`

func loadAssessments(ctx context.Context, tx querier, query string, args ...any) ([]claimline.Assessment, error) {
	out, err := collect(ctx, tx, query, args, scanAssessment)
	if err != nil {
		return nil, fmt.Errorf("assessments: %w", err)
	}
	return out, nil
}

// scanAssessment scans a row selecting assessmentColumns.
func scanAssessment(rows *sql.Rows, a *claimline.Assessment) error {
	var grade, stance, at string
	var qc quoteCheckScan
	if err := rows.Scan(append([]any{&a.ID, &a.ClaimID, &a.SourceID, &a.Source.Title, &a.Source.Outlet, &grade, &stance, &a.Quote,
		&a.Span.Start, &a.Span.End, &a.Note, &at, &a.Created.Username, &a.Source.CopyGroup}, qc.dest(&a.Check)...)...); err != nil {
		return fmt.Errorf("scan assessment: %w", err)
	}
	qc.finish(&a.Check)
	a.Source.ID, a.Source.Grade, a.Stance, a.Created.At = a.SourceID, claimline.Grade(grade), claimline.Stance(stance), parseTime(at)
	return nil
}

// attachAssessments loads the assessments of claims in one query.
func attachAssessments(ctx context.Context, tx querier, claims []claimline.Claim) error {
	if len(claims) == 0 {
		return nil
	}
	ids := make([]int64, len(claims))
	index := map[int64]int{}
	for i, c := range claims {
		ids[i], index[c.ID] = c.ID, i
	}
	idsJSON, _ := json.Marshal(ids)
	as, err := loadAssessments(ctx, tx, `SELECT `+assessmentColumns+` WHERE a.claim_id IN (SELECT value FROM json_each(?))
		ORDER BY CASE a.stance WHEN 'disputes' THEN 0 WHEN 'supports' THEN 1 ELSE 2 END, s.title`, string(idsJSON))
	if err != nil {
		return err
	}
	for _, a := range as {
		c := &claims[index[a.ClaimID]]
		c.Evidence = append(c.Evidence, a)
	}
	return nil
}

type claimSnapshot struct {
	Text     string `json:"text"`
	Claimant string `json:"claimant"`
	Entry    int64  `json:"entry"`
}

type assessmentSnapshot struct {
	Claim  int64  `json:"claim"`
	Source string `json:"source"`
	Stance string `json:"stance"`
	Quote  string `json:"quote"`
	Note   string `json:"note"`
}

// CreateClaim validates in and adds a claim to an entry.
func (s *Store) CreateClaim(ctx context.Context, entryID int64, in claimline.ClaimInput) (*claimline.Claim, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := s.write(ctx, func(tx *Tx) error {
		e, err := entryByID(ctx, tx, entryID)
		if err != nil {
			return err
		}
		id, err = createClaim(ctx, tx, e.ID, e.TimelineID, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Claim(ctx, id)
}

// createClaim inserts a validated claim and records it.
func createClaim(ctx context.Context, tx *Tx, entryID, timelineID int64, in claimline.ClaimInput) (int64, error) {
	claimant, err := claimantID(ctx, tx, in.Claimant)
	if err != nil {
		return 0, err
	}
	var id int64
	now, who := tx.now, tx.user
	if err := tx.QueryRowContext(ctx, `INSERT INTO claims (entry_id, text, claimant_id, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, entryID, in.Text, claimant, now, who, now, who).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert claim: %w", err)
	}
	return id, record(ctx, tx, claimline.Change{ObjectType: "claim", ObjectID: id, TimelineID: timelineID,
		Action: claimline.ActionCreate, Label: in.Text}, nil, claimSnapshot{in.Text, in.Claimant, entryID})
}

// UpdateClaim validates in and changes a claim's text and claimant, if the
// claim is still at revision rev (0: unchecked); otherwise it returns an
// ECONFLICT error carrying the claim as it is now.
func (s *Store) UpdateClaim(ctx context.Context, id, rev int64, in claimline.ClaimInput) (*claimline.Claim, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(tx *Tx) error {
		before, tl, err := claimSnap(ctx, tx, id)
		if err != nil {
			return err
		}
		if before == (claimSnapshot{in.Text, in.Claimant, before.Entry}) {
			// Nothing changes: no new revision, no empty line in history;
			// a stale revision is still a conflict.
			var cur int64
			if err := tx.QueryRowContext(ctx, `SELECT revision FROM claims WHERE id = ?`, id).Scan(&cur); err != nil {
				return err
			}
			if rev != 0 && rev != cur {
				return claimConflict(ctx, tx, id)
			}
			return nil
		}
		claimant, err := claimantID(ctx, tx, in.Claimant)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE claims SET text = ?, claimant_id = ?, updated_at = ?, updated_by = ?,
			revision = revision + 1 WHERE id = ? AND `+revisionMatch, append([]any{in.Text, claimant, tx.now, tx.user, id}, revArgs(rev)...)...)
		if err != nil {
			return fmt.Errorf("update claim: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return claimConflict(ctx, tx, id)
		}
		return record(ctx, tx, claimline.Change{ObjectType: "claim", ObjectID: id, TimelineID: tl, Action: claimline.ActionUpdate,
			Label: in.Text}, before, claimSnapshot{in.Text, in.Claimant, before.Entry})
	})
	if err != nil {
		return nil, err
	}
	return s.Claim(ctx, id)
}

func claimSnap(ctx context.Context, tx querier, id int64) (claimSnapshot, int64, error) {
	var c claimSnapshot
	var tl int64
	err := tx.QueryRowContext(ctx, `SELECT c.text, coalesce(a.name, ''), c.entry_id, e.timeline_id FROM claims c
		JOIN entries e ON e.id = c.entry_id LEFT JOIN actors a ON a.id = c.claimant_id WHERE c.id = ?`, id).Scan(&c.Text, &c.Claimant, &c.Entry, &tl)
	return c, tl, notFound(err, "Claim")
}

// claimConflict returns the ECONFLICT error carrying the claim as it is in tx.
func claimConflict(ctx context.Context, tx *Tx, id int64) error {
	cs, err := loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE c.id = ?`, id)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		return claimline.Errorf(claimline.ENOTFOUND, "Claim not found.")
	}
	return conflict(ctx, tx, "claim", "claim", id, cs[0].Revision, &cs[0])
}

// DeleteClaim deletes a claim and its assessments; both stay in history.
// If the claim is no longer at revision rev (0: unchecked), it deletes
// nothing and returns the conflict.
func (s *Store) DeleteClaim(ctx context.Context, id, rev int64) error {
	return s.write(ctx, func(tx *Tx) error {
		if _, _, err := claimSnap(ctx, tx, id); err != nil {
			return err
		}
		var now int64
		if err := tx.QueryRowContext(ctx, `SELECT revision FROM claims WHERE id = ?`, id).Scan(&now); err != nil {
			return err
		}
		if rev != 0 && rev != now {
			return claimConflict(ctx, tx, id)
		}
		if err := recordClaimsDeleted(ctx, tx, `c.id = ?`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM claims WHERE id = ?`, id)
		return err
	})
}

// recordClaimsDeleted records in history the deletion of the claims matching
// where (on claims c) and of their assessments.
func recordClaimsDeleted(ctx context.Context, tx *Tx, where string, args ...any) error {
	ids, err := collect(ctx, tx, `SELECT c.id FROM claims c WHERE `+where, args, scalar[int64])
	if err != nil {
		return err
	}
	for _, id := range ids {
		snap, tl, err := claimSnap(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := recordAssessmentsDeleted(ctx, tx, tl, `a.claim_id = ?`, id); err != nil {
			return err
		}
		if err := record(ctx, tx, claimline.Change{ObjectType: "claim", ObjectID: id, TimelineID: tl, Action: claimline.ActionDelete,
			Label: snap.Text}, snap, nil); err != nil {
			return err
		}
	}
	return nil
}

func recordAssessmentsDeleted(ctx context.Context, tx *Tx, timelineID int64, where string, args ...any) error {
	as, err := loadAssessments(ctx, tx, `SELECT `+assessmentColumns+` WHERE `+where, args...)
	if err != nil {
		return err
	}
	for _, a := range as {
		if err := record(ctx, tx, claimline.Change{ObjectType: "claim", ObjectID: a.ClaimID, TimelineID: timelineID,
			Action: claimline.ActionUpdate, Label: assessmentLabel(ctx, tx, a.ClaimID, a.Source.Title, "no longer "+string(a.Stance))},
			snapAssessment(a), nil); err != nil {
			return err
		}
	}
	return nil
}

// assessmentLabel names an assessment in history: the claim, then the
// source and its stance, so that the record reads on its own.
func assessmentLabel(ctx context.Context, tx querier, claimID int64, source, stance string) string {
	c, _, _ := claimSnap(ctx, tx, claimID)
	return c.Text + " — " + source + " " + stance
}

func snapAssessment(a claimline.Assessment) assessmentSnapshot {
	return assessmentSnapshot{Claim: a.ClaimID, Source: a.Source.Title, Stance: string(a.Stance), Quote: a.Quote, Note: a.Note}
}

// SetAssessment records a source's stance on a claim, replacing any earlier
// one by the same source. The quote must occur in the source's stored text
// (after normalising white space, quote marks and dashes); if it does not,
// an EINVALID *Error names the "quote" field and, when a close passage
// exists, offers it in the "quote_suggestion" field.
func (s *Store) SetAssessment(ctx context.Context, claimID int64, in claimline.AssessmentInput) (*claimline.Assessment, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	cq, err := s.checkQuote(ctx, in.SourceID, in.Quote)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.write(ctx, func(tx *Tx) error {
		_, tl, err := claimSnap(ctx, tx, claimID)
		if err != nil {
			return err
		}
		id, err = setAssessment(ctx, tx, claimID, tl, in, cq)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out *claimline.Assessment
	err = s.read(ctx, func(tx *sql.Tx) error {
		as, err := loadAssessments(ctx, tx, `SELECT `+assessmentColumns+` WHERE a.id = ?`, id)
		if err == nil && len(as) == 1 {
			out = &as[0]
		}
		return err
	})
	return out, err
}

// CheckAssessment checks an assessment as SetAssessment does (its fields,
// its quote in its source) and saves nothing.
func (s *Store) CheckAssessment(ctx context.Context, in claimline.AssessmentInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	_, err := s.checkQuote(ctx, in.SourceID, in.Quote)
	return err
}

// setAssessment saves a validated assessment whose quote was checked, and
// records it.
func setAssessment(ctx context.Context, tx *Tx, claimID, timelineID int64, in claimline.AssessmentInput, cq checkedQuote) (int64, error) {
	if err := cq.confirm(ctx, tx); err != nil {
		return 0, err
	}
	title, span := cq.title, cq.span
	before, err := loadAssessments(ctx, tx, `SELECT `+assessmentColumns+` WHERE a.claim_id = ? AND a.source_id = ?`, claimID, in.SourceID)
	if err != nil {
		return 0, err
	}
	var id int64
	now, who := tx.now, tx.user
	err = tx.QueryRowContext(ctx, `INSERT INTO assessments (claim_id, source_id, stance, quote, quote_start, quote_end, note,
		created_at, created_by, updated_at, updated_by, version, cur_start, cur_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (claim_id, source_id) DO UPDATE SET stance = excluded.stance, quote = excluded.quote,
		quote_start = excluded.quote_start, quote_end = excluded.quote_end, note = excluded.note,
		updated_at = excluded.updated_at, updated_by = excluded.updated_by, version = excluded.version,
		cur_start = excluded.cur_start, cur_end = excluded.cur_end, state = '', changed_in = 0, closest = '' RETURNING id`,
		claimID, in.SourceID, in.Stance, cq.quote, span.Start, span.End, in.Note, now, who, now, who, cq.version, span.Start, span.End).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save assessment: %w", err)
	}
	after := assessmentSnapshot{Claim: claimID, Source: title, Stance: in.Stance, Quote: cq.quote, Note: in.Note}
	var prev any
	if len(before) == 1 {
		prev = snapAssessment(before[0])
	}
	return id, record(ctx, tx, claimline.Change{ObjectType: "claim", ObjectID: claimID, TimelineID: timelineID, Action: claimline.ActionUpdate,
		Label: assessmentLabel(ctx, tx, claimID, title, in.Stance)}, prev, after)
}

// DeleteAssessment removes one source's stance on a claim; history keeps it.
// It returns the claim's id.
func (s *Store) DeleteAssessment(ctx context.Context, id int64) (int64, error) {
	var claimID int64
	err := s.write(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT claim_id FROM assessments WHERE id = ?`, id).Scan(&claimID); err != nil {
			return notFound(err, "Assessment")
		}
		_, tl, err := claimSnap(ctx, tx, claimID)
		if err != nil {
			return err
		}
		if err := recordAssessmentsDeleted(ctx, tx, tl, `a.id = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM assessments WHERE id = ?`, id)
		return err
	})
	return claimID, err
}

// claimantID returns the actor id of a claimant, creating the actor; NULL
// for no claimant.
func claimantID(ctx context.Context, tx *Tx, name string) (sql.NullInt64, error) {
	if name == "" {
		return sql.NullInt64{}, nil
	}
	n, err := nameID(ctx, tx, "actors", name)
	return sql.NullInt64{Int64: n.ID, Valid: err == nil}, err
}

// Matrix returns a timeline's claims, each with its assessments, and the
// sources that assess any of them: the rows and columns of the claims
// matrix. Two queries, whatever the number of claims.
func (s *Store) Matrix(ctx context.Context, timelineID int64) ([]claimline.Claim, []claimline.Source, error) {
	var claims []claimline.Claim
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if claims, err = loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE e.timeline_id = ? ORDER BY e.date, e.id, c.id`, timelineID); err != nil {
			return err
		}
		return attachAssessments(ctx, tx, claims)
	})
	if err != nil {
		return nil, nil, err
	}
	var sources []claimline.Source
	seen := map[int64]bool{}
	for _, c := range claims {
		for _, a := range c.Evidence {
			if !seen[a.SourceID] {
				seen[a.SourceID] = true
				sources = append(sources, a.Source)
			}
		}
	}
	return claims, sources, nil
}
