-- Issue 24: repeats and clusters find their candidates through an index instead of scanning the window.
-- One row per indexed petition; seq is a stable small integer the band and term rows point to.
CREATE TABLE match_sigs (
  seq          INTEGER PRIMARY KEY,
  petition_id  TEXT NOT NULL UNIQUE,
  received_at  TEXT NOT NULL,
  -- 1 once the petition's named matters (title and text) are in match_terms.
  terms_done   INTEGER NOT NULL DEFAULT 0
);
-- MinHash LSH band buckets (alerts/minhash.ts), with the received day so a lookup reads only its window.
CREATE TABLE match_bands (
  bucket  INTEGER NOT NULL,
  day     INTEGER NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (bucket, day, seq)
) WITHOUT ROWID;
-- Named employers, estates, villages and schools ('kind:key'; full = 0 rows are the key's suffixes of 5 or
-- more characters), so that alerts/matter.ts sameEntity is answered by equality lookups.
CREATE TABLE match_terms (
  term  TEXT NOT NULL,
  full  INTEGER NOT NULL,
  day   INTEGER NOT NULL,
  seq   INTEGER NOT NULL,
  PRIMARY KEY (term, full, day, seq)
) WITHOUT ROWID;
