-- The shingles of texts holding a mark typeset for an apostrophe are taken
-- again at start-up, as SQLite's migration 0025 does (see there).
UPDATE sources SET shingles = -1
WHERE text LIKE '%´%' OR text LIKE '%ʼ%' OR text LIKE '%ʹ%' OR text LIKE '%ʻ%' OR text LIKE '%`%'
   OR text LIKE '%＇%' OR text LIKE '%′%' OR text LIKE '%‛%' OR text LIKE '%‚%';
