import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { createPgListener, createPgNotifier, type PgListener } from '../store/pg-listener.ts';
import type { AlertMessageType } from './types.ts';

/** An alert event another instance committed: the receiver reads the alert's row itself. */
export interface BusEvent {
  type: AlertMessageType;
  alertId: string;
}

export interface AlertBusHandlers {
  onEvent(e: BusEvent): void;
  /** Receiving (re)started; `first` false after an interruption, when events may have been missed. */
  onListening(first: boolean): void;
}

/**
 * How alert events reach the streams of the other instances sharing the database (issue 22). Without one (SQLite,
 * a single process) the in-process hub is all there is. `announce` runs inside the transaction that records the
 * event, so an event that rolls back is never announced.
 */
export interface AlertBus {
  announce(e: BusEvent): void;
  start(handlers: AlertBusHandlers): void;
  close(): void;
}

/** The channel every instance of one database listens on. */
export const ALERT_CHANNEL = 'xinfang_alerts';

const TYPES = new Set<AlertMessageType>(['alert', 'escalation', 'ack']);

/**
 * PostgreSQL NOTIFY/LISTEN: the payload is `<instance> <type> <alert id>` (well under NOTIFY's 8,000 bytes); an
 * instance ignores its own, which its hub already carried. The listener is a second, asynchronous connection.
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
    announce: (e) => notify(`${instanceId} ${e.type} ${e.alertId}`),
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
          const [from, type, alertId] = payload.split(' ');
          if (from === instanceId || !alertId || !TYPES.has(type as AlertMessageType)) return;
          handlers.onEvent({ type: type as AlertMessageType, alertId });
        },
      });
    },
    close() {
      listener?.close();
      listener = null;
    },
  };
}
