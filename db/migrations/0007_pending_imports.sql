-- A file uploaded for import waits here between its preview and the
-- import, instead of travelling back to the browser in a hidden field. The
-- browser holds only a random token; its SHA-256 is the key, and a pending
-- import belongs to the user who uploaded it. Rows expire (expires_at, Unix
-- seconds) and are removed whenever another file is uploaded; an import
-- removes its own row.
CREATE TABLE pending_imports (
    token_hash  BLOB PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    data        BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX pending_imports_expiry ON pending_imports (expires_at);
