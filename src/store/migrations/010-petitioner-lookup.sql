-- Keyed hashes of BOTH the phone and the ID number of each petitioner, so a clerk finds a case by either
-- (petitioners.identity_key holds only one of them: the ID number when there is one). Filled lazily by
-- store/petitioner-lookup.ts; `key_check` records which HMAC key made the rows, so a key rotation rebuilds them.
CREATE TABLE petitioner_lookup (
  lookup_key  TEXT NOT NULL,
  petition_id TEXT NOT NULL REFERENCES petitions(id),
  PRIMARY KEY (lookup_key, petition_id)
) WITHOUT ROWID;
CREATE INDEX petitioner_lookup_petition ON petitioner_lookup(petition_id);
CREATE TABLE petitioner_lookup_state (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  key_check TEXT NOT NULL
);
