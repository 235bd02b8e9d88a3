-- Users, sessions, timelines, entries, actors, tags and the change history.
--
-- Tables whose rows can be named by id outside the row itself (in history
-- records, links, exported CSV) use AUTOINCREMENT, so that an id is never
-- given again after its row is deleted: a reused id would attach an old
-- history to a new entry, or let a re-imported spreadsheet row overwrite an
-- unrelated entry.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;

-- Server-side sessions. Only a SHA-256 of the cookie's token is stored, so a
-- copy of the database cannot be used to take over a session.
CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL, -- unix seconds
    last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE timelines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;

-- date and end_date are ISO 8601 at their precision ("2023-10",
-- "2024-09-12T14:30"): as byte strings they sort in timeline order.
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    timeline_id INTEGER NOT NULL REFERENCES timelines (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    end_date    TEXT NOT NULL DEFAULT '',
    approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
    kind        TEXT NOT NULL CHECK (kind IN ('statement', 'policy_move', 'action', 'report', 'other')),
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;
CREATE INDEX entries_timeline_date ON entries (timeline_id, date, id);

CREATE TABLE actors (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE entry_actors (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    actor_id INTEGER NOT NULL REFERENCES actors (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (entry_id, actor_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_actors_actor ON entry_actors (actor_id, entry_id);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE entry_tags (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL REFERENCES tags (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (entry_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_tags_tag ON entry_tags (tag_id, entry_id);

-- Every create, update and delete, with the object as JSON before and after.
-- No foreign keys: history outlives what it describes.
CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    username    TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   INTEGER NOT NULL,
    timeline_id INTEGER NOT NULL DEFAULT 0,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    label       TEXT NOT NULL DEFAULT '',
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX history_object ON history (object_type, object_id, id);
CREATE INDEX history_timeline ON history (timeline_id, id);
