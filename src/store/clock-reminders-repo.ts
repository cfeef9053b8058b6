import type { Db } from './db.ts';
import type { DeadlineRow } from './petitions-repo.ts';

/** 'due_soon': the deadline is a few days off; 'overdue': its last day has passed. */
export type ReminderKind = 'due_soon' | 'overdue';

/** An open deadline of an open case that has not had this reminder yet. */
export interface ReminderCandidate extends DeadlineRow {
  reminder: ReminderKind;
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
 * for the first one's transaction and then inserts nothing.
 */
export function createClockRemindersRepo(db: Db, opts: { endSteps: readonly string[] }) {
  const ended = opts.endSteps.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ');
  // Which reminder a deadline is due for follows from its date alone, so a deadline first seen after its last day
  // (the service was down) gets the overdue reminder, never a stale due-soon one. The order is the same on every
  // instance, so two instances claiming one batch take the keys in the same order and never deadlock on them.
  const REMINDER = "CASE WHEN d.due_at < @today THEN 'overdue' ELSE 'due_soon' END";
  const s = {
    candidates: db.prepare(
      `SELECT d.petition_id, d.kind, d.starts_at, d.due_at, d.met_at, d.article, ${REMINDER} AS reminder
         FROM deadlines d JOIN petitions p ON p.id = d.petition_id
        WHERE d.met_at IS NULL AND d.due_at <= @until AND p.status NOT IN (${ended})
          AND NOT EXISTS (SELECT 1 FROM clock_reminders r
                           WHERE r.petition_id = d.petition_id AND r.clock = d.kind AND r.due_at = d.due_at
                             AND r.kind = ${REMINDER})
        ORDER BY d.due_at, d.petition_id, d.kind
        LIMIT @limit`,
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
     * Open deadlines of cases not ended whose last day is `until` (YYYY-MM-DD) or earlier and which still lack
     * the reminder their date calls for on `today`; the earliest first, at most `limit`.
     */
    candidates: (today: string, until: string, limit: number) =>
      s.candidates.all({ today, until, limit }) as ReminderCandidate[],
    /** Records the reminder; true only for the caller whose insert made the row (false: it was sent already). */
    claim: (r: { petition_id: string; clock: string; due_at: string; kind: ReminderKind; created_at: string }) =>
      s.claim.get(r) !== undefined,
    handler: (petitionId: string) => s.handler.get(petitionId) as ReminderHandler | undefined,
  };
}

export type ClockRemindersRepo = ReturnType<typeof createClockRemindersRepo>;
