-- While writes fail for lack of space, /healthz finds out when they can
-- succeed again by writing here: a row the size of a large write, kept by
-- one transaction and removed by the next. A probe smaller than the
-- writes people make would report health while their writes still fail.
CREATE TABLE health_probe (
    id   INTEGER PRIMARY KEY,
    data BLOB NOT NULL
) STRICT;
