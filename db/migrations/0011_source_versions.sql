-- Source versions: a source's text can change after it was captured (an
-- article edited after publication). Every text a source has had is kept
-- as a numbered version; sources.text, sha256, original and retrieved_at
-- stay a copy of the current one (sources.version), so that everything
-- reading them (search, quotes, exports) goes on working unchanged.

-- kind says what a version after the first added: 'silent' (the text
-- changed without a correction or update note), 'correction' (it added
-- such a note, kept in note), '' for the first version.
CREATE TABLE source_versions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    text          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    original      BLOB,
    original_type TEXT NOT NULL DEFAULT '',
    retrieved_at  TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', 'silent', 'correction')),
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    UNIQUE (source_id, number)
) STRICT;

-- Today's texts become version 1, byte for byte.
INSERT INTO source_versions (source_id, number, text, sha256, original, original_type, retrieved_at, created_at, created_by)
    SELECT id, 1, text, sha256, original, original_type, retrieved_at, created_at, created_by FROM sources;

ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Each quote records the version it quoted (its quote_start and quote_end
-- stay offsets into that version) and how it fares in the current one:
-- state '' still there at cur_start..cur_end, 'changed' (closest holds the
-- nearest passage) or 'removed'; changed_in is the first version where it
-- was no longer there as quoted (0 while it is).
ALTER TABLE citations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE citations ADD COLUMN cur_start INTEGER NOT NULL DEFAULT -1;
ALTER TABLE citations ADD COLUMN cur_end INTEGER NOT NULL DEFAULT -1;
ALTER TABLE citations ADD COLUMN state TEXT NOT NULL DEFAULT '' CHECK (state IN ('', 'changed', 'removed'));
ALTER TABLE citations ADD COLUMN changed_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE citations ADD COLUMN closest TEXT NOT NULL DEFAULT '';
UPDATE citations SET cur_start = quote_start, cur_end = quote_end;

ALTER TABLE assessments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assessments ADD COLUMN cur_start INTEGER NOT NULL DEFAULT -1;
ALTER TABLE assessments ADD COLUMN cur_end INTEGER NOT NULL DEFAULT -1;
ALTER TABLE assessments ADD COLUMN state TEXT NOT NULL DEFAULT '' CHECK (state IN ('', 'changed', 'removed'));
ALTER TABLE assessments ADD COLUMN changed_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessments ADD COLUMN closest TEXT NOT NULL DEFAULT '';
UPDATE assessments SET cur_start = quote_start, cur_end = quote_end;

-- The copy check: each source's current text as distinct 8-word shingle
-- hashes of its words outside quotation marks, looked up by hash.
CREATE TABLE source_shingles (
    hash      INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    PRIMARY KEY (hash, source_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX source_shingles_source ON source_shingles (source_id);
-- shingles counts them; -1 until the text is indexed (at start-up for
-- sources from before this migration).
ALTER TABLE sources ADD COLUMN shingles INTEGER NOT NULL DEFAULT -1;

-- Pairs of sources where share (0 to 1) of source_id's shingles are also
-- in other_id's text; kept when at least one half.
CREATE TABLE source_copies (
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    other_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    share     REAL NOT NULL,
    PRIMARY KEY (source_id, other_id)
) STRICT;
CREATE INDEX source_copies_other ON source_copies (other_id);

-- The copy group a source belongs to: the lowest id among the sources it is
-- linked to through source_copies; 0 when it is independent.
ALTER TABLE sources ADD COLUMN copy_group INTEGER NOT NULL DEFAULT 0;
