-- Corrections of the date marks the reader puts on a source's text: a user
-- says what date the words stand for, or that they are not a date. A
-- correction belongs to one version of the text (its offsets are into that
-- version's text), and goes with it.
--
-- date is the ISO date at its precision, '' when the words are not a date;
-- words are the marked words as they were, to show in history.
CREATE TABLE date_corrections (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    mark_start  INTEGER NOT NULL CHECK (mark_start >= 0),
    mark_end    INTEGER NOT NULL CHECK (mark_end > mark_start),
    words       TEXT NOT NULL,
    date        TEXT NOT NULL,
    approximate INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (source_id, version, mark_start, mark_end),
    FOREIGN KEY (source_id, version) REFERENCES source_versions (source_id, number) ON DELETE CASCADE
) STRICT;
