-- SQLite migration 021 (clock_reminders): the reminders of the statutory clocks, claimed by their primary key
-- (INSERT … ON CONFLICT DO NOTHING RETURNING), so that one instance only reminds (docs/design/postgres.md §7.10).
CREATE TABLE clock_reminders (
  petition_id text NOT NULL REFERENCES petitions(id),
  clock       text NOT NULL,
  due_at      text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  created_at  text NOT NULL,
  PRIMARY KEY (petition_id, clock, due_at, kind)
);
