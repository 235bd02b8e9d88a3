-- Personal API tokens. Only a SHA-256 of the secret is kept, so a copy of
-- the database cannot be used to call the API; suffix is the secret's last
-- characters, to tell tokens apart in lists. Every token expires. A
-- revoked token is deleted. Deleting a user deletes their tokens.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    secret_hash  BLOB NOT NULL UNIQUE,
    suffix       TEXT NOT NULL,
    scopes       TEXT NOT NULL, -- space-separated, e.g. 'timelines:read claims:write'
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A change made through the API is recorded with the name of the token it
-- came with; '' for the web pages and the command line.
ALTER TABLE history ADD COLUMN via TEXT NOT NULL DEFAULT '';
