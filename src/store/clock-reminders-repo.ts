import type { Db } from './db.ts';
import { DUTY_CLOCKS } from '../statutory-clocks.ts';
import type { DeadlineRow } from './petitions-repo.ts';

/** 'due_soon': the deadline is a few days off; 'overdue': its last day has passed. */
export type ReminderKind = 'due_soon' | 'overdue';

/**
 * An open deadline whose round is not settled and which is due for its next step on `today`: `remind` is 0 when
 * there is nothing to remind (the clock binds the petitioner, or the case has ended) and it is only settled.
 */
export interface ReminderCandidate extends DeadlineRow {
  reminder: ReminderKind;
  remind: 0 | 1;
}

/** The department handling a case now (its open assignment), to address a reminder to. */
export interface ReminderHandler {
  assignment_id: number;
  department_id: string;
  department: string;
}

/**
 * The reminders of the statutory clocks (migration 021). `claim` is the only guard against reminding twice: its
 * insert is the same statement on both backends, and on PostgreSQL a second instance inserting the same key waits
 * for the first one's transaction and then inserts nothing. `deadlines.reminded` (migration 023) only keeps the
 * sweep from reading settled deadlines again: it reads through the partial index deadlines_remind alone.
 */
export function createClockRemindersRepo(db: Db, opts: { endSteps: readonly string[] }) {
  const list = (xs: readonly string[]) => xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(', ');
  // Which reminder a deadline is due for follows from its date alone, so a deadline first seen after its last day
  // (the service was down) gets the overdue reminder, never a stale due-soon one. The order is the same on every
  // instance, so two instances claiming one batch take the keys in the same order and never deadlock on them.
  const REMINDER = "CASE WHEN d.due_at < @today THEN 'overdue' ELSE 'due_soon' END";
  const s = {
    // `met_at IS NULL AND reminded < 2` is written as in the index's WHERE, so SQLite sees that the index applies.
    // A due_soon-reminded deadline is read again only within its last REMINDER_DAYS, a number that does not grow.
    candidates: db.prepare(
      `SELECT d.petition_id, d.kind, d.starts_at, d.due_at, d.met_at, d.article, ${REMINDER} AS reminder,
              CASE WHEN d.kind IN (${list(DUTY_CLOCKS)}) AND p.status NOT IN (${list(opts.endSteps)}) THEN 1 ELSE 0 END
                AS remind
         FROM deadlines d JOIN petitions p ON p.id = d.petition_id
        WHERE d.met_at IS NULL AND d.reminded < 2 AND d.due_at <= @until AND (d.reminded = 0 OR d.due_at < @today)
        ORDER BY d.due_at, d.petition_id, d.kind
        LIMIT @limit`,
    ),
    // Guarded by due_at: a deadline moved meanwhile is a new round and keeps its own marker.
    mark: db.prepare(
      `UPDATE deadlines SET reminded = @reminded
        WHERE petition_id = @petition_id AND kind = @kind AND due_at = @due_at AND reminded < @reminded`,
    ),
    claim: db.prepare(
      `INSERT INTO clock_reminders (petition_id, clock, due_at, kind, created_at)
       VALUES (@petition_id, @clock, @due_at, @kind, @created_at)
       ON CONFLICT (petition_id, clock, due_at, kind) DO NOTHING
       RETURNING petition_id`,
    ),
    handler: db.prepare(
      `SELECT a.id AS assignment_id, a.department_id, d.name AS department
         FROM assignments a JOIN departments d ON d.id = a.department_id
        WHERE a.petition_id = ? AND a.status = 'open' AND a.closed_at IS NULL
        ORDER BY a.id DESC LIMIT 1`,
    ),
  };
  return {
    /**
     * Unsettled open deadlines whose last day is `until` (YYYY-MM-DD) or earlier and which still lack the reminder
     * their date calls for on `today`; the earliest first, at most `limit`.
     */
    candidates: (today: string, until: string, limit: number) =>
      s.candidates.all({ today, until, limit }) as ReminderCandidate[],
    /** Advances a deadline's marker: 1 once due_soon is sent, 2 once it is settled. */
    mark: (d: { petition_id: string; kind: string; due_at: string }, reminded: 1 | 2) =>
      s.mark.run({ petition_id: d.petition_id, kind: d.kind, due_at: d.due_at, reminded }),
    /** Records the reminder; true only for the caller whose insert made the row (false: it was sent already). */
    claim: (r: { petition_id: string; clock: string; due_at: string; kind: ReminderKind; created_at: string }) =>
      s.claim.get(r) !== undefined,
    handler: (petitionId: string) => s.handler.get(petitionId) as ReminderHandler | undefined,
  };
}

export type ClockRemindersRepo = ReturnType<typeof createClockRemindersRepo>;
