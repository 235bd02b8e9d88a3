-- Full-text search on PostgreSQL: the same finds and the same ranking as
-- SQLite's FTS5 index (db/migrations 0005, 0016, 0023).
--
-- The documents are tsvectors with a GIN index each, but their lexemes are
-- not PostgreSQL's: the store writes them from the words and keys of
-- internal/search (search.TSVector), which are FTS5's "porter unicode61
-- remove_diacritics 2" tokens: stop words kept, case and accents folded
-- in Go, English words stemmed with FTS5's Porter. PostgreSQL's parser and
-- Snowball stemmer cut and stem otherwise, so neither to_tsvector nor a
-- text search configuration is used, and no extension is needed. Queries
-- are tsquery text of the same keys (search.Expr.TSQuery), so a query
-- means the same on both engines.
--
-- Ranking is FTS5's bm25(), computed by the store (search.Ranker) from
-- what these tables keep: each index's rows and words (search_stats), the
-- rows holding each lexeme (search_terms), and each row's words per column
-- (sizes) and the places of its lexemes (doc).
--
-- The index follows the base tables as on SQLite since 0023: triggers
-- only note what changed, in search_stale, and the store's write
-- transaction brings those rows up to date before it commits
-- (store.flushSearch), words and passages cut in Go. A write made without
-- the store is indexed by the next write, or at the next start.

-- What changed since the index was last brought up to date: a row of the
-- kind with that id was inserted, updated or deleted.
CREATE TABLE search_stale (
    kind text COLLATE "C" NOT NULL CHECK (kind IN ('entries', 'claims', 'actors', 'notes', 'sources')),
    id   bigint NOT NULL,
    PRIMARY KEY (kind, id)
);

-- One row per indexed row, id being the base row's. sizes holds the words
-- of each column, in the order of the SQLite index's columns; doc places
-- the columns one after the other, one empty place between two.
--
-- Entries: title, description, and the names of their actors and of their
-- tags as the index holds them ('; ' between two, in id order, as SQLite's
-- group_concat gives them).
CREATE TABLE search_entries (
    id     bigint PRIMARY KEY,
    sizes  integer[] NOT NULL,
    doc    tsvector NOT NULL,
    actors text NOT NULL,
    tags   text NOT NULL
);
CREATE INDEX search_entries_doc ON search_entries USING gin (doc);

-- Claims: the text, and the claimant's name as indexed.
CREATE TABLE search_claims (
    id       bigint PRIMARY KEY,
    sizes    integer[] NOT NULL,
    doc      tsvector NOT NULL,
    claimant text NOT NULL
);
CREATE INDEX search_claims_doc ON search_claims USING gin (doc);

-- Actors: the name.
CREATE TABLE search_actors (
    id    bigint PRIMARY KEY,
    sizes integer[] NOT NULL,
    doc   tsvector NOT NULL
);
CREATE INDEX search_actors_doc ON search_actors USING gin (doc);

-- Notes: the text.
CREATE TABLE search_notes (
    id    bigint PRIMARY KEY,
    sizes integer[] NOT NULL,
    doc   tsvector NOT NULL
);
CREATE INDEX search_notes_doc ON search_notes USING gin (doc);

-- Sources, whole: title, outlet, author and text.
CREATE TABLE search_sources (
    id    bigint PRIMARY KEY,
    sizes integer[] NOT NULL,
    doc   tsvector NOT NULL
);
CREATE INDEX search_sources_doc ON search_sources USING gin (doc);

-- Passages of sources (search.Passages): id = source id × 4194304 +
-- passage number, as on SQLite, and the passage's byte range
-- [start_at, end_at) of sources.text.
CREATE TABLE search_passages (
    id       bigint PRIMARY KEY,
    start_at bigint NOT NULL,
    end_at   bigint NOT NULL,
    sizes    integer[] NOT NULL,
    doc      tsvector NOT NULL
);
CREATE INDEX search_passages_doc ON search_passages USING gin (doc);
-- The passages' ranges under SQLite's name, for the queries both engines
-- share.
CREATE VIEW search_passage_spans AS SELECT id, start_at, end_at FROM search_passages;

-- bm25's figures of each index: its rows and the words they hold.
CREATE TABLE search_stats (
    kind  text COLLATE "C" PRIMARY KEY,
    docs  bigint NOT NULL,
    words bigint NOT NULL
);
INSERT INTO search_stats (kind, docs, words) VALUES
    ('entries', 0, 0), ('claims', 0, 0), ('actors', 0, 0), ('notes', 0, 0), ('sources', 0, 0), ('passages', 0, 0);

-- How many rows (docs) of each index hold each lexeme: bm25's document
-- frequency of a word, and the words a prefix stands for. A lexeme no row
-- holds has no row here.
CREATE TABLE search_terms (
    kind   text COLLATE "C" NOT NULL,
    lexeme text COLLATE "C" NOT NULL,
    docs   bigint NOT NULL,
    PRIMARY KEY (kind, lexeme)
);

-- search_mark_stale(kind) notes the row a trigger fired for.
CREATE FUNCTION search_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_stale (kind, id) VALUES (TG_ARGV[0], OLD.id) ON CONFLICT DO NOTHING;
        RETURN OLD;
    END IF;
    INSERT INTO search_stale (kind, id) VALUES (TG_ARGV[0], NEW.id) ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$;

-- The same events as SQLite's triggers (0005, 0016, 0023). Deletes that
-- cascade (a timeline's entries, their claims and notes) fire them too.
CREATE TRIGGER search_entries_insert AFTER INSERT ON entries FOR EACH ROW EXECUTE FUNCTION search_mark_stale('entries');
CREATE TRIGGER search_entries_update AFTER UPDATE OF title, description, actor_list, tag_list ON entries
    FOR EACH ROW EXECUTE FUNCTION search_mark_stale('entries');
CREATE TRIGGER search_entries_delete AFTER DELETE ON entries FOR EACH ROW EXECUTE FUNCTION search_mark_stale('entries');

CREATE TRIGGER search_claims_insert AFTER INSERT ON claims FOR EACH ROW EXECUTE FUNCTION search_mark_stale('claims');
CREATE TRIGGER search_claims_update AFTER UPDATE OF text, claimant_id ON claims FOR EACH ROW EXECUTE FUNCTION search_mark_stale('claims');
CREATE TRIGGER search_claims_delete AFTER DELETE ON claims FOR EACH ROW EXECUTE FUNCTION search_mark_stale('claims');

CREATE TRIGGER search_actors_insert AFTER INSERT ON actors FOR EACH ROW EXECUTE FUNCTION search_mark_stale('actors');
CREATE TRIGGER search_actors_update AFTER UPDATE OF name ON actors FOR EACH ROW EXECUTE FUNCTION search_mark_stale('actors');
CREATE TRIGGER search_actors_delete AFTER DELETE ON actors FOR EACH ROW EXECUTE FUNCTION search_mark_stale('actors');

CREATE TRIGGER search_notes_insert AFTER INSERT ON notes FOR EACH ROW EXECUTE FUNCTION search_mark_stale('notes');
CREATE TRIGGER search_notes_update AFTER UPDATE OF text ON notes FOR EACH ROW EXECUTE FUNCTION search_mark_stale('notes');
CREATE TRIGGER search_notes_delete AFTER DELETE ON notes FOR EACH ROW EXECUTE FUNCTION search_mark_stale('notes');

CREATE TRIGGER search_sources_insert AFTER INSERT ON sources FOR EACH ROW EXECUTE FUNCTION search_mark_stale('sources');
CREATE TRIGGER search_sources_update AFTER UPDATE OF title, outlet, author, text ON sources
    FOR EACH ROW EXECUTE FUNCTION search_mark_stale('sources');
CREATE TRIGGER search_sources_delete AFTER DELETE ON sources FOR EACH ROW EXECUTE FUNCTION search_mark_stale('sources');

-- Index what is already there, at the first write or start.
INSERT INTO search_stale (kind, id)
    SELECT 'entries', id FROM entries
    UNION ALL SELECT 'claims', id FROM claims
    UNION ALL SELECT 'actors', id FROM actors
    UNION ALL SELECT 'notes', id FROM notes
    UNION ALL SELECT 'sources', id FROM sources;
