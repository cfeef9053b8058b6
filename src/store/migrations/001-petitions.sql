-- Petitions and their statutory clocks. The petitioner's identity lives in its own table so that the
-- petition text can be analysed, exported and evaluated without carrying personal data along.
CREATE TABLE petitions (
  id            TEXT PRIMARY KEY,
  title         TEXT,
  text          TEXT NOT NULL,
  channel       TEXT NOT NULL,
  source        TEXT,
  received_at   TEXT NOT NULL,
  location      TEXT,
  attachments   TEXT NOT NULL DEFAULT '[]',
  status        TEXT NOT NULL DEFAULT 'registered',
  outcome       TEXT,
  extended      INTEGER NOT NULL DEFAULT 0,
  risk_level    TEXT,
  risk_score    REAL,
  category      TEXT,
  emotion       TEXT,
  triage        TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX petitions_status ON petitions(status);
CREATE INDEX petitions_risk ON petitions(risk_level);
CREATE INDEX petitions_received ON petitions(received_at);

-- Trigram full-text index for the list's text search (works for Chinese without a segmenter).
CREATE VIRTUAL TABLE petitions_fts USING fts5(title, text, content='petitions', content_rowid='rowid', tokenize='trigram');
CREATE TRIGGER petitions_fts_ai AFTER INSERT ON petitions BEGIN
  INSERT INTO petitions_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER petitions_fts_ad AFTER DELETE ON petitions BEGIN
  INSERT INTO petitions_fts(petitions_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER petitions_fts_au AFTER UPDATE OF title, text ON petitions BEGIN
  INSERT INTO petitions_fts(petitions_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO petitions_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE TABLE petitioners (
  petition_id TEXT PRIMARY KEY REFERENCES petitions(id),
  name        TEXT,
  id_number   TEXT,
  phone       TEXT,
  address     TEXT,
  -- A keyed hash of the ID number or phone: finds repeat petitions without reading the identity.
  identity_key TEXT
);
CREATE INDEX petitioners_identity ON petitioners(identity_key);

-- One row per statutory clock (Arts. 22-23, 34, 35, 36 of 信访工作条例). met_at is set when the duty is done.
CREATE TABLE deadlines (
  petition_id TEXT NOT NULL REFERENCES petitions(id),
  kind        TEXT NOT NULL,
  starts_at   TEXT NOT NULL,
  due_at      TEXT NOT NULL,
  met_at      TEXT,
  article     TEXT NOT NULL,
  PRIMARY KEY (petition_id, kind)
);
CREATE INDEX deadlines_due ON deadlines(due_at) WHERE met_at IS NULL;

CREATE TABLE follow_ups (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  petition_id  TEXT NOT NULL REFERENCES petitions(id),
  satisfaction TEXT NOT NULL,
  comment      TEXT,
  actor        TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

-- The case file: append-only, hash-chained. Each row stores the SHA-256 of its canonical JSON and of
-- the previous row, so an edit anywhere breaks every later link.
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  petition_id  TEXT,
  type         TEXT NOT NULL,
  actor        TEXT NOT NULL,
  payload      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
CREATE INDEX events_petition ON events(petition_id, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
  SELECT RAISE(ABORT, 'the case file is append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
  SELECT RAISE(ABORT, 'the case file is append-only');
END;
