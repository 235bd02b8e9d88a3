-- Copy detection now reads the marks typeset for an apostrophe ("´", "ʼ",
-- "ʹ", "ʻ", "`", "＇", "′", "‛", "‚") as one, as quote matching does:
-- "Norway´s" is one word, as "Norway's" is. The shingles of a text holding
-- one of them were taken with the old split, so they are taken again at
-- start-up (shingles = -1 marks a text not indexed; see 0011). A "‘"
-- inside a word is too rare to reindex every text that opens a quotation
-- with it.
UPDATE sources SET shingles = -1
WHERE text LIKE '%´%' OR text LIKE '%ʼ%' OR text LIKE '%ʹ%' OR text LIKE '%ʻ%' OR text LIKE '%`%'
   OR text LIKE '%＇%' OR text LIKE '%′%' OR text LIKE '%‛%' OR text LIKE '%‚%';
