import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { DeliveryRecord } from '../store/alerts-repo.ts';
import type { Db } from '../store/db.ts';
import { createWebhookOutboxRepo, type OutboxRow } from '../store/webhook-outbox-repo.ts';
import type { DispatchMessage } from './types.ts';

/** Attempts before a delivery is given up (logged); the back-off doubles up to WEBHOOK_MAX_DELAY_MS between them. */
export const WEBHOOK_MAX_ATTEMPTS = 12;
export const WEBHOOK_BASE_DELAY_MS = 500;
/** The longest wait between two attempts: 12 attempts span about two hours of a receiver being down. */
export const WEBHOOK_MAX_DELAY_MS = 30 * 60 * 1000;
export const WEBHOOK_TIMEOUT_MS = 5_000;
/**
 * How long an instance sharing a PostgreSQL database holds a delivery it is posting (well over the timeout); a
 * retry after a crash mid-post lands within the receiver's SIGNATURE_TOLERANCE_S window of remembered ids.
 */
export const WEBHOOK_LEASE_MS = 30_000;
/** How far a receiver should accept a delivery's timestamp from its own clock (see verifyDelivery). */
export const SIGNATURE_TOLERANCE_S = 300;

export interface WebhookOptions {
  /** The outbox table (migration 014) lives here: deliveries survive a restart. */
  db: Db;
  url: string;
  /** Without a secret the body is sent unsigned (development only). */
  secret?: string;
  clock: Clock;
  log: Logger;
  /** Writes one attempt to webhook_deliveries. */
  record: (d: DeliveryRecord) => void;
  fetch?: typeof fetch;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Wall time for the back-off schedule (a test's manual clock never moves, so retries would never fall due). */
  now?: () => number;
}

/**
 * The signature scheme (docs/operations.md, 预警回调): `X-Webhook-Timestamp` is the Unix time of the attempt in
 * seconds, `X-Signature` is `sha256=` + hex HMAC-SHA256(secret, timestamp + "." + body), `X-Webhook-Id` names the
 * delivery (the same on every retry). A receiver recomputes the HMAC, rejects a timestamp more than
 * SIGNATURE_TOLERANCE_S away from its clock, and remembers the ids it accepted within that window: a replayed
 * request is either stale or a repeated id.
 */
export const signDelivery = (secret: string, timestamp: number, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** What a receiver does with a delivery (also the tests' receiver): true only for a fresh, authentic request. */
export function verifyDelivery(
  secret: string,
  h: { timestamp?: string; signature?: string },
  body: string,
  nowS: number,
  toleranceS = SIGNATURE_TOLERANCE_S,
): boolean {
  const ts = Number(h.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > toleranceS || !h.signature) return false;
  const want = Buffer.from(signDelivery(secret, ts, body));
  const got = Buffer.from(h.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Posts alerts and 督办 notices to the operator's webhook through a durable outbox: send() writes the delivery to
 * webhook_outbox and returns; a pump posts due deliveries in order, retrying with doubling back-off. A delivery
 * not yet answered 2xx when the process stops is posted after the next start (resume()).
 */
export function createWebhookSender(o: WebhookOptions) {
  const doFetch = o.fetch ?? fetch;
  const maxAttempts = o.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const baseDelayMs = o.baseDelayMs ?? WEBHOOK_BASE_DELAY_MS;
  const maxDelayMs = o.maxDelayMs ?? WEBHOOK_MAX_DELAY_MS;
  const timeoutMs = o.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const leaseMs = Math.max(WEBHOOK_LEASE_MS, 2 * timeoutMs);
  const now = o.now ?? Date.now;
  const outbox = createWebhookOutboxRepo(o.db, maxAttempts);
  const stopping = new AbortController();
  let pumping: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function attempt(row: OutboxRow): Promise<void> {
    const parsed = JSON.parse(row.body) as { event: string; alert?: { id: string }; notice?: { id: string } };
    const event = parsed.event;
    const subject = parsed.alert?.id ?? parsed.notice?.id ?? '';
    const n = row.attempts + 1;
    const timestamp = Math.floor(now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-alert-event': event,
      'x-delivery-attempt': String(n),
      'x-webhook-id': String(row.id),
      'x-webhook-timestamp': String(timestamp),
    };
    if (o.secret) headers['x-signature'] = signDelivery(o.secret, timestamp, row.body);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)]);
      const res = await doFetch(o.url, { method: 'POST', headers, body: row.body, signal });
      status = res.status;
      await res.body?.cancel();
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (!o.db.open) return; // shut down mid-attempt: the row stays due and is sent after the next start
    const at = new Date(now()).toISOString();
    if (error === null) outbox.delivered(row.id, n, at);
    else {
      const next = new Date(now() + Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1))).toISOString();
      outbox.failed(row.id, n, error, next);
      if (n >= maxAttempts) o.log.warn('alert webhook gave up', { delivery: row.id, subject, event, attempts: n });
    }
    o.record({
      alert_id: subject,
      event,
      attempt: n,
      ok: error === null ? 1 : 0,
      status,
      error,
      created_at: o.clock.now().toISOString(),
    });
  }

  /** Posts every due delivery, oldest first, then sleeps until the next one falls due. */
  async function pumpOnce() {
    while (!stopping.signal.aborted && o.db.open) {
      const due = outbox.claim(new Date(now()).toISOString(), new Date(now() + leaseMs).toISOString());
      if (!due) break;
      await attempt(due);
    }
    if (stopping.signal.aborted || !o.db.open) return;
    const next = outbox.nextDueAt();
    if (next !== null) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(pump, Math.max(0, new Date(next).getTime() - now()));
      timer.unref();
    }
  }

  function pump() {
    if (pumping || stopping.signal.aborted) return;
    pumping = pumpOnce()
      .catch((e) => {
        o.log.error('alert webhook failed', { error: String(e) });
        // The outbox could not be read or written (the database restarting): try again rather than leave the
        // pending deliveries until the next alert comes along.
        if (stopping.signal.aborted || !o.db.open) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(pump, baseDelayMs);
        timer.unref();
      })
      .finally(() => {
        pumping = null;
      });
  }

  /**
   * Writes the delivery to the outbox only, inside the caller's transaction: it commits or rolls back with the
   * event it reports, so a process that dies after the commit leaves it for any instance to post. Call resume()
   * after the commit; posting from inside the transaction would announce what may still roll back.
   */
  function enqueue(m: DispatchMessage) {
    // One body for every attempt; the receiver de-duplicates retries by X-Webhook-Id.
    const body = JSON.stringify(
      m.type === 'notice' ? { event: m.type, notice: m.notice } : { event: m.type, alert: m.alert },
    );
    outbox.add(body, new Date(now()).toISOString());
  }

  return {
    enqueue,
    /** Writes the delivery to the outbox and returns at once: the raising request never waits for the receiver. */
    send(m: DispatchMessage) {
      enqueue(m);
      pump();
    },
    /** Posts what is due: what an earlier run left undelivered (start-up), what a committed transaction enqueued. */
    resume: () => pump(),
    /** Resolves when nothing is left to send (delivered or given up), or the sender is closed. */
    async idle() {
      while (!stopping.signal.aborted && o.db.open && outbox.pending() > 0) {
        if (!pumping) pump();
        await new Promise((r) => setTimeout(r, 5));
      }
      await pumping;
    },
    /** Cancels pending retries and any attempt in flight (shutdown); the outbox keeps them for the next start. */
    close() {
      stopping.abort();
      if (timer) clearTimeout(timer);
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
