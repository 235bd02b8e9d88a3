package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"claimline/internal/claimline"
	"claimline/internal/quote"
)

// ChangedSince returns, of the given entry ids and the revisions a file
// was exported at, the entries of the timeline whose revision is now
// another: what an import would overwrite that the file did not know of.
func (s *Store) ChangedSince(ctx context.Context, timelineID int64, revs map[int64]int64) ([]claimline.Entry, error) {
	var out []claimline.Entry
	err := s.read(ctx, func(tx *sql.Tx) error {
		for id, rev := range revs {
			e, ok := existingEntry(ctx, tx, timelineID, id)
			if ok && rev != 0 && e.Revision != rev {
				out = append(out, *e)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b claimline.Entry) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// target returns the import's timeline id, creating the timeline if asked.
func target(ctx context.Context, tx *Tx, t claimline.ImportTarget) (int64, string, error) {
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
		return 0, "", &claimline.Error{Code: claimline.EINVALID, Fields: claimline.FieldErrors(err),
			Message: "The new timeline cannot be created."}
	}
	return id, in.Slug, err
}

// ImportEntries saves rows into a timeline in one transaction: all of them,
// or, on the first invalid row, none (the error names the row's line). A
// row that says what its entry says already is left alone: the entry keeps
// its revision and gains no history.
func (s *Store) ImportEntries(ctx context.Context, t claimline.ImportTarget, rows []claimline.ImportRow) (claimline.ImportResult, error) {
	var res claimline.ImportResult
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
				if before.SameContent(e) {
					res.Unchanged++ // a re-import of what is there changes nothing
					continue
				}
				if r.Revision != 0 && r.Revision != before.Revision && !r.Force {
					res.Kept++ // changed since the export: the user chose to keep it
					continue
				}
				err = updateEntry(ctx, tx, before, 0, &e)
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
		return claimline.ImportResult{}, err
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
	return claimline.Errorf(claimline.ErrorCode(err), "Row %d: %s", line, claimline.FieldErrorText(err))
}

// ImportBundles loads a full export into a timeline in one transaction:
// sources first (an existing source with the same text or URL is reused),
// then each entry with its citations, claims and assessments, every quote
// verified again. On any error nothing is saved. The quotes are found in the
// file's texts before the transaction starts.
func (s *Store) ImportBundles(ctx context.Context, t claimline.ImportTarget, sources []claimline.Source, bundles []claimline.Bundle) (claimline.ImportResult, error) {
	parsed := make([]claimline.Source, len(sources))
	texts := map[string]claimline.Source{}
	for i, src := range sources {
		if SHA256(src.Text) != src.SHA256 {
			return claimline.ImportResult{}, claimline.Errorf(claimline.EINVALID, "Source %d (%s): its text does not match its SHA-256.", i+1, src.Title)
		}
		p, err := src.Input().Parse(false)
		if err != nil {
			return claimline.ImportResult{}, claimline.Errorf(claimline.EINVALID, "Source %d (%s): %s", i+1, src.Title, err)
		}
		for _, v := range src.Versions {
			switch {
			case SHA256(v.Text) != v.SHA256:
				return claimline.ImportResult{}, claimline.Errorf(claimline.EINVALID, "Source %d (%s): the text of its version %d does not match its SHA-256.", i+1, src.Title, v.Number)
			case strings.TrimSpace(v.Text) == "" || len(v.Text) > claimline.MaxSourceText:
				return claimline.ImportResult{}, claimline.Errorf(claimline.EINVALID, "Source %d (%s): its version %d is empty or longer than 5 MiB.", i+1, src.Title, v.Number)
			}
		}
		p.Text, p.SHA256, p.Versions = src.Text, src.SHA256, src.Versions
		parsed[i], texts[src.SHA256] = p, p
	}
	quotes := newImportQuotes(texts)
	quotes.find(bundles)
	var res claimline.ImportResult
	err := s.write(ctx, func(tx *Tx) error {
		tlID, slug, err := target(ctx, tx, t)
		if err != nil {
			return err
		}
		res.Slug = slug
		for i, src := range parsed {
			id, err := importSource(ctx, tx, src, sources[i].Retrieved)
			if code := claimline.ErrorCode(err); code == claimline.EINTERNAL {
				return fmt.Errorf("source %d (%s): %w", i+1, src.Title, err)
			} else if err != nil {
				return claimline.Errorf(code, "Source %d (%s): %s", i+1, src.Title, claimline.ErrorMessage(err))
			}
			if err := quotes.stored(ctx, tx, src.SHA256, id); err != nil {
				return err
			}
		}
		held, err := heldEntries(ctx, tx, tlID)
		if err != nil {
			return err
		}
		for i, b := range bundles {
			if held[entryKeyOf(b.Entry)] {
				res.Unchanged++
				continue
			}
			if err := importBundle(ctx, tx, tlID, quotes, b); err != nil {
				return claimline.Errorf(claimline.ErrorCode(err), "Entry %d (%s): %s", i+1, b.Entry.Title, claimline.ErrorMessage(err))
			}
			res.Created++
		}
		return nil
	})
	if err != nil {
		return claimline.ImportResult{}, err
	}
	return res, nil
}

// entryKey is what makes two entries of a timeline the same one for an
// import: its dates, whether they are approximate, kind, title and
// description.
type entryKey struct {
	date, endDate, kind, title, description string
	approximate                             bool
}

func entryKeyOf(e claimline.Entry) entryKey {
	return entryKey{e.Date.ISO(), e.EndDate.ISO(), string(e.Kind), e.Title, e.Description, e.Approximate}
}

// heldEntries returns the keys of a timeline's entries before an import
// of bundles: an entry the timeline already holds is not added again, so
// that posting one export twice does not double the timeline (the file's
// own entries are all added, even two alike).
func heldEntries(ctx context.Context, tx *Tx, tlID int64) (map[entryKey]bool, error) {
	held := map[entryKey]bool{}
	err := each(ctx, tx, `SELECT date, end_date, kind, title, description, approximate FROM entries WHERE timeline_id = ?`, []any{tlID},
		func(rows *sql.Rows) error {
			var k entryKey
			err := rows.Scan(&k.date, &k.endDate, &k.kind, &k.title, &k.description, &k.approximate)
			held[k] = true
			return err
		})
	return held, err
}

// importSource stores a file's source: the library's source with its text
// or address when there is one; else a new source with every version the
// file carries.
func importSource(ctx context.Context, tx *Tx, src claimline.Source, retrieved time.Time) (int64, error) {
	if len(src.Versions) < 2 {
		id, _, err := createSource(ctx, tx, src, nil, "", retrieved)
		return id, err
	}
	if id, err := librarySource(ctx, tx, src.URL, src.SHA256); err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return insertSource(ctx, tx, src, nil, "", retrieved, src.Versions)
}

// importQuotes finds an import's quotes in the texts of its file, and knows
// which library source each text was stored as.
type importQuotes struct {
	texts map[string]claimline.Source // by SHA-256: the file's sources
	ids   map[string]int64            // by the file's SHA-256: the library's source
	found map[[2]string]foundQuote    // by SHA-256 and quote
	// Of the library's source of each text: its current version and, when
	// it has had more than one, its versions, oldest first, where quotes
	// are looked for.
	version  map[string]int
	versions map[string][]claimline.Version
	// earliest caches earliestQuote by SHA-256 and quote: a passage quoted
	// by a citation and by stances is looked for once.
	earliest map[[2]string]earliestFound
}

type earliestFound struct {
	cq checkedQuote
	ok bool
}

type foundQuote struct {
	span claimline.Span
	err  error
}

func newImportQuotes(texts map[string]claimline.Source) *importQuotes {
	return &importQuotes{texts: texts, ids: map[string]int64{}, found: map[[2]string]foundQuote{}, version: map[string]int{}, versions: map[string][]claimline.Version{},
		earliest: map[[2]string]earliestFound{}}
}

// find looks for every quote of the bundles in its file text, before the
// write transaction.
func (q *importQuotes) find(bundles []claimline.Bundle) {
	add := func(sha, quote string) {
		src, ok := q.texts[sha]
		if _, done := q.found[[2]string{sha, quote}]; ok && !done {
			span, err := findQuote(src.Title, src.Text, quote)
			q.found[[2]string{sha, quote}] = foundQuote{span, err}
		}
	}
	for _, b := range bundles {
		for _, c := range b.Citations {
			add(c.SourceSHA, c.Quote)
		}
		for _, c := range b.Claims {
			for _, a := range c.Evidence {
				add(a.Source.SHA256, a.Quote)
			}
		}
	}
}

// stored records that the file's text sha was stored as (or found in the
// library as) source id. A library source reused for its address may hold
// another text than the file's: the quotes are then found in the library's
// text, inside the transaction (a rare case).
func (q *importQuotes) stored(ctx context.Context, tx *Tx, sha string, id int64) error {
	q.ids[sha] = id
	var title, text, stored string
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT title, text, sha256, version FROM sources WHERE id = ?`, id).Scan(&title, &text, &stored, &version); err != nil {
		return err
	}
	q.version[sha] = version
	if version > 1 {
		vs, err := collect(ctx, tx, `SELECT number, text FROM source_versions WHERE source_id = ? ORDER BY number`, []any{id},
			func(rows *sql.Rows, v *claimline.Version) error { return rows.Scan(&v.Number, &v.Text) })
		if err != nil {
			return err
		}
		q.versions[sha] = append(q.versions[sha], vs...)
	}
	if stored != sha {
		q.texts[sha] = claimline.Source{ID: id, Title: title, Text: text, SHA256: stored}
		for k := range q.found {
			if k[0] == sha {
				delete(q.found, k)
			}
		}
	}
	return nil
}

// check returns the file's quote of the text sha, found in that text.
func (q *importQuotes) check(sha, quote string) (checkedQuote, error) {
	id, ok := q.ids[sha]
	if !ok {
		return checkedQuote{}, claimline.Errorf(claimline.EINVALID, "a source %.12s… is used but not included", sha)
	}
	src := q.texts[sha]
	f, ok := q.found[[2]string{sha, quote}]
	if !ok {
		f.span, f.err = findQuote(src.Title, src.Text, quote)
	}
	cq := checkedQuote{sourceID: id, title: src.Title, sha256: src.SHA256, version: q.version[sha], quote: quote, span: f.span}
	if vs := q.versions[sha]; len(vs) > 0 && quote == "" {
		cq.version = 1 // as for a quote, the earliest
	} else if len(vs) > 0 {
		key := [2]string{sha, quote}
		e, done := q.earliest[key]
		if !done {
			e.cq, e.ok = earliestQuote(vs, quote)
			q.earliest[key] = e
		}
		if first, ok := e.cq, e.ok; ok {
			cq.version, cq.span, cq.aged = first.version, first.span, first.aged
			return cq, nil
		}
	}
	return cq, f.err
}

// earliestQuote finds a quote of a source with several versions in the
// earliest version that has it, and what the versions after it did to
// it: the states the quote had where it was made (the file does not say
// which version a quote was made on; the earliest gives the same states).
func earliestQuote(versions []claimline.Version, q string) (checkedQuote, bool) {
	for k, v := range versions {
		sp, ok := quote.Find(v.Text, q)
		if !ok {
			continue
		}
		span := claimline.Span{Start: sp.Start, End: sp.End}
		u := quoteUse{check: claimline.QuoteCheck{State: claimline.QuoteThere, Current: span}}
		for _, later := range versions[k+1:] {
			u.check.Closest = q
			u.recheck(later.Text, later.Number)
		}
		return checkedQuote{version: v.Number, span: span, aged: &u.check}, true
	}
	return checkedQuote{}, false
}

// setAged records, for a quote imported from an earlier version, what the
// later versions did to it.
func setAged(ctx context.Context, tx *Tx, table string, id int64, cq checkedQuote) error {
	if cq.aged == nil {
		return nil
	}
	c := cq.aged
	return tx.exec(ctx, `UPDATE `+table+` SET cur_start = ?, cur_end = ?, state = ?, changed_in = ?, closest = ? WHERE id = ?`,
		c.Current.Start, c.Current.End, c.State, c.ChangedIn, c.Closest, id)
}

func importBundle(ctx context.Context, tx *Tx, tlID int64, quotes *importQuotes, b claimline.Bundle) error {
	e, err := b.Entry.Input().Parse()
	if err != nil {
		return claimline.Errorf(claimline.EINVALID, "%s", claimline.FieldErrorText(err))
	}
	id, err := insertEntry(ctx, tx, tlID, &e)
	if err != nil {
		return err
	}
	e.ID, e.TimelineID = id, tlID
	if err := importNotes(ctx, tx, id, 0, b.Notes); err != nil {
		return err
	}
	for _, c := range b.Citations {
		cq, err := quotes.check(c.SourceSHA, c.Quote)
		if err == nil {
			var cid int64
			if cid, err = addCitation(ctx, tx, &e, cq); err == nil {
				err = setAged(ctx, tx, "citations", cid, cq)
			}
		}
		if err != nil {
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
		if err := importNotes(ctx, tx, id, cid, c.Discussion); err != nil {
			return err
		}
		for _, a := range c.Evidence {
			cq, err := quotes.check(a.Source.SHA256, a.Quote)
			if err != nil {
				return claimline.Errorf(claimline.EINVALID, "assessment of “%s”: %s", c.Text, claimline.FieldErrorText(err))
			}
			ain := claimline.AssessmentInput{SourceID: cq.sourceID, Stance: string(a.Stance), Quote: a.Quote, Note: a.Note}
			if err := ain.Validate(); err != nil {
				return claimline.Errorf(claimline.EINVALID, "assessment: %s", claimline.FieldErrorText(err))
			}
			aid, err := setAssessment(ctx, tx, cid, tlID, ain, cq)
			if err == nil {
				err = setAged(ctx, tx, "assessments", aid, cq)
			}
			if err != nil {
				return claimline.Errorf(claimline.EINVALID, "assessment of “%s”: %s", c.Text, claimline.FieldErrorText(err))
			}
		}
	}
	return nil
}
