-- SQLite migration 023 (deadlines.reminded): how far a deadline's reminders have gone in its current round
-- (0 none, 1 due_soon sent, 2 settled), so that the reminder sweep reads only the deadlines_remind index and its
-- cost does not grow with history (docs/design/postgres.md §7.10).
ALTER TABLE deadlines ADD COLUMN reminded bigint NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1, 2));
UPDATE deadlines SET reminded = 2 WHERE kind IN ('review_request', 'recheck_request');
UPDATE deadlines d SET reminded = 2
  FROM petitions p WHERE p.id = d.petition_id AND d.reminded < 2 AND p.status IN ('closed', 'terminated');
UPDATE deadlines d SET reminded = 2
 WHERE d.reminded < 2 AND EXISTS (SELECT 1 FROM clock_reminders r WHERE r.petition_id = d.petition_id
                                    AND r.clock = d.kind AND r.due_at = d.due_at AND r.kind = 'overdue');
UPDATE deadlines d SET reminded = 1
 WHERE d.reminded = 0 AND EXISTS (SELECT 1 FROM clock_reminders r WHERE r.petition_id = d.petition_id
                                    AND r.clock = d.kind AND r.due_at = d.due_at AND r.kind = 'due_soon');
CREATE INDEX deadlines_remind ON deadlines (due_at) WHERE met_at IS NULL AND reminded < 2;
