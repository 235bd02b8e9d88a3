-- A version per timeline, and one for the lists of actor and tag names.
--
-- timelines.version changes in the same transaction as anything the
-- timeline's page shows: the timeline itself, its entries (with their
-- actors and tags), their citations, claims and assessments, the sources
-- those cite, and the names of actors, tags and users. (Its "last edited
-- by" line reads history, which is written along with those changes.)
-- The server caches a rendered page under the
-- version it was rendered at and answers If-None-Match with 304, so a
-- version that did not change when the page did would serve stale pages.
-- Triggers keep it, so every write path is covered without its code
-- having to remember.
--
-- The page also suggests every actor and tag name in its filter form; those
-- lists are global, so they get their own version in name_lists.
--
-- timelines.entry_count is kept by the same triggers, so that showing a
-- timeline does not count its entries (a cost that grew with the timeline),
-- and so is entries.source_count, the number of sources an entry's
-- citations and assessments use, so that a page of entries does not gather
-- them entry by entry (a third of the page's database time).
ALTER TABLE timelines ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE timelines ADD COLUMN entry_count INTEGER NOT NULL DEFAULT 0;
UPDATE timelines SET entry_count = (SELECT count(*) FROM entries WHERE entries.timeline_id = timelines.id);
ALTER TABLE entries ADD COLUMN source_count INTEGER NOT NULL DEFAULT 0;
UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
    UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
WHERE id IN (SELECT entry_id FROM citations UNION SELECT c.entry_id FROM claims c JOIN assessments a ON a.claim_id = c.id);

CREATE TABLE name_lists (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO name_lists (id, version) VALUES (1, 1);

-- Any change to a timeline's own row that did not already move its version
-- (the triggers below move it together with entry_count).
CREATE TRIGGER timelines_version AFTER UPDATE ON timelines
WHEN NEW.version = OLD.version
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER entries_version_insert AFTER INSERT ON entries
BEGIN
    UPDATE timelines SET version = version + 1, entry_count = entry_count + 1 WHERE id = NEW.timeline_id;
END;

CREATE TRIGGER entries_version_update AFTER UPDATE ON entries
BEGIN
    UPDATE timelines SET version = version + 1,
        entry_count = entry_count + (id = NEW.timeline_id) - (id = OLD.timeline_id)
    WHERE id IN (NEW.timeline_id, OLD.timeline_id);
END;

CREATE TRIGGER entries_version_delete AFTER DELETE ON entries
BEGIN
    UPDATE timelines SET version = version + 1, entry_count = entry_count - 1 WHERE id = OLD.timeline_id;
END;

-- No triggers on entry_actors and entry_tags: their one writer rewrites the
-- copies of the names on the entry's row in the same transaction (0003),
-- and that update moves the version. A trigger per link made importing
-- 10,000 entries a quarter slower.

CREATE TRIGGER citations_version_insert AFTER INSERT ON citations
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id = (SELECT timeline_id FROM entries WHERE id = NEW.entry_id);
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (NEW.entry_id);
END;
CREATE TRIGGER citations_version_update AFTER UPDATE ON citations
BEGIN
    UPDATE timelines SET version = version + 1
    WHERE id IN (SELECT timeline_id FROM entries WHERE id IN (NEW.entry_id, OLD.entry_id));
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (NEW.entry_id, OLD.entry_id);
END;
CREATE TRIGGER citations_version_delete AFTER DELETE ON citations
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id = (SELECT timeline_id FROM entries WHERE id = OLD.entry_id);
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (OLD.entry_id);
END;

CREATE TRIGGER claims_version_insert AFTER INSERT ON claims
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id = (SELECT timeline_id FROM entries WHERE id = NEW.entry_id);
END;
CREATE TRIGGER claims_version_update AFTER UPDATE ON claims
BEGIN
    UPDATE timelines SET version = version + 1
    WHERE id IN (SELECT timeline_id FROM entries WHERE id IN (NEW.entry_id, OLD.entry_id));
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (NEW.entry_id, OLD.entry_id);
END;
CREATE TRIGGER claims_version_delete AFTER DELETE ON claims
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id = (SELECT timeline_id FROM entries WHERE id = OLD.entry_id);
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (OLD.entry_id);
END;

CREATE TRIGGER assessments_version_insert AFTER INSERT ON assessments
BEGIN
    UPDATE timelines SET version = version + 1
    WHERE id = (SELECT e.timeline_id FROM claims c JOIN entries e ON e.id = c.entry_id WHERE c.id = NEW.claim_id);
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (SELECT entry_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER assessments_version_update AFTER UPDATE ON assessments
BEGIN
    UPDATE timelines SET version = version + 1
    WHERE id IN (SELECT e.timeline_id FROM claims c JOIN entries e ON e.id = c.entry_id WHERE c.id IN (NEW.claim_id, OLD.claim_id));
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (SELECT entry_id FROM claims WHERE id IN (NEW.claim_id, OLD.claim_id));
END;
CREATE TRIGGER assessments_version_delete AFTER DELETE ON assessments
BEGIN
    UPDATE timelines SET version = version + 1
    WHERE id = (SELECT e.timeline_id FROM claims c JOIN entries e ON e.id = c.entry_id WHERE c.id = OLD.claim_id);
    UPDATE entries SET source_count = (SELECT count(*) FROM (SELECT source_id FROM citations WHERE entry_id = entries.id
        UNION SELECT a.source_id FROM assessments a JOIN claims c ON c.id = a.claim_id WHERE c.entry_id = entries.id))
    WHERE id IN (SELECT entry_id FROM claims WHERE id = OLD.claim_id);
END;

-- A source's change reaches every timeline whose entries cite it or whose
-- claims it assesses. Sources change rarely; the joins are indexed.
CREATE TRIGGER sources_version_update AFTER UPDATE ON sources
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id IN (
        SELECT e.timeline_id FROM citations ci JOIN entries e ON e.id = ci.entry_id WHERE ci.source_id = NEW.id
        UNION SELECT e.timeline_id FROM assessments a JOIN claims c ON c.id = a.claim_id
            JOIN entries e ON e.id = c.entry_id WHERE a.source_id = NEW.id);
END;
CREATE TRIGGER sources_version_delete AFTER DELETE ON sources
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id IN (
        SELECT e.timeline_id FROM citations ci JOIN entries e ON e.id = ci.entry_id WHERE ci.source_id = OLD.id
        UNION SELECT e.timeline_id FROM assessments a JOIN claims c ON c.id = a.claim_id
            JOIN entries e ON e.id = c.entry_id WHERE a.source_id = OLD.id);
END;

-- Names: every page lists them all; a renamed one also shows on entries
-- and as a claim's claimant.
CREATE TRIGGER actors_version_insert AFTER INSERT ON actors
BEGIN
    UPDATE name_lists SET version = version + 1;
END;
CREATE TRIGGER actors_version_update AFTER UPDATE ON actors
BEGIN
    UPDATE name_lists SET version = version + 1;
    UPDATE timelines SET version = version + 1 WHERE id IN (
        SELECT e.timeline_id FROM entry_actors ea JOIN entries e ON e.id = ea.entry_id WHERE ea.actor_id IN (NEW.id, OLD.id)
        UNION SELECT e.timeline_id FROM claims c JOIN entries e ON e.id = c.entry_id WHERE c.claimant_id IN (NEW.id, OLD.id));
END;
CREATE TRIGGER actors_version_delete AFTER DELETE ON actors
BEGIN
    UPDATE name_lists SET version = version + 1;
END;
CREATE TRIGGER tags_version_insert AFTER INSERT ON tags
BEGIN
    UPDATE name_lists SET version = version + 1;
END;
CREATE TRIGGER tags_version_update AFTER UPDATE ON tags
BEGIN
    UPDATE name_lists SET version = version + 1;
    UPDATE timelines SET version = version + 1 WHERE id IN (
        SELECT e.timeline_id FROM entry_tags et JOIN entries e ON e.id = et.entry_id WHERE et.tag_id IN (NEW.id, OLD.id));
END;
CREATE TRIGGER tags_version_delete AFTER DELETE ON tags
BEGIN
    UPDATE name_lists SET version = version + 1;
END;

-- Pages name users ("last edited by"); a renamed user moves every version.
CREATE TRIGGER users_version_rename AFTER UPDATE OF username ON users
WHEN NEW.username IS NOT OLD.username
BEGIN
    UPDATE timelines SET version = version + 1;
END;
