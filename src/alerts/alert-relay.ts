import type { Logger } from '../log.ts';
import type { AlertBus, BusEvent } from './alert-bus.ts';
import type { NoticeRelay } from './notice-relay.ts';
import type { Alert, AlertMessage } from './types.ts';

/**
 * How far back a catch-up reads before the previous (re)connect: instances stamp created_at with their own
 * clocks, so a few seconds of skew must not hide an alert raised while the listener was down.
 */
export const CATCH_UP_MARGIN_MS = 60_000;

export interface AlertRelayDeps {
  bus: AlertBus;
  log: Logger;
  nowMs: () => number;
  /** Reads an alert's row (undefined: not in this database, or gone). */
  get(id: string): Alert | undefined;
  /** Alerts raised at or after an ISO time, oldest first. */
  createdSince(since: string): { id: string; created_at: string }[];
  /** The local hub (never the webhook: the raising instance posted it). */
  publish(message: AlertMessage): void;
  readable(): boolean;
  /** The 督办 notices and clock reminders of the other instances, carried on the same bus (notice-relay.ts). */
  notices?: Pick<NoticeRelay, 'relay' | 'onListening'>;
}

/**
 * Brings the alert events of the other instances to this instance's streams, each alert once: an alert reaches
 * a stream by its notification or, when the listener was down, by the catch-up read after it reconnects.
 */
export function createAlertRelay(deps: AlertRelayDeps) {
  // Alerts already on this instance's streams (raised here or relayed), by id, with their created_at.
  const seen = new Map<string, string>();
  let lastListenMs: number | null = null;

  function relay(e: BusEvent) {
    if (e.type === 'notice') return deps.notices?.relay(e.noticeId, e.petitionId);
    if (!deps.readable()) return;
    if (e.type === 'alert' && seen.has(e.alertId)) return;
    let alert: Alert | undefined;
    try {
      alert = deps.get(e.alertId);
    } catch (err) {
      deps.log.error('reading a relayed alert failed', { alert_id: e.alertId, error: String(err) });
      return;
    }
    if (!alert) return; // another database's schema on the same server, or deleted
    if (e.type === 'alert') seen.set(alert.id, alert.created_at);
    deps.publish({ type: e.type, alert });
  }

  function onListening(first: boolean) {
    deps.notices?.onListening(first);
    const now = deps.nowMs();
    const since = new Date((first || lastListenMs === null ? now : lastListenMs) - CATCH_UP_MARGIN_MS).toISOString();
    lastListenMs = now;
    if (!deps.readable()) return;
    try {
      // Entries older than the window are never read again; forget them so the map stays small.
      for (const [id, at] of seen) if (at < since) seen.delete(id);
      for (const row of deps.createdSince(since)) {
        if (first)
          seen.set(row.id, row.created_at); // already there before this instance listened: not news
        else relay({ type: 'alert', alertId: row.id });
      }
    } catch (err) {
      deps.log.error('alert catch-up after reconnect failed', { error: String(err) });
    }
  }

  return {
    /** An alert this instance raised and put on its own streams. */
    local(alert: Alert) {
      seen.set(alert.id, alert.created_at);
    },
    start() {
      deps.bus.start({ onEvent: relay, onListening });
    },
    close() {
      deps.bus.close();
    },
  };
}
