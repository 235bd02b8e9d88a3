package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/shingle"
)

type sourceSnapshot struct {
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Grade     string `json:"grade"`
	Notes     string `json:"notes"`
	SHA256    string `json:"sha256"`
}

func snapSource(s claimline.Source) sourceSnapshot {
	return sourceSnapshot{s.Title, s.Outlet, s.Author, s.URL, s.Published.ISO(), string(s.Grade), s.Notes, s.SHA256}
}

// sourceColumns selects a source's metadata and how many citations and
// assessments rest on it; text is added where needed.
const sourceColumns = `s.id, s.title, s.outlet, s.author, s.url, s.published, s.retrieved_at, s.sha256, s.grade, s.notes,
	s.original_type, s.file_name, s.title_suggested, (SELECT count(*) FROM citations WHERE source_id = s.id) + (SELECT count(*) FROM assessments WHERE source_id = s.id),
	s.created_at, s.created_by, s.updated_at, s.updated_by, s.revision, s.version, s.copy_group`

// scanSource scans a row selecting sourceColumns (and then extra columns)
// into s.
func scanSource(row rowScanner, s *claimline.Source, extra ...any) error {
	var published, retrieved, grade, cAt, uAt string
	dest := append([]any{&s.ID, &s.Title, &s.Outlet, &s.Author, &s.URL, &published, &retrieved, &s.SHA256, &grade, &s.Notes,
		&s.OriginalType, &s.FileName, &s.TitleSuggested, &s.Uses, &cAt, &s.Created.Username, &uAt, &s.Updated.Username, &s.Revision, &s.Version, &s.CopyGroup}, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	s.Published, s.Grade = mustDate(published), claimline.Grade(grade)
	s.Retrieved, s.Created.At, s.Updated.At = parseTime(retrieved), parseTime(cAt), parseTime(uAt)
	return nil
}

// Sources returns the library, most recently added first, without texts.
func (s *Store) Sources(ctx context.Context) ([]claimline.Source, error) {
	var out []claimline.Source
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT `+sourceColumns+` FROM sources s ORDER BY s.id DESC`, nil,
			func(rows *sql.Rows, src *claimline.Source) error { return scanSource(rows, src) })
		if err != nil {
			return err
		}
		return attachCopies(ctx, tx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// Source returns a source with its text, or ENOTFOUND.
func (s *Store) Source(ctx context.Context, id int64) (*claimline.Source, error) {
	var out *claimline.Source
	err := s.read(ctx, func(tx *sql.Tx) error {
		src := new(claimline.Source)
		if err := scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+`, s.text FROM sources s WHERE s.id = ?`, id), src, &src.Text); err != nil {
			return notFound(err, "Source")
		}
		out = src
		one := []claimline.Source{*src}
		if err := attachCopies(ctx, tx, one); err != nil {
			return err
		}
		out.Copies = one[0].Copies
		return nil
	})
	return out, err
}

// SourceOriginal returns the original document kept for a source and its
// media type, or ENOTFOUND when none was kept.
func (s *Store) SourceOriginal(ctx context.Context, id int64) ([]byte, string, error) {
	var b []byte
	var typ string
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT o.original, s.original_type FROM sources s
			JOIN source_originals o ON o.source_id = s.id AND o.version = s.version WHERE s.id = ?`, id).Scan(&b, &typ)
		return notFound(err, "Original document")
	})
	return b, typ, err
}

// keepOriginal keeps the document version n of a source was extracted
// from, if any. Originals have a table of their own (migration 0020): a
// large value in a source's row would be read by every read of the
// columns after it.
func keepOriginal(ctx context.Context, tx *Tx, sourceID int64, n int, original []byte) error {
	if original == nil {
		return nil
	}
	if err := tx.exec(ctx, `INSERT INTO source_originals (source_id, version, original) VALUES (?, ?, ?)`, sourceID, n, original); err != nil {
		return fmt.Errorf("keep the original document: %w", err)
	}
	return nil
}

// CreateSource adds a source to the library, unless one with the same text
// (by SHA-256) or the same URL exists: then it returns that one and true.
func (s *Store) CreateSource(ctx context.Context, in claimline.NewSource) (*claimline.Source, bool, error) {
	src, err := in.Parse(true)
	if err != nil {
		return nil, false, err
	}
	src.SHA256 = SHA256(src.Text)
	var id int64
	existed := false
	err = s.write(ctx, func(tx *Tx) error {
		var err error
		src.FileName, src.TitleSuggested = in.FileName, in.TitleSuggested
		id, existed, err = createSource(ctx, tx, src, in.Original, in.OriginalType, in.Retrieved)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	out, err := s.Source(ctx, id)
	return out, existed, err
}

// createSource inserts a parsed source (SHA256 set) unless one with the same
// text or URL exists, whose id it then returns with true. A zero retrieved
// time means now.
func createSource(ctx context.Context, tx *Tx, src claimline.Source, original []byte, originalType string, retrievedAt time.Time) (int64, bool, error) {
	// Texts are stored without white space around them now; one stored
	// before that kept the line end a file ends with.
	id, err := librarySource(ctx, tx, src.URL, src.SHA256, SHA256(src.Text+"\n"))
	if err == nil {
		return id, true, nil
	} else if err != sql.ErrNoRows {
		return 0, false, err
	}
	id, err = insertSource(ctx, tx, src, original, originalType, retrievedAt, nil)
	return id, false, err
}

// insertSource inserts a new source with its versions, oldest first, the
// last being src's text; nil versions: src's text is its only one. Each
// later version's kind and note are worked out from the one before, as
// when versions come one by one. The original file goes with the current
// version.
func insertSource(ctx context.Context, tx *Tx, src claimline.Source, original []byte, originalType string, retrievedAt time.Time,
	versions []claimline.Version) (int64, error) {
	if len(versions) == 0 {
		versions = []claimline.Version{{Number: 1, SHA256: src.SHA256, Text: src.Text, Retrieved: retrievedAt}}
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return tx.now
		}
		return t.UTC().Format(timeFormat)
	}
	now, who := tx.now, tx.user
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO sources (title, outlet, author, url, published, retrieved_at, text, sha256,
		original_type, grade, notes, file_name, title_suggested, created_at, created_by, updated_at, updated_by, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		src.Title, src.Outlet, src.Author, src.URL, src.Published.ISO(), stamp(retrievedAt), src.Text, src.SHA256,
		originalType, string(src.Grade), src.Notes, src.FileName, boolInt(src.TitleSuggested), now, who, now, who, len(versions)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert source: %w", err)
	}
	for i, v := range versions {
		var kind, note string
		vType := ""
		if i > 0 {
			kind, note = classify(versions[i-1].Text, v.Text)
		}
		if i == len(versions)-1 {
			vType = originalType
		}
		if err := tx.exec(ctx, `INSERT INTO source_versions (source_id, number, text, sha256, original_type, retrieved_at, kind, note,
			created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, i+1, v.Text, v.SHA256, vType, stamp(v.Retrieved),
			kind, note, now, who); err != nil {
			return 0, fmt.Errorf("insert source version: %w", err)
		}
	}
	if err := keepOriginal(ctx, tx, id, len(versions), original); err != nil {
		return 0, err
	}
	if err := indexShingles(ctx, tx, id, shingle.Hashes(src.Text)); err != nil {
		return 0, err
	}
	return id, record(ctx, tx, claimline.Change{ObjectType: "source", ObjectID: id, Action: claimline.ActionCreate, Label: src.Title},
		nil, snapSource(src))
}

// librarySource returns the library's source with one of these texts
// (their SHA-256s), or else with this address; sql.ErrNoRows when there
// is none.
func librarySource(ctx context.Context, tx *Tx, url string, shas ...string) (int64, error) {
	in := `(?` + strings.Repeat(`, ?`, len(shas)-1) + `)`
	args := make([]any, 0, 2*len(shas)+1)
	for _, sha := range shas {
		args = append(args, sha)
	}
	args = append(args, url)
	for _, sha := range shas {
		args = append(args, sha)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE sha256 IN `+in+` OR (url != '' AND url = ?)
		ORDER BY sha256 IN `+in+` DESC LIMIT 1`, args...).Scan(&id)
	return id, err
}

// SHA256 returns the hex SHA-256 digest of a source text.
func SHA256(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// UpdateSource changes a source's metadata (its text never changes) if the
// source is still at revision rev (0: unchecked); otherwise it returns an
// ECONFLICT error carrying the source as it is now. A suggested title
// stops being one when the title is changed.
func (s *Store) UpdateSource(ctx context.Context, id, rev int64, in claimline.SourceInput) (*claimline.Source, error) {
	src, err := in.Parse(false)
	if err != nil {
		return nil, err
	}
	err = s.write(ctx, func(tx *Tx) error {
		before := new(claimline.Source)
		if err := scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = ?`, id), before); err != nil {
			return notFound(err, "Source")
		}
		src.SHA256 = before.SHA256
		res, err := tx.ExecContext(ctx, `UPDATE sources SET title = ?, outlet = ?, author = ?, url = ?, published = ?, grade = ?, notes = ?,
			title_suggested = CASE WHEN title_suggested = 1 AND title = ? THEN 1 ELSE 0 END, updated_at = ?, updated_by = ?, revision = revision + 1
			WHERE id = ? AND `+revisionMatch,
			append([]any{src.Title, src.Outlet, src.Author, src.URL, src.Published.ISO(), string(src.Grade), src.Notes, src.Title, tx.now, tx.user, id},
				revArgs(rev)...)...)
		if err == nil {
			err = guarded(ctx, tx, res, err, "source", "source", id, before.Revision, before)
			if claimline.ErrorCode(err) == claimline.ECONFLICT {
				return err
			}
		}
		if isUnique(err) {
			return &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"url": "Another source in the library has this address."}}
		} else if err != nil {
			return fmt.Errorf("update source: %w", err)
		}
		return record(ctx, tx, claimline.Change{ObjectType: "source", ObjectID: id, Action: claimline.ActionUpdate, Label: src.Title},
			snapSource(*before), snapSource(src))
	})
	if err != nil {
		return nil, err
	}
	return s.Source(ctx, id)
}

// SourceUses returns the citations and assessments resting on a source.
func (s *Store) SourceUses(ctx context.Context, id int64) ([]claimline.Citation, []claimline.Assessment, error) {
	var cits []claimline.Citation
	var as []claimline.Assessment
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		if cits, err = loadCitations(ctx, tx, `ci.source_id = ?`, id); err != nil {
			return err
		}
		if as, err = loadAssessments(ctx, tx, `SELECT `+assessmentColumns+` WHERE a.source_id = ? ORDER BY a.quote_start`, id); err != nil {
			return err
		}
		claims, err := loadClaims(ctx, tx, `SELECT `+claimColumns+` WHERE c.id IN (SELECT claim_id FROM assessments WHERE source_id = ?)`, id)
		if err != nil {
			return err
		}
		byID := map[int64]claimline.Claim{}
		for _, c := range claims {
			byID[c.ID] = c
		}
		for i := range as {
			as[i].Claim = byID[as[i].ClaimID]
		}
		return nil
	})
	return cits, as, err
}

// DeleteSource deletes a source together with the citations and assessments
// (if the source is still at revision rev, 0: unchecked; else it returns the
// conflict)
// resting on it, so that nothing is left pointing at nothing. Everything
// deleted is recorded in history.
func (s *Store) DeleteSource(ctx context.Context, id, rev int64) error {
	return s.write(ctx, func(tx *Tx) error {
		before := new(claimline.Source)
		if err := scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = ?`, id), before); err != nil {
			return notFound(err, "Source")
		}
		if rev != 0 && rev != before.Revision {
			return conflict(ctx, tx, "source", "source", id, before.Revision, before)
		}
		cits, err := loadCitations(ctx, tx, `ci.source_id = ?`, id)
		if err != nil {
			return err
		}
		for _, c := range cits {
			if err := recordCitationDeleted(ctx, tx, c); err != nil {
				return err
			}
		}
		if err := recordAssessmentsDeleted(ctx, tx, 0, `a.source_id = ?`, id); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM citations WHERE source_id = ?`, `DELETE FROM assessments WHERE source_id = ?`, `DELETE FROM sources WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("delete source: %w", err)
			}
		}
		return record(ctx, tx, claimline.Change{ObjectType: "source", ObjectID: id, Action: claimline.ActionDelete, Label: before.Title},
			snapSource(*before), nil)
	})
}

// sourceLabels returns the label (claimline.Source.Label) of each source
// with one of these ids, by id; ids of no source are left out.
func sourceLabels(ctx context.Context, tx querier, ids []int64) (map[int64]string, error) {
	idsJSON, _ := json.Marshal(ids)
	labels := map[int64]string{}
	return labels, each(ctx, tx, `SELECT id, title, outlet FROM sources WHERE id IN (SELECT value FROM json_each(?))`, []any{string(idsJSON)},
		func(rows *sql.Rows) error {
			var src claimline.Source
			if err := rows.Scan(&src.ID, &src.Title, &src.Outlet); err != nil {
				return err
			}
			labels[src.ID] = src.Label()
			return nil
		})
}

const citationColumns = `ci.id, ci.entry_id, ci.source_id, s.title, s.outlet, ci.quote, ci.quote_start, ci.quote_end,
	e.title, e.date, e.end_date, e.approximate, t.slug, t.title, ` + quoteCheckCi + `
	FROM citations ci JOIN sources s ON s.id = ci.source_id JOIN entries e ON e.id = ci.entry_id JOIN timelines t ON t.id = e.timeline_id`

func loadCitations(ctx context.Context, tx querier, where string, args ...any) ([]claimline.Citation, error) {
	out, err := collect(ctx, tx, `SELECT `+citationColumns+` WHERE `+where+` ORDER BY ci.id`, args, scanCitation)
	if err != nil {
		return nil, fmt.Errorf("citations: %w", err)
	}
	return out, nil
}

// scanCitation scans a row selecting citationColumns.
func scanCitation(rows *sql.Rows, c *claimline.Citation) error {
	var title, outlet, date, end string
	var qc quoteCheckScan
	if err := rows.Scan(append([]any{&c.ID, &c.EntryID, &c.SourceID, &title, &outlet, &c.Quote, &c.Span.Start, &c.Span.End,
		&c.Entry.Title, &date, &end, &c.Entry.Approximate, &c.Entry.TimelineSlug, &c.Entry.TimelineTitle}, qc.dest(&c.Check)...)...); err != nil {
		return err
	}
	qc.finish(&c.Check)
	c.SourceLabel = claimline.Source{Title: title, Outlet: outlet}.Label()
	c.Entry.ID, c.Entry.Date, c.Entry.EndDate = c.EntryID, mustDate(date), mustDate(end)
	return nil
}

type citationSnapshot struct {
	Source string `json:"source"`
	Quote  string `json:"quote"`
}

// AddCitation records that an entry rests on a source, optionally on a
// quoted passage, which must occur in the source (as for SetAssessment).
func (s *Store) AddCitation(ctx context.Context, entryID, sourceID int64, q string) (*claimline.Citation, error) {
	if sourceID <= 0 {
		return nil, &claimline.Error{Code: claimline.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"source": "Choose the source."}}
	}
	cq, err := s.checkQuote(ctx, sourceID, q)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.write(ctx, func(tx *Tx) error {
		e, err := entryByID(ctx, tx, entryID)
		if err != nil {
			return err
		}
		id, err = addCitation(ctx, tx, e, cq)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out *claimline.Citation
	err = s.read(ctx, func(tx *sql.Tx) error {
		cs, err := loadCitations(ctx, tx, `ci.id = ?`, id)
		if err == nil && len(cs) == 1 {
			out = &cs[0]
		}
		return err
	})
	return out, err
}

// addCitation inserts a citation whose quote was checked, and records it.
func addCitation(ctx context.Context, tx *Tx, e *claimline.Entry, cq checkedQuote) (int64, error) {
	if err := cq.confirm(ctx, tx); err != nil {
		return 0, err
	}
	sourceID, q, title, span := cq.sourceID, cq.quote, cq.title, cq.span
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO citations (entry_id, source_id, quote, quote_start, quote_end, version, cur_start, cur_end,
		created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ID, sourceID, q, span.Start, span.End, cq.version,
		span.Start, span.End, tx.now, tx.user).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert citation: %w", err)
	}
	return id, record(ctx, tx, claimline.Change{ObjectType: "entry", ObjectID: e.ID, TimelineID: e.TimelineID,
		Action: claimline.ActionUpdate, Label: e.Title + ": cites " + title}, nil, citationSnapshot{title, q})
}

// DeleteCitation removes a citation and returns its entry's id.
func (s *Store) DeleteCitation(ctx context.Context, id int64) (int64, error) {
	var entryID int64
	err := s.write(ctx, func(tx *Tx) error {
		cs, err := loadCitations(ctx, tx, `ci.id = ?`, id)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return claimline.Errorf(claimline.ENOTFOUND, "Citation not found.")
		}
		entryID = cs[0].EntryID
		if err := recordCitationDeleted(ctx, tx, cs[0]); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM citations WHERE id = ?`, id)
		return err
	})
	return entryID, err
}

func recordCitationDeleted(ctx context.Context, tx *Tx, c claimline.Citation) error {
	var tl int64
	if err := tx.QueryRowContext(ctx, `SELECT timeline_id FROM entries WHERE id = ?`, c.EntryID).Scan(&tl); err != nil {
		return err
	}
	return record(ctx, tx, claimline.Change{ObjectType: "entry", ObjectID: c.EntryID, TimelineID: tl, Action: claimline.ActionUpdate,
		Label: c.Entry.Title + ": citation of " + c.SourceLabel + " removed"}, citationSnapshot{c.SourceLabel, c.Quote}, nil)
}
