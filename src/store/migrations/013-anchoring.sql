-- Where the case file's head is anchored outside the database (audit/anchors.ts). One row per anchor file the
-- service has written; `replaced_at_seq` is set when the file was found missing at start-up and started anew, so
-- verification keeps saying that the anchors before that point are gone.
CREATE TABLE audit_anchor_files (
  path            TEXT PRIMARY KEY,
  started_seq     INTEGER NOT NULL,
  started_at      TEXT NOT NULL,
  replaced_at_seq INTEGER,
  replaced_at     TEXT
);
