-- Full-text search over entries, claims, sources (whole and by passage) and
-- actors, with SQLite FTS5.
--
-- Tokenizer: porter stemming over unicode61 with diacritics removed,
-- chosen by measuring recall on the passages of the seed articles
-- (internal/search TestTokenizerRecall): for 24 words typed in one form, it
-- finds 96.6% of the passages holding any form of them, at 98.7% precision;
-- unicode61 alone finds 38.6%, trigram 77.5% at 92.9% precision. Case and
-- accents do not matter ("zurich" finds "Zürich"), and Cyrillic, Greek and
-- other scripts are tokens like any other (not stemmed).

-- The index is kept in sync by the triggers below, in the transaction of
-- whatever write changes indexed text: every write path (forms, imports,
-- the demo, and paths written later) is covered without the Go code
-- knowing. store.Reindex rebuilds it all from the base tables.

-- Entries by id: title, description, and the names of their actors and tags
-- (from entry_actors and entry_tags, which store.setNames writes before it
-- updates the name lists on the entry, so the list update re-indexes them).
CREATE VIRTUAL TABLE search_entries USING fts5(title, description, actors, tags,
    tokenize = 'porter unicode61 remove_diacritics 2');

-- Claims by id: the text and the claimant's name.
CREATE VIRTUAL TABLE search_claims USING fts5(text, claimant,
    tokenize = 'porter unicode61 remove_diacritics 2');

-- Actors by id.
CREATE VIRTUAL TABLE search_actors USING fts5(name,
    tokenize = 'porter unicode61 remove_diacritics 2');

-- Sources by id, whole: finds a source whose words are spread over several
-- passages and its metadata. Contentless, so the text is not stored twice:
-- what is shown comes from sources and search_passages.
CREATE VIRTUAL TABLE search_sources USING fts5(title, outlet, author, text,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2');

-- Passages of sources. search_passage_spans gives each passage its byte
-- range [start_at, end_at) in sources.text (the unit of quote offsets) and
-- an id = source id × 4194304 + passage number, so that a source's
-- passages are one id range. claimline_passages(text), registered by the
-- store, gives the ranges as a JSON array of [start, end]
-- (internal/search.Passages: the text's lines, long lines cut after
-- sentences). The index reads the passages' text through the view
-- search_passage_text (external content): the text is not stored twice.
CREATE TABLE search_passage_spans (
    id       INTEGER PRIMARY KEY,
    start_at INTEGER NOT NULL,
    end_at   INTEGER NOT NULL
) STRICT;
CREATE VIEW search_passage_text AS
    SELECT p.id, CAST(substr(CAST(s.text AS BLOB), p.start_at + 1, p.end_at - p.start_at) AS TEXT) AS body, p.start_at, p.end_at
    FROM search_passage_spans p JOIN sources s ON s.id = p.id / 4194304;
CREATE VIRTUAL TABLE search_passages USING fts5(body, start_at UNINDEXED, end_at UNINDEXED,
    content = 'search_passage_text', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2');

CREATE TRIGGER search_entries_insert AFTER INSERT ON entries BEGIN
    INSERT INTO search_entries (rowid, title, description, actors, tags) VALUES (NEW.id, NEW.title, NEW.description,
        coalesce((SELECT group_concat(a.name, '; ') FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.entry_id = NEW.id), ''),
        coalesce((SELECT group_concat(g.name, '; ') FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE et.entry_id = NEW.id), ''));
END;
CREATE TRIGGER search_entries_update AFTER UPDATE OF title, description, actor_list, tag_list ON entries BEGIN
    DELETE FROM search_entries WHERE rowid = OLD.id;
    INSERT INTO search_entries (rowid, title, description, actors, tags) VALUES (NEW.id, NEW.title, NEW.description,
        coalesce((SELECT group_concat(a.name, '; ') FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.entry_id = NEW.id), ''),
        coalesce((SELECT group_concat(g.name, '; ') FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE et.entry_id = NEW.id), ''));
END;
CREATE TRIGGER search_entries_delete AFTER DELETE ON entries BEGIN
    DELETE FROM search_entries WHERE rowid = OLD.id;
END;

CREATE TRIGGER search_claims_insert AFTER INSERT ON claims BEGIN
    INSERT INTO search_claims (rowid, text, claimant) VALUES (NEW.id, NEW.text,
        coalesce((SELECT name FROM actors WHERE id = NEW.claimant_id), ''));
END;
CREATE TRIGGER search_claims_update AFTER UPDATE OF text, claimant_id ON claims BEGIN
    DELETE FROM search_claims WHERE rowid = OLD.id;
    INSERT INTO search_claims (rowid, text, claimant) VALUES (NEW.id, NEW.text,
        coalesce((SELECT name FROM actors WHERE id = NEW.claimant_id), ''));
END;
CREATE TRIGGER search_claims_delete AFTER DELETE ON claims BEGIN
    DELETE FROM search_claims WHERE rowid = OLD.id;
END;

CREATE TRIGGER search_actors_insert AFTER INSERT ON actors BEGIN
    INSERT INTO search_actors (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER search_actors_update AFTER UPDATE OF name ON actors BEGIN
    DELETE FROM search_actors WHERE rowid = OLD.id;
    INSERT INTO search_actors (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER search_actors_delete AFTER DELETE ON actors BEGIN
    DELETE FROM search_actors WHERE rowid = OLD.id;
END;

-- An external-content index forgets a row only when told the values it
-- indexed: the passages leave it before their text changes or goes.
CREATE TRIGGER search_sources_insert AFTER INSERT ON sources BEGIN
    INSERT INTO search_sources (rowid, title, outlet, author, text) VALUES (NEW.id, NEW.title, NEW.outlet, NEW.author, NEW.text);
    INSERT INTO search_passage_spans (id, start_at, end_at)
        SELECT NEW.id * 4194304 + p.key, p.value ->> 0, p.value ->> 1 FROM json_each(claimline_passages(NEW.text)) p;
    INSERT INTO search_passages (rowid, body, start_at, end_at)
        SELECT id, body, start_at, end_at FROM search_passage_text WHERE id BETWEEN NEW.id * 4194304 AND NEW.id * 4194304 + 4194303;
END;
CREATE TRIGGER search_sources_update AFTER UPDATE OF title, outlet, author, text ON sources BEGIN
    DELETE FROM search_sources WHERE rowid = OLD.id;
    INSERT INTO search_sources (rowid, title, outlet, author, text) VALUES (NEW.id, NEW.title, NEW.outlet, NEW.author, NEW.text);
END;
CREATE TRIGGER search_sources_text_before BEFORE UPDATE OF text ON sources WHEN NEW.text IS NOT OLD.text BEGIN
    INSERT INTO search_passages (search_passages, rowid, body, start_at, end_at)
        SELECT 'delete', id, body, start_at, end_at FROM search_passage_text WHERE id BETWEEN OLD.id * 4194304 AND OLD.id * 4194304 + 4194303;
    DELETE FROM search_passage_spans WHERE id BETWEEN OLD.id * 4194304 AND OLD.id * 4194304 + 4194303;
END;
CREATE TRIGGER search_sources_text_after AFTER UPDATE OF text ON sources WHEN NEW.text IS NOT OLD.text BEGIN
    INSERT INTO search_passage_spans (id, start_at, end_at)
        SELECT NEW.id * 4194304 + p.key, p.value ->> 0, p.value ->> 1 FROM json_each(claimline_passages(NEW.text)) p;
    INSERT INTO search_passages (rowid, body, start_at, end_at)
        SELECT id, body, start_at, end_at FROM search_passage_text WHERE id BETWEEN NEW.id * 4194304 AND NEW.id * 4194304 + 4194303;
END;
CREATE TRIGGER search_sources_delete BEFORE DELETE ON sources BEGIN
    DELETE FROM search_sources WHERE rowid = OLD.id;
    INSERT INTO search_passages (search_passages, rowid, body, start_at, end_at)
        SELECT 'delete', id, body, start_at, end_at FROM search_passage_text WHERE id BETWEEN OLD.id * 4194304 AND OLD.id * 4194304 + 4194303;
    DELETE FROM search_passage_spans WHERE id BETWEEN OLD.id * 4194304 AND OLD.id * 4194304 + 4194303;
END;

-- Index what is already there.
INSERT INTO search_entries (rowid, title, description, actors, tags)
    SELECT e.id, e.title, e.description,
        coalesce((SELECT group_concat(a.name, '; ') FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.entry_id = e.id), ''),
        coalesce((SELECT group_concat(g.name, '; ') FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE et.entry_id = e.id), '')
    FROM entries e;
INSERT INTO search_claims (rowid, text, claimant)
    SELECT c.id, c.text, coalesce(a.name, '') FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id;
INSERT INTO search_actors (rowid, name) SELECT id, name FROM actors;
INSERT INTO search_sources (rowid, title, outlet, author, text) SELECT id, title, outlet, author, text FROM sources;
INSERT INTO search_passage_spans (id, start_at, end_at)
    SELECT s.id * 4194304 + p.key, p.value ->> 0, p.value ->> 1 FROM sources s, json_each(claimline_passages(s.text)) p;
INSERT INTO search_passages (search_passages) VALUES ('rebuild');
