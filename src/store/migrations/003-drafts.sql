-- Reply drafts for registered petitions: every version is kept (model, offline or staff edit);
-- at most one version per petition is approved, and nothing is added after approval.
CREATE TABLE drafts (
  id             TEXT PRIMARY KEY,
  petition_id    TEXT NOT NULL REFERENCES petitions(id),
  version        INTEGER NOT NULL CHECK (version >= 1),
  kind           TEXT NOT NULL,
  reply          TEXT NOT NULL,
  citations_json TEXT NOT NULL DEFAULT '[]',
  provider       TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  approved_by    TEXT,
  approved_at    TEXT,
  UNIQUE (petition_id, version),
  CHECK ((approved_by IS NULL) = (approved_at IS NULL))
);
CREATE UNIQUE INDEX drafts_one_approved ON drafts(petition_id) WHERE approved_at IS NOT NULL;
