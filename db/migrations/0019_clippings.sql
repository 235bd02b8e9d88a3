-- The clippings tray moves from one browser's storage to the server: a
-- user's passages, clipped in the reader or captured from a web page, kept
-- until they are saved as evidence or removed. The same passage of a source
-- is on a user's tray once. Deleting the user or the source empties it of
-- theirs.
CREATE TABLE clippings (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    quote      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, source_id, quote)
) STRICT;
CREATE INDEX clippings_source ON clippings (source_id);
