-- Entries reach the search index once per transaction instead of at every
-- write inside it. The triggers of 0005 indexed an entry at its INSERT and
-- again at the update of its actor and tag lists, and FTS5 writes what it
-- holds to a new segment at every savepoint: in a group commit, where each
-- caller's write runs in a savepoint of one transaction, every new entry
-- cost a small segment and its later merge.
--
-- Now the triggers only note which entries changed, in
-- search_entries_stale, and emptying that table brings their index rows up
-- to date (search_entries_flush): the store empties it at the end of every
-- write transaction, after its last savepoint and before its commit
-- (store.runBatch), so that FTS5 writes one segment per commit and every
-- write path is still covered without its code knowing. An entry noted
-- twice is indexed once; one created and deleted in the same transaction
-- is never indexed.

CREATE TABLE search_entries_stale (
    id INTEGER PRIMARY KEY
) STRICT;

DROP TRIGGER search_entries_insert;
DROP TRIGGER search_entries_update;
DROP TRIGGER search_entries_delete;

CREATE TRIGGER search_entries_insert AFTER INSERT ON entries BEGIN
    INSERT OR IGNORE INTO search_entries_stale (id) VALUES (NEW.id);
END;
CREATE TRIGGER search_entries_update AFTER UPDATE OF title, description, actor_list, tag_list ON entries BEGIN
    INSERT OR IGNORE INTO search_entries_stale (id) VALUES (NEW.id);
END;
CREATE TRIGGER search_entries_delete AFTER DELETE ON entries BEGIN
    INSERT OR IGNORE INTO search_entries_stale (id) VALUES (OLD.id);
END;

-- The index row of an entry leaves and, while the entry exists, comes back
-- with its text as it is now, as 0005's triggers wrote it.
CREATE TRIGGER search_entries_flush BEFORE DELETE ON search_entries_stale BEGIN
    DELETE FROM search_entries WHERE rowid = OLD.id;
    INSERT INTO search_entries (rowid, title, description, actors, tags)
        SELECT e.id, e.title, e.description,
            coalesce((SELECT group_concat(a.name, '; ') FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.entry_id = e.id), ''),
            coalesce((SELECT group_concat(g.name, '; ') FROM entry_tags et JOIN tags g ON g.id = et.tag_id WHERE et.entry_id = e.id), '')
        FROM entries e WHERE e.id = OLD.id;
END;
