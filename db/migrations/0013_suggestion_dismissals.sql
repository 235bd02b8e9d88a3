-- "Not relevant" on a suggested passage (the claim page's "Other sources on
-- this claim"): the passage is no longer suggested for that claim. Keyed by
-- the claim and the passage's byte range in its source's text, the unit of
-- quote offsets and of search_passage_spans. A passage whose source text is
-- later edited may get another range and be suggested again, which is what
-- a changed text deserves. Rows go with their claim or their source.
CREATE TABLE suggestion_dismissals (
    claim_id     INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    start_at     INTEGER NOT NULL,
    end_at       INTEGER NOT NULL,
    dismissed_at TEXT NOT NULL,
    dismissed_by TEXT NOT NULL,
    PRIMARY KEY (claim_id, source_id, start_at, end_at)
) STRICT;
