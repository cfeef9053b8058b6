-- Red alerts for dispatch, mass-incident clusters and webhook delivery attempts (issue 4, parts 6-7).
CREATE TABLE clusters (
  id                TEXT PRIMARY KEY,
  -- What the members share: an employer, estate, village or school named in the text, or 'text' (similar wording).
  matter_kind       TEXT NOT NULL,
  matter            TEXT NOT NULL,
  first_received_at TEXT NOT NULL,
  last_received_at  TEXT NOT NULL,
  alert_id          TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX clusters_window ON clusters(first_received_at);

CREATE TABLE cluster_members (
  cluster_id   TEXT NOT NULL REFERENCES clusters(id),
  petition_id  TEXT NOT NULL REFERENCES petitions(id),
  matched_by   TEXT NOT NULL,
  similarity   REAL,
  group_action INTEGER NOT NULL DEFAULT 0,
  added_at     TEXT NOT NULL,
  PRIMARY KEY (cluster_id, petition_id)
);
CREATE INDEX cluster_members_petition ON cluster_members(petition_id);

CREATE TABLE alerts (
  id                 TEXT PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('petition', 'cluster')),
  -- For a cluster alert: the petition whose registration raised it (its case file holds the alert's events).
  petition_id        TEXT NOT NULL REFERENCES petitions(id),
  cluster_id         TEXT REFERENCES clusters(id),
  level              TEXT NOT NULL,
  reason             TEXT NOT NULL,
  evidence           TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  acked_by           TEXT,
  acked_at           TEXT,
  ack_note           TEXT,
  escalated_at       TEXT,
  escalation_level   INTEGER NOT NULL DEFAULT 0,
  -- When the next escalation falls due; NULL once acknowledged or at the cap.
  next_escalation_at TEXT
);
CREATE INDEX alerts_created ON alerts(created_at);
CREATE INDEX alerts_due ON alerts(next_escalation_at) WHERE next_escalation_at IS NOT NULL;

-- Every webhook attempt, failed or not, so an operator can see what dispatch did (and did not) receive.
CREATE TABLE webhook_deliveries (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id   TEXT NOT NULL REFERENCES alerts(id),
  event      TEXT NOT NULL,
  attempt    INTEGER NOT NULL,
  ok         INTEGER NOT NULL,
  status     INTEGER,
  error      TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_alert ON webhook_deliveries(alert_id, id);
