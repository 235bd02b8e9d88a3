-- Every start looks for sources whose shingles are not indexed yet
-- (store.indexUnindexed): without an index that read every source's row,
-- texts included, at each start. The partial index holds only those rows,
-- so once all are indexed the look-up costs nothing.
CREATE INDEX sources_unindexed ON sources (id) WHERE shingles < 0;
