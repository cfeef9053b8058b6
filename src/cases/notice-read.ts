import type { Db } from '../store/db.ts';
import { createNoticeEventsRepo, type NoticeEvent } from '../store/notice-events-repo.ts';
import type { Notice } from './assignment-service.ts';
import type { ClockReminderNotice, ReminderKind } from './clock-reminders.ts';

/** The clock_reminder event's payload (audit/event-schema.ts); a type, so that it is a plain record. */
export type ReminderPayload = {
  clock: string;
  due_at: string;
  reminder: ReminderKind;
  article: string;
  days_left: number;
  message: string;
  /** Whom the reminder was addressed to: the department handling the case then, or none (the office). */
  assignment_id: number | null;
  department: string | null;
  department_id: string | null;
};

/** The reminder as the streams and the webhook receive it, built from its case-file event. */
export function reminderNotice(
  e: { seq: number; petition_id: string; created_at: string },
  p: ReminderPayload,
): ClockReminderNotice {
  return {
    id: `N${e.seq}`,
    petition_id: e.petition_id,
    // Reminders recorded before the addressee was part of the payload (719d95e) go to the office only.
    assignment_id: p.assignment_id ?? null,
    department: p.department ?? null,
    department_id: p.department_id ?? null,
    message: p.message,
    due_on: p.due_at,
    days_left: p.days_left,
    actor: 'system',
    created_at: e.created_at,
    reminder: { clock: p.clock, kind: p.reminder, article: p.article },
  };
}

/** A 督办 notice or a clock reminder as pushed, from the event that records it: the same object on every instance. */
export function noticeFromEvent(row: NoticeEvent): Notice | ClockReminderNotice {
  if (row.type === 'clock_reminder') return reminderNotice(row, JSON.parse(row.payload) as ReminderPayload);
  return {
    id: `N${row.seq}`,
    petition_id: row.petition_id,
    actor: row.actor,
    created_at: row.created_at,
    // The supervision_notice event's payload: the rest of a Notice.
    ...(JSON.parse(row.payload) as Omit<Notice, 'id' | 'petition_id' | 'actor' | 'created_at'>),
  };
}

/** The number of the case-file event a notice id (`N` + seq) names, or undefined for anything else. */
export function noticeSeq(id: string): number | undefined {
  return /^N[1-9]\d*$/.test(id) ? Number(id.slice(1)) : undefined;
}

/** Reads committed notices back from the case file (another instance's, or this one's after a transaction). */
export function createNoticeReader(db: Db) {
  const repo = createNoticeEventsRepo(db);
  return {
    /** The committed notice with this id (undefined: rolled back, or no notice). */
    get(id: string): (Notice | ClockReminderNotice) | undefined {
      const seq = noticeSeq(id);
      const row = seq === undefined ? undefined : repo.get(seq);
      return row && noticeFromEvent(row);
    },
    /** Notices numbered above `from` and at most `to`, oldest first, at most `limit`. */
    after: (from: number, to: number, limit: number) => repo.after(from, to, limit).map(noticeFromEvent),
    head: () => repo.head(),
  };
}

export type NoticeReader = ReturnType<typeof createNoticeReader>;

/**
 * Pushes a recorded notice (onNotice: alerts.notify) once the transaction that recorded it has committed. Called
 * after the service's own transaction returned, outside any other, it has. Inside a caller's outer transaction it
 * waits for that to end and drops the notice if it rolled back: a rolled-back event's number may be taken again,
 * so the committed event must be the same petition's, recorded at the same moment.
 */
export function createNoticePush<N extends Notice | ClockReminderNotice>(
  db: Db,
  onNotice: ((n: N) => void) | undefined,
) {
  const reader = createNoticeReader(db);
  const whenEnded = (n: N) => {
    if (!db.open) return;
    if (db.inTransaction) return void setImmediate(() => whenEnded(n));
    const stored = reader.get(n.id);
    if (stored?.petition_id === n.petition_id && stored.created_at === n.created_at) onNotice?.(n);
  };
  return (n: N) => {
    if (!onNotice || !db.open) return;
    if (db.inTransaction) setImmediate(() => whenEnded(n));
    else onNotice(n);
  };
}
