-- Functions SQLite has built in that claimline's queries use, defined with
-- SQLite's meaning so that those queries run unchanged on PostgreSQL. First
-- of PostgreSQL's migrations: the tables' triggers and the store's queries
-- may use them.

-- iif(condition, then, else). A condition may be an integer 0/1 flag, as
-- SQLite's flags are.
CREATE FUNCTION iif(cond boolean, a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN cond THEN a ELSE b END $$;
CREATE FUNCTION iif(cond bigint, a anycompatible, b anycompatible) RETURNS anycompatible
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN cond <> 0 THEN a ELSE b END $$;

-- group_concat(value, separator) and group_concat(value): the values that
-- are not NULL joined by the separator (a comma by default), NULL when there
-- are none; ORDER BY inside the call orders them, as in SQLite.
CREATE FUNCTION group_concat_step(acc text, value text, sep text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || sep || value END $$;
CREATE FUNCTION group_concat_step(acc text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || ',' || value END $$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = group_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(text) (SFUNC = group_concat_step, STYPE = text);

-- json_ids(list): the integers of a JSON array passed as one parameter
-- ("[3,5,8]"), none for JSON null or an empty array, as SQLite's
-- json_each gives for them. The store passes lists of ids this way.
CREATE FUNCTION json_ids(list text) RETURNS SETOF bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CAST(value AS bigint) FROM json_array_elements_text(
        CASE WHEN json_typeof(CAST(list AS json)) = 'array' THEN CAST(list AS json) ELSE CAST('[]' AS json) END) $$;
