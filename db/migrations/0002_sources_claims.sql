-- The source library, citations, claims and assessments.

-- text is stored as captured and never changes; sha256 is its hex digest and
-- finds a second upload of the same text. original keeps a fetched or
-- uploaded HTML page as it came (never rendered).
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    outlet        TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    published     TEXT NOT NULL DEFAULT '', -- ISO at its precision, like entries.date
    retrieved_at  TEXT NOT NULL,
    text          TEXT NOT NULL,
    sha256        TEXT NOT NULL UNIQUE,
    original      BLOB,
    original_type TEXT NOT NULL DEFAULT '',
    grade         TEXT NOT NULL DEFAULT '' CHECK (grade IN ('', 'A', 'B', 'C', 'D', 'E', 'F')),
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX sources_url ON sources (url) WHERE url != '';

-- quote_start and quote_end are byte offsets into sources.text, -1 without a quote.
CREATE TABLE citations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    source_id   INTEGER NOT NULL REFERENCES sources (id),
    quote       TEXT NOT NULL DEFAULT '',
    quote_start INTEGER NOT NULL DEFAULT -1,
    quote_end   INTEGER NOT NULL DEFAULT -1,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;
CREATE INDEX citations_entry ON citations (entry_id);
CREATE INDEX citations_source ON citations (source_id);

CREATE TABLE claims (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    claimant_id INTEGER REFERENCES actors (id),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;
CREATE INDEX claims_entry ON claims (entry_id);

-- One stance per source and claim.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id    INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    source_id   INTEGER NOT NULL REFERENCES sources (id),
    stance      TEXT NOT NULL CHECK (stance IN ('supports', 'disputes', 'mentions')),
    quote       TEXT NOT NULL DEFAULT '',
    quote_start INTEGER NOT NULL DEFAULT -1,
    quote_end   INTEGER NOT NULL DEFAULT -1,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    UNIQUE (claim_id, source_id)
) STRICT;
CREATE INDEX assessments_source ON assessments (source_id);
