-- A CSRF token per session: a random value kept with the session, so that a
-- form token is valid only in the session it was issued to, and is new at
-- every sign-in. Sessions that exist already get one here, so nobody is
-- signed out by the upgrade.
ALTER TABLE sessions ADD COLUMN csrf_token TEXT NOT NULL DEFAULT '';
UPDATE sessions SET csrf_token = lower(hex(randomblob(32)));
