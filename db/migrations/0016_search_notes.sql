-- Discussion notes (0008) become searchable like the other kinds (0005):
-- an index of their text, kept in sync by triggers in the transaction of
-- every write, with the same tokenizer. store.Reindex rebuilds it and
-- store.CheckSearch checks it with the others.

-- Notes by id: the text. Who wrote it and where it is come from notes.
CREATE VIRTUAL TABLE search_notes USING fts5(text,
    tokenize = 'porter unicode61 remove_diacritics 2');

CREATE TRIGGER search_notes_insert AFTER INSERT ON notes BEGIN
    INSERT INTO search_notes (rowid, text) VALUES (NEW.id, NEW.text);
END;
CREATE TRIGGER search_notes_update AFTER UPDATE OF text ON notes BEGIN
    DELETE FROM search_notes WHERE rowid = OLD.id;
    INSERT INTO search_notes (rowid, text) VALUES (NEW.id, NEW.text);
END;
-- Also fires for the notes that go with their entry or claim (ON DELETE
-- CASCADE runs delete triggers).
CREATE TRIGGER search_notes_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_notes WHERE rowid = OLD.id;
END;

-- Index what is already there.
INSERT INTO search_notes (rowid, text) SELECT id, text FROM notes;
