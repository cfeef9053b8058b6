import type { EventLog } from '../audit/event-log.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { createClockRemindersRepo, type ReminderKind } from '../store/clock-reminders-repo.ts';
import { tx, type Db } from '../store/db.ts';
import type { DeadlineRow } from '../store/petitions-repo.ts';
import { deadlineView } from './case-view.ts';
import { createNoticePush, reminderNotice, type ReminderPayload } from './notice-read.ts';
import { YELLOW_DAYS, addDays, localDate } from './clocks.ts';
import { END_STEPS } from './workflow.ts';

export type { ReminderKind };

/** A deadline this many days off or fewer is reminded as due soon: the same line as the yellow card (三色牌). */
export const REMINDER_DAYS = YELLOW_DAYS;
/** How often production sweeps: the rules count whole days, so a few minutes after midnight is soon enough. */
export const REMINDER_CHECK_MS = 10 * 60_000;
/** Most reminders sent in one transaction, so that a backlog never holds the event loop for long. */
export const REMINDER_BATCH = 100;

/**
 * A statutory-clock reminder as the streams and the webhook receive it: shaped like a 督办 notice (alerts/types.ts
 * SupervisionNotice), addressed to the department handling the case when it is assigned, else to the office.
 */
export interface ClockReminderNotice {
  /** `N` + the case-file event's sequence number, like a 督办 notice: a receiver can de-duplicate on it. */
  id: string;
  petition_id: string;
  assignment_id: number | null;
  department: string | null;
  department_id: string | null;
  message: string;
  due_on: string;
  days_left: number;
  actor: 'system';
  created_at: string;
  reminder: { clock: string; kind: ReminderKind; article: string };
}

export interface ClockReminderDeps {
  db: Db;
  clock: Clock;
  events: EventLog;
  log: Logger;
  /** Pushes a recorded reminder to the streams (alerts.notify); called after its transaction has committed. */
  onReminder?: (notice: ClockReminderNotice) => void;
  /**
   * Tells the other instances sharing the database (alerts.announceNotice): called inside the transaction that
   * records the reminder, so they hear of it only if it commits.
   */
  announceNotice?: (notice: ClockReminderNotice) => void;
  checkEveryMs?: number;
}

/** The text a person reads, with the clock's name and article taken from the deadline's own row. */
export function reminderText(d: DeadlineRow, kind: ReminderKind, now: Date): string {
  const v = deadlineView(d, now);
  const name = v.label.endsWith('期限') ? v.label : `${v.label}期限`;
  const head = `信访件 ${d.petition_id} 的${name}（${v.article}）`;
  const days = v.days_left ?? 0;
  if (kind === 'due_soon')
    return days === 0 ? `${head}今日（${d.due_at}）到期` : `${head}将于 ${d.due_at} 到期，还剩 ${days} 天`;
  return `${head}已于 ${d.due_at} 到期，已超期 ${-days} 天，请督促办理`;
}

/**
 * Reminds each open deadline of an open case once when it is due within REMINDER_DAYS and once when it is overdue,
 * per round (a moved or extended deadline reminds again). Only the clocks that bind the office are reminded: the
 * petitioner's request windows are not the office's duty, and it cannot be late on them. Each reminder is claimed
 * by its row in clock_reminders, so instances sharing one PostgreSQL database, a restart or a sweep run twice never
 * remind twice; the deadline's `reminded` marker, advanced in the same transaction, keeps settled deadlines out of
 * every later sweep, so that a sweep costs the same whatever the history.
 */
export function createClockReminders(deps: ClockReminderDeps) {
  const { db, clock, events, log } = deps;
  const repo = createClockRemindersRepo(db, { endSteps: END_STEPS });
  const push = createNoticePush(db, deps.onReminder);
  let timer: NodeJS.Timeout | null = null;

  /** One batch in one transaction; `full` says more may be waiting. */
  function sweepBatch(): { sent: ClockReminderNotice[]; full: boolean } {
    const now = clock.now();
    const today = localDate(now);
    const at = now.toISOString();
    let found = 0;
    const sent = tx(db, () => {
      const due = repo.candidates(today, addDays(today, REMINDER_DAYS), REMINDER_BATCH);
      found = due.length;
      return due.flatMap((d): ClockReminderNotice[] => {
        // Overdue is the round's last reminder; a petitioner's window or an ended case has none at all.
        repo.mark(d, d.remind && d.reminder === 'due_soon' ? 1 : 2);
        if (!d.remind) return [];
        const key = { petition_id: d.petition_id, clock: d.kind, due_at: d.due_at, kind: d.reminder };
        // Another instance (or an earlier sweep) sent it: only the caller whose insert made the row acts.
        if (!repo.claim({ ...key, created_at: at })) return [];
        const view = deadlineView(d, now);
        const handler = repo.handler(d.petition_id);
        const payload: ReminderPayload = {
          clock: d.kind,
          due_at: d.due_at,
          reminder: d.reminder,
          article: d.article,
          days_left: view.days_left ?? 0,
          message: reminderText(d, d.reminder, now),
          assignment_id: handler?.assignment_id ?? null,
          department: handler?.department ?? null,
          department_id: handler?.department_id ?? null,
        };
        const e = events.append({ petitionId: d.petition_id, type: 'clock_reminder', actor: 'system', payload });
        const notice = reminderNotice({ seq: e.seq, petition_id: d.petition_id, created_at: e.createdAt }, payload);
        deps.announceNotice?.(notice);
        return [notice];
      });
    });
    for (const n of sent) push(n);
    return { sent, full: found === REMINDER_BATCH };
  }

  return {
    /** Sends every reminder due now, a batch per transaction; returns those this instance sent. */
    sweep(): ClockReminderNotice[] {
      const all: ClockReminderNotice[] = [];
      for (;;) {
        const { sent, full } = sweepBatch();
        all.push(...sent);
        if (!full) return all;
      }
    },

    /** Starts the sweep timer; unref'd so it never keeps the process alive. */
    start() {
      if (timer) return;
      // A backlog (the first sweep over an existing database) goes a batch per turn of the event loop, so that
      // requests are served between batches.
      const check = () => {
        if (!db.open || !timer) return;
        try {
          if (sweepBatch().full) setImmediate(check);
        } catch (e) {
          log.error('statutory clock reminder sweep failed', { error: String(e) });
        }
      };
      timer = setInterval(check, deps.checkEveryMs ?? REMINDER_CHECK_MS);
      timer.unref();
    },

    /** Stops the timer (a batch already running finishes first: it is synchronous). */
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type ClockReminders = ReturnType<typeof createClockReminders>;
