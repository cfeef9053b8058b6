import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { DispatchMessage } from './types.ts';

export const WEBHOOK_MAX_ATTEMPTS = 4;
export const WEBHOOK_BASE_DELAY_MS = 500;
export const WEBHOOK_TIMEOUT_MS = 5_000;

export interface DeliveryRecord {
  alert_id: string;
  event: string;
  attempt: number;
  ok: number;
  status: number | null;
  error: string | null;
  created_at: string;
}

export interface WebhookOptions {
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
  timeoutMs?: number;
}

/** The X-Signature header value: `sha256=` + hex HMAC-SHA256 of the exact body bytes. */
export const signBody = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** What a delivery is about: the alert, or the 督办 notice (`N…`). */
const subjectOf = (m: DispatchMessage) => (m.type === 'notice' ? m.notice.id : m.alert.id);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** Posts alerts and 督办 notices to the operator's webhook in the background, retrying with exponential backoff. */
export function createWebhookSender(o: WebhookOptions) {
  const doFetch = o.fetch ?? fetch;
  const maxAttempts = o.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const baseDelayMs = o.baseDelayMs ?? WEBHOOK_BASE_DELAY_MS;
  const timeoutMs = o.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const stopping = new AbortController();
  const inflight = new Set<Promise<void>>();

  async function attempt(body: string, m: DispatchMessage, n: number): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-alert-event': m.type, 'x-delivery-attempt': String(n) };
    if (o.secret) headers['x-signature'] = signBody(o.secret, body);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)]);
      const res = await doFetch(o.url, { method: 'POST', headers, body, signal });
      status = res.status;
      await res.body?.cancel();
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ok = error === null;
    o.record({ alert_id: subjectOf(m), event: m.type, attempt: n, ok: ok ? 1 : 0, status, error, created_at: o.clock.now().toISOString() });
    return ok;
  }

  async function deliver(m: DispatchMessage) {
    // One body for every attempt, so the receiver can de-duplicate retries by its signature.
    const body = JSON.stringify(m.type === 'notice' ? { event: m.type, notice: m.notice } : { event: m.type, alert: m.alert });
    for (let n = 1; n <= maxAttempts && !stopping.signal.aborted; n++) {
      if (await attempt(body, m, n)) return;
      if (n < maxAttempts) await sleep(baseDelayMs * 2 ** (n - 1), stopping.signal);
    }
    o.log.warn('alert webhook gave up', { alert_id: subjectOf(m), event: m.type, attempts: maxAttempts });
  }

  return {
    /** Starts a delivery and returns at once: the request that raised the alert never waits for it. */
    send(m: DispatchMessage) {
      const p: Promise<void> = deliver(m)
        .catch((e) => o.log.error('alert webhook failed', { alert_id: subjectOf(m), error: String(e) }))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    },
    /** Resolves when every delivery started so far has succeeded or given up. */
    async idle() {
      while (inflight.size) await Promise.all([...inflight]);
    },
    /** Cancels pending retries (shutdown). */
    close() {
      stopping.abort();
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
