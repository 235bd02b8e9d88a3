-- The History page's filter lists everyone who changed anything, and
-- filters by one of them: both read history by username. Without an index
-- each page load scanned and sorted the whole history.
CREATE INDEX history_username ON history (username, id);
