-- Issue 17. Personal data written into free text (reasons, comments, notes, findings, draft replies) is
-- stored as placeholders ([姓名1], [手机号2]); the originals live here, AES-256-GCM encrypted per value
-- (cases/sealed-notes.ts). Placeholders are numbered per petition, so one name is one placeholder in every
-- note of the case file, and they never clash with those of the petition text (petitions.sealed).
CREATE TABLE pii_vault (
  petition_id  TEXT NOT NULL REFERENCES petitions(id),
  placeholder  TEXT NOT NULL,
  value        TEXT NOT NULL,
  PRIMARY KEY (petition_id, placeholder)
) WITHOUT ROWID;

-- Webhook deliveries wait here until the receiver answers 2xx (alerts/outbox.ts): a restart loses none.
CREATE TABLE webhook_outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  body             TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_error       TEXT,
  delivered_at     TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at) WHERE delivered_at IS NULL;
