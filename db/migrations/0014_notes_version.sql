-- The timeline page shows how many notes each entry and claim has (0008),
-- so adding or deleting a note is a change of the page: it moves the
-- timeline's version (0004) in the same transaction, or the page cache and
-- ETags would keep showing the old counts.
CREATE TRIGGER notes_version_insert AFTER INSERT ON notes
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id = (SELECT timeline_id FROM entries WHERE id = NEW.entry_id);
END;

CREATE TRIGGER notes_version_delete AFTER DELETE ON notes
BEGIN
    UPDATE timelines SET version = version + 1 WHERE id = (SELECT timeline_id FROM entries WHERE id = OLD.entry_id);
END;
