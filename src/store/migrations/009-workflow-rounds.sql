-- Issue 18: handling rounds, departments (承办单位) and their assignments (交办).
-- A round is one handling of the case that ends in one reply document. 二次督办, 复查 and 复核 each open a new
-- round, so a case may have one approved draft per round (the first round is 1 for every existing row).
ALTER TABLE petitions ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
ALTER TABLE drafts ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
DROP INDEX drafts_one_approved;
CREATE UNIQUE INDEX drafts_one_approved_per_round ON drafts(petition_id, round) WHERE approved_at IS NOT NULL;
-- A draft belongs to the round its petition is in when it is written.
CREATE TRIGGER drafts_round AFTER INSERT ON drafts BEGIN
  UPDATE drafts SET round = (SELECT round FROM petitions WHERE id = new.petition_id) WHERE id = new.id;
END;

-- The receivers a case can be assigned to; the routing table's departments are added on first use.
CREATE TABLE departments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1
);

-- One row per assignment of a case to a department, with its own clock (due_on, the office's local date).
CREATE TABLE assignments (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  petition_id      TEXT NOT NULL REFERENCES petitions(id),
  department_id    TEXT NOT NULL REFERENCES departments(id),
  round            INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('open', 'reported', 'accepted', 'returned', 'withdrawn')),
  assigned_by      TEXT NOT NULL,
  assigned_at      TEXT NOT NULL,
  due_on           TEXT NOT NULL,
  instructions     TEXT,
  findings         TEXT,
  outcome          TEXT CHECK (outcome IS NULL OR outcome IN ('支持', '解释说明', '不予支持')),
  attachments      TEXT NOT NULL DEFAULT '[]',
  reported_by      TEXT,
  reported_at      TEXT,
  assessed_by      TEXT,
  assessed_at      TEXT,
  extension_days   INTEGER,
  extension_reason TEXT,
  extension_status TEXT CHECK (extension_status IS NULL OR extension_status IN ('requested', 'granted', 'refused')),
  closed_at        TEXT
);
CREATE INDEX assignments_petition ON assignments(petition_id, id);
CREATE INDEX assignments_department ON assignments(department_id, status);
-- At most one live assignment per case.
CREATE UNIQUE INDEX assignments_one_live ON assignments(petition_id) WHERE status IN ('open', 'reported');

-- Co-petitioners and representatives (Art. 20: at most 5 representatives), sealed like the first petitioner.
CREATE TABLE petition_parties (
  petition_id  TEXT NOT NULL REFERENCES petitions(id),
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('co_petitioner', 'representative')),
  name         TEXT,
  id_number    TEXT,
  phone        TEXT,
  address      TEXT,
  identity_key TEXT,
  PRIMARY KEY (petition_id, seq)
);
CREATE INDEX petition_parties_identity ON petition_parties(identity_key);
