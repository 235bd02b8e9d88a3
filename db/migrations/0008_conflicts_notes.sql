-- Edit conflicts, discussion notes and "who else is here".
--
-- Every editable row carries a revision, raised by one at every change. An
-- edit form carries the revision it was opened from, and the store saves
-- with "UPDATE … WHERE id = ? AND revision = ?" in the same transaction as
-- its read: a save over a newer revision changes nothing and is reported as
-- a conflict instead of silently overwriting someone else's work.
ALTER TABLE entries ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE claims ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sources ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE timelines ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- Discussion notes, plain text, on an entry or on one of its claims. A note
-- on a claim also names the claim's entry, so that deleting either deletes
-- the note. author_id has no cascade: users are disabled, never deleted.
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id   INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    claim_id   INTEGER REFERENCES claims (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    text       TEXT NOT NULL CHECK (length(text) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision   INTEGER NOT NULL DEFAULT 1
) STRICT;
-- (entry_id, claim_id) answers the timeline page's per-entry count of the
-- entry's own notes (claim_id IS NULL) from the index alone.
CREATE INDEX notes_entry ON notes (entry_id, claim_id);
CREATE INDEX notes_claim ON notes (claim_id, id) WHERE claim_id IS NOT NULL;

-- @mentions, parsed once when a note is saved. read_at is '' while the
-- mentioned user has not marked the mention read: unread state per user.
CREATE TABLE note_mentions (
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (note_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX note_mentions_user ON note_mentions (user_id, read_at);

-- Who opened which edit form when: recorded when the form is served, so
-- that another editor sees "Ana opened this 2 minutes ago". One row per
-- user and object, overwritten at each opening.
CREATE TABLE form_opens (
    object_type TEXT NOT NULL,
    object_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    opened_at   TEXT NOT NULL,
    PRIMARY KEY (object_type, object_id, user_id)
) STRICT, WITHOUT ROWID;
