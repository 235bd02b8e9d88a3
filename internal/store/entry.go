package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"claimline/internal/claimline"
)

// entryColumns selects an entry with its timeline, its actors and tags (the
// copies kept on its row, see db/migrations/0003) and its number of sources
// (kept on its row too, see 0004): one query loads a page of entries with
// everything the list shows.
const entryColumns = `e.id, e.timeline_id, t.slug, t.title, e.date, e.end_date, e.approximate, e.kind, e.title,
	e.description, e.created_at, e.created_by, e.updated_at, e.updated_by, e.actor_list, e.tag_list, e.revision,
	(SELECT count(*) FROM notes n WHERE n.entry_id = e.id AND n.claim_id IS NULL), e.source_count
	FROM entries e JOIN timelines t ON t.id = e.timeline_id`

// hasEvidence is true for an entry e with a citation or a claim. It guards
// the subqueries that gather sources, which otherwise build a temporary
// table for every entry, evidence or not.
const hasEvidence = `(EXISTS (SELECT 1 FROM citations WHERE entry_id = e.id) OR EXISTS (SELECT 1 FROM claims WHERE entry_id = e.id))`

// loadEntries runs a query selecting entryColumns.
func loadEntries(ctx context.Context, tx querier, query string, args ...any) ([]claimline.Entry, error) {
	out, err := collect(ctx, tx, query, args, scanEntryRow)
	if err != nil {
		return nil, fmt.Errorf("entries: %w", err)
	}
	return out, nil
}

// scanEntryRow scans a row selecting entryColumns.
func scanEntryRow(rows *sql.Rows, e *claimline.Entry) error { return scanEntry(rows, e) }

// scanEntry scans a row selecting entryColumns (and then extra columns).
func scanEntry(rows *sql.Rows, e *claimline.Entry, extra ...any) error {
	var date, end, kind, cAt, uAt, actors, tags string
	dest := append([]any{&e.ID, &e.TimelineID, &e.TimelineSlug, &e.TimelineTitle, &date, &end, &e.Approximate,
		&kind, &e.Title, &e.Description, &cAt, &e.Created.Username, &uAt, &e.Updated.Username, &actors, &tags, &e.Revision, &e.Notes, &e.Sources}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return fmt.Errorf("scan entry: %w", err)
	}
	e.Date, e.EndDate, e.Kind = mustDate(date), mustDate(end), claimline.Kind(kind)
	e.Created.At, e.Updated.At = parseTime(cAt), parseTime(uAt)
	e.Actors, e.Tags = splitActors(actors), splitNames(tags)
	return nil
}

func splitNames(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\x1e")
}

func splitActors(s string) []claimline.Actor {
	names := splitNames(s)
	out := make([]claimline.Actor, len(names))
	for i, n := range names {
		id, name, _ := strings.Cut(n, "\x1f")
		out[i].ID, _ = strconv.ParseInt(id, 10, 64)
		out[i].Name = name
	}
	return out
}

// mustDate reads a stored ISO date; the store only ever writes valid ones.
func mustDate(iso string) claimline.Date {
	d, err := claimline.ParseISODate(iso)
	if err != nil {
		panic(fmt.Sprintf("stored date %q: %v", iso, err))
	}
	return d
}

// Entries returns one page of a timeline's entries in chronological order,
// filtered by f. f.Limit defaults to 200.
func (s *Store) Entries(ctx context.Context, timelineID int64, f claimline.EntryFilter) (claimline.EntryPage, error) {
	var page claimline.EntryPage
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		page, err = entryPage(ctx, tx, s.pg, timelineID, f)
		return err
	})
	return page, err
}

// entryPage loads a page of entries with their claims: two statements.
func entryPage(ctx context.Context, tx *sql.Tx, pg bool, timelineID int64, f claimline.EntryFilter) (claimline.EntryPage, error) {
	where, args := entryWhere(pg, timelineID, f)
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	q := `SELECT ` + entryColumns + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY e.date, e.id LIMIT ?`
	var page claimline.EntryPage
	var err error
	if page.Entries, err = loadEntries(ctx, tx, q, append(args, limit+1)...); err != nil {
		return page, err
	}
	if len(page.Entries) > limit {
		page.Entries, page.More = page.Entries[:limit], true
	}
	return page, attachClaims(ctx, tx, page.Entries)
}

// entryWhere turns a filter into SQL conditions and their arguments, for
// PostgreSQL when pg is set.
func entryWhere(pg bool, timelineID int64, f claimline.EntryFilter) ([]string, []any) {
	where, args := []string{"e.timeline_id = ?"}, []any{timelineID}
	if f.Kind != "" {
		where, args = append(where, "e.kind = ?"), append(args, string(f.Kind))
	}
	if f.Actor != "" {
		where = append(where, `e.id IN (SELECT ea.entry_id FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE a.name = ?)`)
		args = append(args, f.Actor)
	}
	if f.Tag != "" {
		where = append(where, `e.id IN (SELECT et.entry_id FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE g.name = ?)`)
		args = append(args, f.Tag)
	}
	if f.Text != "" {
		cond, a := textCondition(pg, f.Text) // the search index: entries' text and their claims'
		where, args = append(where, cond), append(args, a...)
	}
	// A date range keeps entries that overlap it, at any precision: an entry
	// dated "2024" overlaps a range starting "2024-09".
	if !f.From.IsZero() {
		last := `iif(e.end_date = '', e.date, e.end_date)`
		where = append(where, `(`+last+` >= ? OR substr(?, 1, length(`+last+`)) = `+last+`)`)
		args = append(args, f.From.ISO(), f.From.ISO())
	}
	if !f.To.IsZero() {
		where = append(where, `(e.date <= ? OR substr(e.date, 1, length(?)) = ?)`)
		args = append(args, f.To.ISO(), f.To.ISO(), f.To.ISO())
	}
	if f.Status != "" {
		where, args = append(where, `e.id IN (SELECT c.entry_id FROM claims c WHERE `+statusCondition+`)`), append(args, string(f.Status))
	}
	switch {
	case f.After != 0 && f.AfterDate != "":
		where = append(where, `(e.date, e.id) > (?, ?)`)
		args = append(args, f.AfterDate, f.After)
	case f.After != 0:
		where = append(where, `(e.date, e.id) > (SELECT date, id FROM entries WHERE id = ?)`)
		args = append(args, f.After)
	}
	return where, args
}

// Entry returns the entry with the given id, or ENOTFOUND.
func (s *Store) Entry(ctx context.Context, id int64) (*claimline.Entry, error) {
	var out *claimline.Entry
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = entryByID(ctx, tx, id)
		return err
	})
	return out, err
}

func entryByID(ctx context.Context, tx querier, id int64) (*claimline.Entry, error) {
	es, err := loadEntries(ctx, tx, `SELECT `+entryColumns+` WHERE e.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, claimline.Errorf(claimline.ENOTFOUND, "Entry not found.")
	}
	return &es[0], nil
}

// entrySnapshot is an entry as recorded in history.
type entrySnapshot struct {
	Date        string   `json:"date"`
	EndDate     string   `json:"end_date"`
	Approximate bool     `json:"approximate"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Actors      []string `json:"actors"`
	Tags        []string `json:"tags"`
}

func snapshotOf(e claimline.Entry) entrySnapshot {
	return entrySnapshot{Date: e.Date.ISO(), EndDate: e.EndDate.ISO(), Approximate: e.Approximate, Kind: string(e.Kind),
		Title: e.Title, Description: e.Description, Actors: nonNil(e.ActorNames()), Tags: nonNil(e.Tags)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// CreateEntry validates in and adds the entry it describes to a timeline.
// Invalid input returns an EINVALID *Error naming each bad field. The entry
// returned is what was written (its id, dates, actors with their ids and
// stored spelling), not read back.
func (s *Store) CreateEntry(ctx context.Context, timelineID int64, in claimline.EntryInput) (*claimline.Entry, error) {
	e, err := in.Parse()
	if err != nil {
		return nil, err
	}
	err = s.write(ctx, func(tx *Tx) error {
		e.TimelineID = timelineID
		e.ID, err = insertEntry(ctx, tx, timelineID, &e)
		e.Created = claimline.Stamp{Username: tx.user, At: parseTime(tx.now)}
		e.Updated, e.Revision = e.Created, 1 // a new row's revision (db/migrations/0008)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// insertEntry adds an entry with its actors and tags, and records its
// creation in the history. It sets e's actors' ids and stored names. The
// names are looked up first, so that the entry's row is written once, with
// its copies of them.
func insertEntry(ctx context.Context, tx *Tx, timelineID int64, e *claimline.Entry) (int64, error) {
	names, err := resolveNames(ctx, tx, e)
	if err != nil {
		return 0, err
	}
	var id int64
	now, who := tx.now, tx.user
	err = tx.QueryRowContext(ctx, `INSERT INTO entries (timeline_id, date, end_date, approximate, kind, title, description,
		created_at, created_by, updated_at, updated_by, actor_list, tag_list) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		timelineID, e.Date.ISO(), e.EndDate.ISO(), boolInt(e.Approximate), string(e.Kind), e.Title, e.Description,
		now, who, now, who, names.actorList, names.tagList).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert entry: %w", err)
	}
	if err := names.link(ctx, tx, id); err != nil {
		return 0, err
	}
	return id, record(ctx, tx, claimline.Change{ObjectType: "entry", ObjectID: id, TimelineID: timelineID,
		Action: claimline.ActionCreate, Label: e.Title}, nil, snapshotOf(*e))
}

// UpdateEntry validates in and replaces the entry's fields, actors and tags,
// if the entry is still at revision rev (0: unchecked). Otherwise it saves
// nothing and returns an ECONFLICT error carrying the entry as it is now.
func (s *Store) UpdateEntry(ctx context.Context, id, rev int64, in claimline.EntryInput) (*claimline.Entry, error) {
	e, err := in.Parse()
	if err != nil {
		return nil, err
	}
	err = s.write(ctx, func(tx *Tx) error {
		before, err := entryByID(ctx, tx, id)
		if err != nil {
			return err
		}
		return updateEntry(ctx, tx, before, rev, &e)
	})
	if err != nil {
		return nil, err
	}
	return s.Entry(ctx, id)
}

// updateEntry replaces an entry's fields, actors and tags with e's and
// records the change, if the entry is at revision rev (0: unchecked); else
// it returns the conflict. before is the entry as read in tx.
func updateEntry(ctx context.Context, tx *Tx, before *claimline.Entry, rev int64, e *claimline.Entry) error {
	if rev != 0 && rev != before.Revision {
		return conflict(ctx, tx, "entry", "entry", before.ID, before.Revision, before)
	}
	if reflect.DeepEqual(snapshotOf(*before), snapshotOf(*e)) {
		// Nothing changes: no new revision that would make other editors'
		// next save a needless conflict, and no empty line in history.
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE entries SET date = ?, end_date = ?, approximate = ?, kind = ?, title = ?,
		description = ?, updated_at = ?, updated_by = ?, revision = revision + 1 WHERE id = ? AND `+revisionMatch,
		append([]any{e.Date.ISO(), e.EndDate.ISO(), boolInt(e.Approximate), string(e.Kind), e.Title, e.Description, tx.now, tx.user, before.ID},
			revArgs(rev)...)...)
	if err := guarded(ctx, tx, res, err, "entry", "entry", before.ID, before.Revision, before); err != nil {
		return fmt.Errorf("update entry: %w", err)
	}
	if err := setNames(ctx, tx, before.ID, e); err != nil {
		return err
	}
	return record(ctx, tx, claimline.Change{ObjectType: "entry", ObjectID: before.ID, TimelineID: before.TimelineID,
		Action: claimline.ActionUpdate, Label: e.Title}, snapshotOf(*before), snapshotOf(*e))
}

// DeleteEntry deletes an entry; its last state stays in history. If the
// entry is no longer at revision rev (0: unchecked), it deletes nothing and
// returns the conflict.
func (s *Store) DeleteEntry(ctx context.Context, id, rev int64) error {
	return s.write(ctx, func(tx *Tx) error {
		before, err := entryByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if rev != 0 && rev != before.Revision {
			return conflict(ctx, tx, "entry", "entry", id, before.Revision, before)
		}
		if err := recordClaimsDeleted(ctx, tx, `c.entry_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM entries WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete entry: %w", err)
		}
		return record(ctx, tx, claimline.Change{ObjectType: "entry", ObjectID: id, TimelineID: before.TimelineID,
			Action: claimline.ActionDelete, Label: before.Title}, snapshotOf(*before), nil)
	})
}

// entryNames are an entry's actors and tags as stored (ids and first
// spellings), and the copies of them kept on its row (see
// db/migrations/0003).
type entryNames struct {
	actors, tags       []claimline.Actor
	actorList, tagList string
}

// resolveNames looks up an entry's actors and tags, creating any new names,
// and gives e's actors their ids and stored names and its tags their
// stored spelling, so a name typed in another case shows as first written.
func resolveNames(ctx context.Context, tx *Tx, e *claimline.Entry) (entryNames, error) {
	var n entryNames
	var err error
	if n.actors, err = nameIDs(ctx, tx, "actors", e.ActorNames()); err != nil {
		return n, fmt.Errorf("entry actors: %w", err)
	}
	if n.tags, err = nameIDs(ctx, tx, "tags", e.Tags); err != nil {
		return n, fmt.Errorf("entry tags: %w", err)
	}
	e.Actors, e.Tags = n.actors, make([]string, len(n.tags))
	actorList, tagList := make([]string, len(n.actors)), make([]string, len(n.tags))
	for i, a := range n.actors {
		actorList[i] = strconv.FormatInt(a.ID, 10) + "\x1f" + a.Name
	}
	for i, t := range n.tags {
		e.Tags[i], tagList[i] = t.Name, t.Name
	}
	n.actorList, n.tagList = strings.Join(actorList, "\x1e"), strings.Join(tagList, "\x1e")
	return n, nil
}

// link points an entry, which has no links yet, at its actors and tags, in
// order: one statement for each kind.
func (n entryNames) link(ctx context.Context, tx *Tx, entryID int64) error {
	if err := insertLinks(ctx, tx, "entry_actors", "actor_id", entryID, n.actors); err != nil {
		return fmt.Errorf("entry actors: %w", err)
	}
	if err := insertLinks(ctx, tx, "entry_tags", "tag_id", entryID, n.tags); err != nil {
		return fmt.Errorf("entry tags: %w", err)
	}
	return nil
}

// setNames replaces an entry's actors and tags, creating any new names, and
// rewrites the copies of them on the entry's row. It gives e's actors their
// ids and stored names.
func setNames(ctx context.Context, tx *Tx, entryID int64, e *claimline.Entry) error {
	names, err := resolveNames(ctx, tx, e)
	if err != nil {
		return err
	}
	for _, table := range []string{"entry_actors", "entry_tags"} {
		if err := tx.exec(ctx, `DELETE FROM `+table+` WHERE entry_id = ?`, entryID); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	if err := names.link(ctx, tx, entryID); err != nil {
		return err
	}
	if err := tx.exec(ctx, `UPDATE entries SET actor_list = ?, tag_list = ? WHERE id = ?`,
		names.actorList, names.tagList, entryID); err != nil {
		return fmt.Errorf("entry name lists: %w", err)
	}
	return nil
}

// nameIDs returns the rows of a name table (actors or tags) for names, in
// order, creating names not yet known.
func nameIDs(ctx context.Context, tx *Tx, table string, names []string) ([]claimline.Actor, error) {
	out := make([]claimline.Actor, 0, len(names))
	for _, name := range names {
		n, err := nameID(ctx, tx, table, name)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// insertLinks adds the rows linking an entry to names of a name table, in
// their order, in one statement. The table names are constants.
func insertLinks(ctx context.Context, tx *Tx, linkTable, col string, entryID int64, names []claimline.Actor) error {
	if len(names) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(names))
	for i, n := range names {
		args = append(args, entryID, n.ID, i)
	}
	return tx.exec(ctx, `INSERT INTO `+linkTable+` (entry_id, `+col+`, position) VALUES (?, ?, ?)`+
		strings.Repeat(`, (?, ?, ?)`, len(names)-1), args...)
}

// nameID returns the id and stored spelling of a name in a name table
// (actors or tags), creating the name if it is new. Names match
// case-insensitively (NOCASE), so a known name keeps its first spelling.
func nameID(ctx context.Context, tx *Tx, table, name string) (claimline.Actor, error) {
	n := claimline.Actor{Name: name}
	err := tx.QueryRowContext(ctx, `SELECT id, name FROM `+table+` WHERE name = ?`, name).Scan(&n.ID, &n.Name)
	if err == sql.ErrNoRows {
		err = tx.QueryRowContext(ctx, `INSERT INTO `+table+` (name) VALUES (?) RETURNING id`, name).Scan(&n.ID)
	}
	return n, err
}

// CreateEntries validates every input, then adds them all to a timeline in
// one transaction: all are saved or none. An invalid input returns an
// EINVALID *Error whose message names its position (1-based) and whose
// fields are that input's problems.
func (s *Store) CreateEntries(ctx context.Context, timelineID int64, ins []claimline.EntryInput) error {
	entries := make([]claimline.Entry, len(ins))
	for i, in := range ins {
		e, err := in.Parse()
		if err != nil {
			return &claimline.Error{Code: claimline.EINVALID, Message: fmt.Sprintf("Entry %d: %s", i+1, err), Fields: claimline.FieldErrors(err)}
		}
		entries[i] = e
	}
	return s.write(ctx, func(tx *Tx) error {
		for i := range entries {
			if _, err := insertEntry(ctx, tx, timelineID, &entries[i]); err != nil {
				return err
			}
		}
		return nil
	})
}
