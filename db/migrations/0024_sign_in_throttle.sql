-- The sign-in throttle's counts (auth.Logins), kept in the database so that
-- every node of one database counts the same failures: with the counts in
-- each process's memory, an address that switched nodes got each node's
-- free failures anew.
--
-- Keys are SHA-256 hashes of what they count (the account and the address
-- together, or the address alone), so the database keeps neither the names
-- people typed (sometimes a password typed into the wrong field) nor their
-- addresses in the clear. Times are Unix nanoseconds, the store's clock.
--
-- A row is one attempt, counted before its password was checked; a
-- successful attempt takes its rows back. Rows older than the throttle's
-- window are deleted as new attempts come.
CREATE TABLE sign_in_failures (
    id  INTEGER PRIMARY KEY,
    key BLOB NOT NULL,
    at  INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);

-- Accounts that signed in from an address, by the hash of both: an address
-- over its own limit still lets them in. Forgotten after 30 days.
CREATE TABLE sign_in_known (
    key BLOB PRIMARY KEY,
    at  INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_known_at ON sign_in_known (at);
