package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"claimline/internal/claimline"
)

// noteColumns selects a note with its author and where it is.
const noteColumns = `n.id, n.entry_id, coalesce(n.claim_id, 0), n.author_id, u.username, n.text, n.created_at, n.updated_at, n.revision,
	e.title, coalesce(c.text, ''), t.slug
	FROM notes n JOIN users u ON u.id = n.author_id JOIN entries e ON e.id = n.entry_id
	JOIN timelines t ON t.id = e.timeline_id LEFT JOIN claims c ON c.id = n.claim_id`

func loadNotes(ctx context.Context, tx querier, query string, args ...any) ([]claimline.Note, error) {
	out, err := collect(ctx, tx, `SELECT `+noteColumns+` `+query, args, scanNote)
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return out, nil
}

// scanNote scans a row selecting noteColumns.
func scanNote(rows *sql.Rows, n *claimline.Note) error {
	var cAt, uAt string
	if err := rows.Scan(&n.ID, &n.EntryID, &n.ClaimID, &n.AuthorID, &n.Author, &n.Text, &cAt, &uAt, &n.Revision,
		&n.EntryTitle, &n.ClaimText, &n.TimelineSlug); err != nil {
		return fmt.Errorf("scan note: %w", err)
	}
	n.Created, n.Updated = parseTime(cAt), parseTime(uAt)
	return nil
}

// EntryNotes returns the discussion of an entry (not of its claims), oldest first.
func (s *Store) EntryNotes(ctx context.Context, entryID int64) ([]claimline.Note, error) {
	var out []claimline.Note
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadNotes(ctx, tx, `WHERE n.entry_id = ? AND n.claim_id IS NULL ORDER BY n.id`, entryID)
		return err
	})
	return out, err
}

// ClaimNotes returns the discussion of a claim, oldest first.
func (s *Store) ClaimNotes(ctx context.Context, claimID int64) ([]claimline.Note, error) {
	var out []claimline.Note
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadNotes(ctx, tx, `WHERE n.claim_id = ? ORDER BY n.id`, claimID)
		return err
	})
	return out, err
}

// Note returns a note, or ENOTFOUND.
func (s *Store) Note(ctx context.Context, id int64) (*claimline.Note, error) {
	var out *claimline.Note
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = noteByID(ctx, tx, id)
		return err
	})
	return out, err
}

func noteByID(ctx context.Context, tx querier, id int64) (*claimline.Note, error) {
	ns, err := loadNotes(ctx, tx, `WHERE n.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, claimline.Errorf(claimline.ENOTFOUND, "Note not found.")
	}
	return &ns[0], nil
}

type noteSnapshot struct {
	Text  string `json:"text"`
	Entry int64  `json:"entry"`
	Claim int64  `json:"claim,omitempty"`
}

// actingUser returns the signed-in user a note is written by.
func actingUser(ctx context.Context) (*claimline.User, error) {
	u := claimline.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return nil, claimline.Errorf(claimline.EUNAUTH, "Sign in to write notes.")
	}
	return u, nil
}

// AddNote validates in and adds a note to an entry's discussion, or to a
// claim's when claimID is not 0 (the claim must belong to the entry). The
// author is the user in ctx. The @names in the text that are users' names
// are recorded as unread mentions of those users (not of the author).
func (s *Store) AddNote(ctx context.Context, entryID, claimID int64, in claimline.NoteInput) (*claimline.Note, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	u, err := actingUser(ctx)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.write(ctx, func(tx *Tx) error {
		claim := sql.NullInt64{Int64: claimID, Valid: claimID != 0}
		if claimID != 0 {
			var owner int64
			if err := tx.QueryRowContext(ctx, `SELECT entry_id FROM claims WHERE id = ?`, claimID).Scan(&owner); err != nil || owner != entryID {
				return claimline.Errorf(claimline.ENOTFOUND, "Claim not found.")
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO notes (entry_id, claim_id, author_id, text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, entryID, claim, u.ID, in.Text, tx.now, tx.now).Scan(&id)
		if isForeignKey(err) {
			return claimline.Errorf(claimline.ENOTFOUND, "Entry not found.")
		} else if err != nil {
			return fmt.Errorf("insert note: %w", err)
		}
		return setMentions(ctx, tx, id, u.ID, in.Text)
	})
	if err != nil {
		return nil, err
	}
	return s.Note(ctx, id)
}

// setMentions records the users a note's text mentions, parsed once here
// when the note is saved. A user mentioned before keeps their read state.
func setMentions(ctx context.Context, tx *Tx, noteID, authorID int64, text string) error {
	names := claimline.MentionedNames(text)
	var keep []string
	for _, name := range names {
		var uid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE username = ?`, name).Scan(&uid)
		if err == sql.ErrNoRows || uid == authorID {
			continue
		} else if err != nil {
			return fmt.Errorf("mention: %w", err)
		}
		if err := tx.exec(ctx, `INSERT INTO note_mentions (note_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, noteID, uid); err != nil {
			return fmt.Errorf("mention: %w", err)
		}
		keep = append(keep, fmt.Sprint(uid))
	}
	return tx.exec(ctx, `DELETE FROM note_mentions WHERE note_id = ? AND user_id NOT IN (SELECT value FROM json_each(?))`,
		noteID, "["+strings.Join(keep, ",")+"]")
}

// UpdateNote changes a note's text. Only its author may (EFORBIDDEN for
// anyone else); the history records the change. A note no longer at
// revision rev (0: unchecked) is a conflict.
func (s *Store) UpdateNote(ctx context.Context, id, rev int64, in claimline.NoteInput) (*claimline.Note, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	u, err := actingUser(ctx)
	if err != nil {
		return nil, err
	}
	err = s.write(ctx, func(tx *Tx) error {
		before, tl, err := noteForWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.AuthorID != u.ID {
			return claimline.Errorf(claimline.EFORBIDDEN, "Only the author of a note can change it.")
		}
		res, err := tx.ExecContext(ctx, `UPDATE notes SET text = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND `+revisionMatch,
			append([]any{in.Text, tx.now, id}, revArgs(rev)...)...)
		if err := guarded(ctx, tx, res, err, "note", "note", id, before.Revision, before); err != nil {
			return err
		}
		if err := setMentions(ctx, tx, id, u.ID, in.Text); err != nil {
			return err
		}
		return record(ctx, tx, claimline.Change{ObjectType: "note", ObjectID: id, TimelineID: tl, Action: claimline.ActionUpdate,
			Label: noteLabel(before)}, snapNote(*before), noteSnapshot{Text: in.Text, Entry: before.EntryID, Claim: before.ClaimID})
	})
	if err != nil {
		return nil, err
	}
	return s.Note(ctx, id)
}

// DeleteNote deletes a note: its author or an admin may (EFORBIDDEN for
// anyone else). The history keeps its text.
func (s *Store) DeleteNote(ctx context.Context, id int64) (*claimline.Note, error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, err
	}
	var before *claimline.Note
	err = s.write(ctx, func(tx *Tx) error {
		var tl int64
		var err error
		if before, tl, err = noteForWrite(ctx, tx, id); err != nil {
			return err
		}
		if before.AuthorID != u.ID && u.Role != claimline.RoleAdmin {
			return claimline.Errorf(claimline.EFORBIDDEN, "Only the author of a note or an admin can delete it.")
		}
		if err := tx.exec(ctx, `DELETE FROM notes WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete note: %w", err)
		}
		return record(ctx, tx, claimline.Change{ObjectType: "note", ObjectID: id, TimelineID: tl, Action: claimline.ActionDelete,
			Label: noteLabel(before)}, snapNote(*before), nil)
	})
	return before, err
}

func noteForWrite(ctx context.Context, tx *Tx, id int64) (*claimline.Note, int64, error) {
	n, err := noteByID(ctx, tx, id)
	if err != nil {
		return nil, 0, err
	}
	var tl int64
	err = tx.QueryRowContext(ctx, `SELECT timeline_id FROM entries WHERE id = ?`, n.EntryID).Scan(&tl)
	return n, tl, err
}

func snapNote(n claimline.Note) noteSnapshot {
	return noteSnapshot{Text: n.Text, Entry: n.EntryID, Claim: n.ClaimID}
}

// noteLabel names a note in history: its author and what it is on.
func noteLabel(n *claimline.Note) string {
	on := n.EntryTitle
	if n.ClaimID != 0 {
		on = n.ClaimText
	}
	return "by " + n.Author + " on " + on
}

// Mentions returns the notes that mention the user, newest first, at most 200.
func (s *Store) Mentions(ctx context.Context, userID int64) ([]claimline.Mention, error) {
	var out []claimline.Mention
	err := s.read(ctx, func(tx *sql.Tx) error {
		read := map[int64]bool{}
		var ids []any
		err := each(ctx, tx, `SELECT n.id, m.read_at != '' FROM note_mentions m JOIN notes n ON n.id = m.note_id
			WHERE m.user_id = ? ORDER BY n.id DESC LIMIT 200`, []any{userID}, func(rows *sql.Rows) error {
			var id int64
			var r bool
			if err := rows.Scan(&id, &r); err != nil {
				return err
			}
			read[id], ids = r, append(ids, id)
			return nil
		})
		if err != nil || len(ids) == 0 {
			return err
		}
		notes, err := loadNotes(ctx, tx, `WHERE n.id IN (SELECT value FROM json_each(?)) ORDER BY n.id DESC`, jsonIDs(ids))
		for _, n := range notes {
			out = append(out, claimline.Mention{Note: n, Read: read[n.ID]})
		}
		return err
	})
	return out, err
}

func jsonIDs(ids []any) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// MarkMentionsRead marks every mention of the user read.
func (s *Store) MarkMentionsRead(ctx context.Context, userID int64) error {
	return s.write(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `UPDATE note_mentions SET read_at = ? WHERE user_id = ? AND read_at = ''`, tx.now, userID)
	})
}

// pgForeignKeyViolation is PostgreSQL's SQLSTATE for a foreign key
// constraint failure.
const pgForeignKeyViolation = "23503"

// isForeignKey reports whether err is a foreign key constraint failure.
func isForeignKey(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return postgresCode(err) == pgForeignKeyViolation
}

// importNotes adds the notes of an imported entry (claimID 0) or claim,
// keeping their times. A note whose author has no account here is kept
// under the importing user (or, for an import without one, the first
// admin) with its author's name in front, so that no note is lost.
func importNotes(ctx context.Context, tx *Tx, entryID, claimID int64, notes []claimline.Note) error {
	claim := sql.NullInt64{Int64: claimID, Valid: claimID != 0}
	for _, n := range notes {
		in := claimline.NoteInput{Text: n.Text}
		if err := in.Validate(); err != nil {
			return claimline.Errorf(claimline.EINVALID, "note by %s: %s", n.Author, claimline.FieldErrorText(err))
		}
		var author int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE username = ?`, n.Author).Scan(&author)
		if err == sql.ErrNoRows {
			if u := claimline.UserFromContext(ctx); u != nil && u.ID != 0 {
				author = u.ID
			} else if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`).Scan(&author); err != nil {
				return claimline.Errorf(claimline.EINVALID, "note by %s: no account to keep it under; create a user first.", n.Author)
			}
			in.Text = "(" + n.Author + ") " + in.Text
		} else if err != nil {
			return err
		}
		created, updated := n.Created.UTC().Format(timeFormat), n.Updated.UTC().Format(timeFormat)
		if n.Created.IsZero() {
			created = tx.now
		}
		if n.Updated.Before(n.Created) {
			updated = created
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO notes (entry_id, claim_id, author_id, text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, entryID, claim, author, in.Text, created, updated).Scan(&id); err != nil {
			return fmt.Errorf("import note: %w", err)
		}
		if err := setMentions(ctx, tx, id, author, in.Text); err != nil {
			return err
		}
	}
	return nil
}
