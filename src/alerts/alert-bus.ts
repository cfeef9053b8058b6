import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { createPgListener, createPgNotifier, type PgListener } from '../store/pg-listener.ts';
import type { AlertMessageType } from './types.ts';

/**
 * An alert event or a 督办 notice another instance committed: the receiver reads the alert's row, or the notice's
 * case-file event (`N` + its seq), itself.
 */
export type BusEvent =
  | { type: AlertMessageType; alertId: string }
  // The petition tells this database's notice from another schema's with the same number on the same server.
  | { type: 'notice'; noticeId: string; petitionId: string };

export interface AlertBusHandlers {
  onEvent(e: BusEvent): void;
  /** Receiving (re)started; `first` false after an interruption, when events may have been missed. */
  onListening(first: boolean): void;
}

/**
 * How alert events and 督办 notices reach the streams of the other instances sharing the database (issue 22).
 * Without one (SQLite, a single process) the in-process hub is all there is. `announce` runs inside the transaction
 * that records the event, so an event that rolls back is never announced.
 */
export interface AlertBus {
  announce(e: BusEvent): void;
  start(handlers: AlertBusHandlers): void;
  close(): void;
}

/** The channel every instance of one database listens on. */
export const ALERT_CHANNEL = 'xinfang_alerts';

const TYPES = new Set<string>(['alert', 'escalation', 'ack']);

/** Reads `<instance> <type> <id>` (a notice adds its petition); null for another version's or a stray payload. */
function parse(payload: string): { from: string; event: BusEvent } | null {
  const [from, type, id, petitionId] = payload.split(' ');
  if (!from || !id) return null;
  if (type === 'notice')
    return /^N\d+$/.test(id) && petitionId ? { from, event: { type, noticeId: id, petitionId } } : null;
  return TYPES.has(type) ? { from, event: { type: type as AlertMessageType, alertId: id } } : null;
}

/**
 * PostgreSQL NOTIFY/LISTEN: the payload is `<instance> <type> <alert id>` or `<instance> notice <N + seq> <petition>`,
 * well under NOTIFY's 8,000 bytes whatever the notice's text; an instance ignores its own, which its hub already
 * carried. The listener is a second, asynchronous connection.
 */
export function createPgAlertBus(opts: {
  db: Db;
  url: string;
  channel?: string;
  onError?: (err: Error) => void;
  /** Listener reconnect backoff; tests shorten it. */
  minDelayMs?: number;
  maxDelayMs?: number;
}): AlertBus & { readonly instanceId: string; readonly listener: PgListener | null } {
  const channel = opts.channel ?? ALERT_CHANNEL;
  const instanceId = randomBytes(6).toString('hex');
  const notify = createPgNotifier(opts.db, channel);
  let listener: PgListener | null = null;
  return {
    instanceId,
    get listener() {
      return listener;
    },
    announce: (e) =>
      notify(`${instanceId} ${e.type} ${e.type === 'notice' ? `${e.noticeId} ${e.petitionId}` : e.alertId}`),
    start(handlers) {
      if (listener) return;
      listener = createPgListener({
        url: opts.url,
        channel,
        minDelayMs: opts.minDelayMs,
        maxDelayMs: opts.maxDelayMs,
        onError: opts.onError,
        onListening: handlers.onListening,
        onNotify(payload) {
          const heard = parse(payload);
          if (heard && heard.from !== instanceId) handlers.onEvent(heard.event);
        },
      });
    },
    close() {
      listener?.close();
      listener = null;
    },
  };
}
