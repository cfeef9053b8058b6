-- Issue 22: reminders of the statutory clocks (cases/clock-reminders.ts). One row per reminder sent: a deadline
-- round (petition, clock, due_at: a moved or extended deadline is a new round) is reminded at most once 'due_soon'
-- and once 'overdue'. The primary key is the claim: the sweep inserts with ON CONFLICT DO NOTHING RETURNING and
-- only the instance whose insert returned the row writes the case-file event and pushes the notice, so instances
-- sharing one PostgreSQL database never remind twice, and a restart or a missed sweep never reminds again.
CREATE TABLE clock_reminders (
  petition_id TEXT NOT NULL REFERENCES petitions(id),
  clock       TEXT NOT NULL,
  due_at      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (petition_id, clock, due_at, kind)
);
