-- The evidence workbench: a source remembers the name of the file it was
-- uploaded as (shown in the library and searchable), and whether its title
-- was only suggested from the first sentence rather than given by the
-- document or a user.
ALTER TABLE sources ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN title_suggested INTEGER NOT NULL DEFAULT 0 CHECK (title_suggested IN (0, 1));
