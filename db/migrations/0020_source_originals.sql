-- The documents sources were extracted from (a fetched or captured page's
-- HTML, up to 10 MiB) move to a table of their own. In a row, SQLite
-- reaches a column that follows a large value only by reading that value's
-- overflow pages, so every read of a source's later columns (its shingle
-- count, its dates, its flags) read its whole original too: listing the
-- library, or checking a new source for copies, read every page ever
-- captured. The old columns stay, empty, as SQLite keeps them.
CREATE TABLE source_originals (
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL, -- the version whose text came from it
    original  BLOB NOT NULL,
    PRIMARY KEY (source_id, version)
) STRICT;
INSERT INTO source_originals (source_id, version, original)
    SELECT source_id, number, original FROM source_versions WHERE original IS NOT NULL;
INSERT OR IGNORE INTO source_originals (source_id, version, original)
    SELECT id, version, original FROM sources WHERE original IS NOT NULL;
UPDATE source_versions SET original = NULL WHERE original IS NOT NULL;
UPDATE sources SET original = NULL WHERE original IS NOT NULL;

-- The same holds for a source's text (up to 5 MiB), which its shingle
-- count follows: the copy check reads the counts of every source sharing
-- a shingle with a new one, and gets them from this index instead.
CREATE INDEX sources_shingle_count ON sources (id, shingles);
