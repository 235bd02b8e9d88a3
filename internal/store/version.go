package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"claimline/internal/claimline"
	"claimline/internal/quote"
	"claimline/internal/shingle"
	"claimline/internal/textdiff"
)

const sourceVersionColumns = `v.source_id, v.number, v.sha256, v.retrieved_at, v.original_type, v.kind, v.note, v.created_at, v.created_by`

// scanVersion scans a row selecting sourceVersionColumns (and then extra
// columns) into v.
func scanVersion(row rowScanner, v *claimline.Version, extra ...any) error {
	var retrieved, at string
	if err := row.Scan(append([]any{&v.SourceID, &v.Number, &v.SHA256, &retrieved, &v.OriginalType, &v.Kind, &v.Note, &at, &v.Created.Username}, extra...)...); err != nil {
		return err
	}
	v.Retrieved, v.Created.At = parseTime(retrieved), parseTime(at)
	return nil
}

// Versions returns a source's versions, newest first, without texts, or
// ENOTFOUND.
func (s *Store) Versions(ctx context.Context, sourceID int64) ([]claimline.Version, error) {
	var out []claimline.Version
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT `+sourceVersionColumns+` FROM source_versions v WHERE v.source_id = ? ORDER BY v.number DESC`, []any{sourceID},
			func(rows *sql.Rows, v *claimline.Version) error { return scanVersion(rows, v) })
		return err
	})
	if err == nil && len(out) == 0 {
		err = claimline.Errorf(claimline.ENOTFOUND, "Source not found.")
	}
	return out, err
}

// Version returns one version of a source with its text, or ENOTFOUND.
func (s *Store) Version(ctx context.Context, sourceID int64, number int) (*claimline.Version, error) {
	var out *claimline.Version
	err := s.read(ctx, func(tx *sql.Tx) error {
		v := new(claimline.Version)
		if err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+sourceVersionColumns+`, v.text FROM source_versions v
			WHERE v.source_id = ? AND v.number = ?`, sourceID, number), v, &v.Text); err != nil {
			return notFound(err, "Version")
		}
		out = v
		return nil
	})
	return out, err
}

// quoteUse is a citation's or assessment's quote, checked against a new
// version before the write.
type quoteUse struct {
	table   string // "citations" or "assessments"
	id      int64
	check   claimline.QuoteCheck
	changed bool // its state or offsets differ from the stored ones
}

// pendingVersion is a new text for a source, prepared on the read pool:
// compared with the current one, its quotes looked for, its shingles taken.
type pendingVersion struct {
	sourceID   int64
	title      string
	prevSHA    string
	prev       int
	sha        string
	text       string
	kind, note string
	uses       []quoteUse
	shingles   []int64
}

// AddVersion gives a source a new text. When the text is the current one it
// returns the current version and false. Otherwise it saves it as the next
// version, marks it as a silent edit or a correction, checks every quote
// resting on the source against it and returns the new version and true.
// Errors: ENOTFOUND, EINVALID (empty or too long a text, or a text another
// source already has), ECONFLICT when the source changed meanwhile.
func (s *Store) AddVersion(ctx context.Context, sourceID int64, nv claimline.NewVersion) (*claimline.Version, bool, error) {
	p, err := s.prepareVersion(ctx, sourceID, nv.Text)
	if err != nil || p == nil {
		if err == nil {
			vs, err := s.Versions(ctx, sourceID)
			if err != nil {
				return nil, false, err
			}
			return &vs[0], false, nil
		}
		return nil, false, err
	}
	err = s.write(ctx, func(tx *Tx) error { return p.save(ctx, tx, nv) })
	if err != nil {
		return nil, false, err
	}
	v, err := s.Version(ctx, sourceID, p.prev+1)
	return v, true, err
}

// textProblem is a refused new text: the message names the field, for the
// forms and the API, and is the error's own, for the command line and a
// recheck's reason.
func textProblem(msg string) error {
	return &claimline.Error{Code: claimline.EINVALID, Message: msg, Fields: map[string]string{"text": msg}}
}

// prepareVersion reads the source and builds the new version; nil when the
// text is unchanged.
func (s *Store) prepareVersion(ctx context.Context, sourceID int64, text string) (*pendingVersion, error) {
	switch {
	case len(text) > claimline.MaxSourceText:
		return nil, textProblem("The new text is longer than 5 MiB.")
	case strings.TrimSpace(text) == "":
		return nil, textProblem("The new text is empty.")
	}
	p := &pendingVersion{sourceID: sourceID, text: text, sha: SHA256(text)}
	var old string
	same := false
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT title, text, sha256, version FROM sources WHERE id = ?`, sourceID).
			Scan(&p.title, &old, &p.prevSHA, &p.prev); err != nil {
			return notFound(err, "Source")
		}
		// A text stored before texts were trimmed (extract.CleanText)
		// differs from the same text fetched now by the white space
		// around it: that is no new version.
		if same = p.sha == p.prevSHA || text == strings.TrimSpace(old); same {
			return nil
		}
		var err error
		p.uses, err = loadQuoteUses(ctx, tx, sourceID)
		return err
	})
	if err != nil || same {
		return nil, err
	}
	p.kind, p.note = classify(old, text)
	for i := range p.uses {
		p.uses[i].recheck(text, p.prev+1)
	}
	p.shingles = shingle.Hashes(text)
	return p, nil
}

func classify(old, text string) (string, string) {
	k, note := textdiff.Classify(old, text)
	return string(k), note
}

// loadQuoteUses reads the quotes resting on a source.
func loadQuoteUses(ctx context.Context, tx querier, sourceID int64) ([]quoteUse, error) {
	var out []quoteUse
	for _, table := range []string{"citations", "assessments"} {
		uses, err := collect(ctx, tx, `SELECT id, quote, cur_start, cur_end, state, changed_in FROM `+table+` WHERE source_id = ? AND quote != ''`,
			[]any{sourceID}, func(rows *sql.Rows, u *quoteUse) error {
				u.table = table
				// The quote itself goes in check.Closest, until recheck.
				return rows.Scan(&u.id, &u.check.Closest, &u.check.Current.Start, &u.check.Current.End, &u.check.State, &u.check.ChangedIn)
			})
		if err != nil {
			return nil, err
		}
		out = append(out, uses...)
	}
	return out, nil
}

// recheck looks for the quote (held in check.Closest) in version n's text.
func (u *quoteUse) recheck(text string, n int) {
	q := u.check.Closest
	before := u.check
	c := claimline.QuoteCheck{State: claimline.QuoteThere, Current: claimline.Span{Start: -1, End: -1}, ChangedIn: before.ChangedIn}
	if sp, ok := quote.Find(text, q); ok {
		c.Current, c.ChangedIn = claimline.Span{Start: sp.Start, End: sp.End}, 0
	} else {
		c.State = claimline.QuoteRemoved
		if near, score := quote.Closest(text, q); score >= 0.5 {
			c.State, c.Closest = claimline.QuoteChanged, text[near.Start:near.End]
		}
		if before.State == claimline.QuoteThere {
			c.ChangedIn = n
		}
	}
	u.changed = c.State != before.State || c.Current != before.Current || c.ChangedIn != before.ChangedIn || c.State == claimline.QuoteChanged
	u.check = c
}

// save writes the prepared version in tx, unless the source changed since.
func (p *pendingVersion) save(ctx context.Context, tx *Tx, nv claimline.NewVersion) error {
	var sha string
	var n int
	err := tx.QueryRowContext(ctx, `SELECT sha256, version FROM sources WHERE id = ?`, p.sourceID).Scan(&sha, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return claimline.Errorf(claimline.ENOTFOUND, "Source not found.")
	} else if err != nil {
		return err
	}
	if sha != p.prevSHA || n != p.prev {
		return claimline.Errorf(claimline.ECONFLICT, "“%s” got a new text meanwhile; please check again.", p.title)
	}
	var other int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE sha256 = ?`, p.sha).Scan(&other); err == nil {
		return claimline.Errorf(claimline.EINVALID, "This text is already in the library as source %d.", other)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	retrieved := tx.now
	if !nv.Retrieved.IsZero() {
		retrieved = nv.Retrieved.UTC().Format(timeFormat)
	}
	next := p.prev + 1
	if err := tx.exec(ctx, `INSERT INTO source_versions (source_id, number, text, sha256, original_type, retrieved_at, kind, note,
		created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.sourceID, next, p.text, p.sha, nv.OriginalType,
		retrieved, p.kind, p.note, tx.now, tx.user); err != nil {
		return fmt.Errorf("insert version: %w", err)
	}
	if err := keepOriginal(ctx, tx, p.sourceID, next, nv.Original); err != nil {
		return err
	}
	if err := tx.exec(ctx, `UPDATE sources SET text = ?, sha256 = ?, original_type = ?, retrieved_at = ?, version = ?,
		updated_at = ?, updated_by = ? WHERE id = ?`, p.text, p.sha, nv.OriginalType, retrieved, next, tx.now, tx.user, p.sourceID); err != nil {
		return fmt.Errorf("update source text: %w", err)
	}
	for _, u := range p.uses {
		if !u.changed {
			continue
		}
		c := u.check
		if err := tx.exec(ctx, `UPDATE `+u.table+` SET cur_start = ?, cur_end = ?, state = ?, changed_in = ?, closest = ? WHERE id = ?`,
			c.Current.Start, c.Current.End, c.State, c.ChangedIn, c.Closest, u.id); err != nil {
			return fmt.Errorf("update quote state: %w", err)
		}
	}
	if err := indexShingles(ctx, tx, p.sourceID, p.shingles); err != nil {
		return err
	}
	label := fmt.Sprintf("%s: version %d (%s)", p.title, next, claimline.Version{Kind: p.kind}.KindLabel())
	return record(ctx, tx, claimline.Change{ObjectType: "source", ObjectID: p.sourceID, Action: claimline.ActionUpdate, Label: label},
		versionSnapshot{p.prev, p.prevSHA}, versionSnapshot{next, p.sha})
}

type versionSnapshot struct {
	Version int    `json:"version"`
	SHA256  string `json:"sha256"`
}

// RecheckTargets returns the ids of the sources with a web address, for a
// recheck of all of them.
func (s *Store) RecheckTargets(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = collect(ctx, tx, `SELECT id FROM sources WHERE url != '' ORDER BY id`, nil, scalar[int64])
		return err
	})
	return ids, err
}

// quoteCheckCi and quoteCheckA select how a citation's (ci) or assessment's (a) quote
// fares in its source's current version, with the date of the version where
// it stopped being there as quoted.
const (
	quoteCheckCi = `ci.version, ci.state, ci.cur_start, ci.cur_end, ci.changed_in, ci.closest,
	coalesce((SELECT retrieved_at FROM source_versions WHERE source_id = ci.source_id AND number = ci.changed_in), '')`
	quoteCheckA = `a.version, a.state, a.cur_start, a.cur_end, a.changed_in, a.closest,
	coalesce((SELECT retrieved_at FROM source_versions WHERE source_id = a.source_id AND number = a.changed_in), '')`
)

type quoteCheckScan struct{ changedAt string }

func (q *quoteCheckScan) dest(c *claimline.QuoteCheck) []any {
	return []any{&c.Version, &c.State, &c.Current.Start, &c.Current.End, &c.ChangedIn, &c.Closest, &q.changedAt}
}

func (q *quoteCheckScan) finish(c *claimline.QuoteCheck) {
	if q.changedAt != "" {
		c.ChangedAt = parseTime(q.changedAt)
	}
}

// evidenceChangedSQL is true when a quote of timeline t is no longer in its
// source as quoted: the timeline page loads its evidence changes only then.
const evidenceChangedSQL = `EXISTS (SELECT 1 FROM citations ci JOIN entries e ON e.id = ci.entry_id WHERE e.timeline_id = t.id AND ci.state != '')
	OR EXISTS (SELECT 1 FROM assessments a JOIN claims c ON c.id = a.claim_id JOIN entries e ON e.id = c.entry_id
		WHERE e.timeline_id = t.id AND a.state != '')`

// EvidenceChanges returns a timeline's citations and assessments whose
// quotes are no longer in their sources as quoted, by entry date.
func (s *Store) EvidenceChanges(ctx context.Context, timelineID int64) ([]claimline.EvidenceChange, error) {
	var out []claimline.EvidenceChange
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = evidenceChanges(ctx, tx, timelineID)
		return err
	})
	return out, err
}

// evidenceChanges reads them in one statement: citations, then assessments.
func evidenceChanges(ctx context.Context, tx querier, timelineID int64) ([]claimline.EvidenceChange, error) {
	out, err := collect(ctx, tx, `SELECT * FROM (
			SELECT e.id, e.title, 0, '', s.id, s.title, s.outlet, ci.quote, ci.quote_start, ci.quote_end, `+quoteCheckCi+`,
				e.date AS d, 0 AS k, ci.id AS n
			FROM citations ci JOIN sources s ON s.id = ci.source_id JOIN entries e ON e.id = ci.entry_id
			WHERE e.timeline_id = ?1 AND ci.state != ''
			UNION ALL
			SELECT e.id, e.title, c.id, c.text, s.id, s.title, s.outlet, a.quote, a.quote_start, a.quote_end, `+quoteCheckA+`,
				e.date, 1, a.id
			FROM assessments a JOIN sources s ON s.id = a.source_id JOIN claims c ON c.id = a.claim_id JOIN entries e ON e.id = c.entry_id
			WHERE e.timeline_id = ?1 AND a.state != '') changes
		ORDER BY d, 1, k, n`, []any{timelineID}, func(rows *sql.Rows, x *claimline.EvidenceChange) error {
		var title, outlet, d string
		var k, n int64
		var qc quoteCheckScan
		if err := rows.Scan(append(append([]any{&x.EntryID, &x.EntryTitle, &x.ClaimID, &x.ClaimText, &x.SourceID, &title, &outlet,
			&x.Quote, &x.Span.Start, &x.Span.End}, qc.dest(&x.Check)...), &d, &k, &n)...); err != nil {
			return err
		}
		qc.finish(&x.Check)
		x.SourceLabel = claimline.Source{Title: title, Outlet: outlet}.Label()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("evidence changes: %w", err)
	}
	return out, nil
}
