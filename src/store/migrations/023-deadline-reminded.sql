-- Issue 24: the reminder sweep (cases/clock-reminders.ts) must cost the same on the millionth petition as on the
-- first, but deadlines that are never met (the petitioner's request windows, cases that ended) stay in
-- deadlines_due for ever. `reminded` says how far a deadline's reminders have gone in its current round:
-- 0 none yet, 1 due_soon sent, 2 settled (overdue sent, or nothing to remind: a clock that binds the petitioner,
-- or a case that has ended). The sweep reads only through deadlines_remind, so a settled deadline is never read
-- again; moving or restarting a deadline (petitions-repo) sets it back to 0 for the new round. clock_reminders
-- stays the claim that makes each reminder exactly-once across instances.
ALTER TABLE deadlines ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1, 2));
-- The request windows bind the petitioner (statutory-clocks.ts, duty: false): never reminded.
UPDATE deadlines SET reminded = 2 WHERE kind IN ('review_request', 'recheck_request');
-- No move leaves an end step (cases/workflow.ts END_STEPS): their open deadlines have nothing left to remind.
UPDATE deadlines SET reminded = 2
 WHERE reminded < 2 AND EXISTS (SELECT 1 FROM petitions p WHERE p.id = deadlines.petition_id AND p.status IN ('closed', 'terminated'));
-- What the sweep has already sent in the current round (a moved deadline is a new round: another due_at).
UPDATE deadlines SET reminded = 2
 WHERE reminded < 2 AND EXISTS (SELECT 1 FROM clock_reminders r WHERE r.petition_id = deadlines.petition_id
                                  AND r.clock = deadlines.kind AND r.due_at = deadlines.due_at AND r.kind = 'overdue');
UPDATE deadlines SET reminded = 1
 WHERE reminded = 0 AND EXISTS (SELECT 1 FROM clock_reminders r WHERE r.petition_id = deadlines.petition_id
                                  AND r.clock = deadlines.kind AND r.due_at = deadlines.due_at AND r.kind = 'due_soon');
CREATE INDEX deadlines_remind ON deadlines (due_at) WHERE met_at IS NULL AND reminded < 2;
