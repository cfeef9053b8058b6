import type { Db } from './db.ts';

/** The case-file event types that are 督办 notices on the streams: a supervisor's notice and a clock reminder. */
export const NOTICE_EVENT_TYPES = ['supervision_notice', 'clock_reminder'] as const;
export type NoticeEventType = (typeof NOTICE_EVENT_TYPES)[number];

/** A notice event as stored; its payload (audit/event-schema.ts) holds the rest of the notice. */
export interface NoticeEvent {
  seq: number;
  type: NoticeEventType;
  petition_id: string;
  actor: string;
  payload: string;
  created_at: string;
}

const COLUMNS = 'seq, type, petition_id, actor, payload, created_at';
const OF_TYPE = `type IN (${NOTICE_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;

/**
 * Notices are read back from the events table by their sequence number: another instance relays a notice it heard
 * of by number, and after its listener reconnected catches up on the numbers it may have missed. events.seq is the
 * primary key and, under the chain lock, grows in commit order, so both reads are index lookups.
 */
export function createNoticeEventsRepo(db: Db) {
  const s = {
    get: db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq = ? AND ${OF_TYPE}`),
    after: db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq > ? AND seq <= ? AND ${OF_TYPE} ORDER BY seq LIMIT ?`),
    head: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck(),
  };
  return {
    /** The committed notice event `seq` (undefined: rolled back, or not a notice). */
    get: (seq: number) => s.get.get(seq) as NoticeEvent | undefined,
    /** Notice events numbered above `from` and at most `to`, oldest first, at most `limit`. */
    after: (from: number, to: number, limit: number) => s.after.all(from, to, limit) as NoticeEvent[],
    /** The newest event's number (0 for an empty case file). */
    head: () => Number(s.head.get()),
  };
}

export type NoticeEventsRepo = ReturnType<typeof createNoticeEventsRepo>;
