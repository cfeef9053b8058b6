import { createHmac } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { Anchor } from '../store/anchor-file.ts';

export interface WitnessOptions {
  url: string;
  /** HMAC-SHA256 key: the witness can tell a head the service posted from one someone else made up. */
  secret?: string;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Posts the case file's head to an outside witness (another office's server, a notary service). Someone who can
 * rewrite both the database and the anchor file on this machine still cannot change what the witness received.
 * The newest head wins: while one post is in flight, later heads replace each other and the last is sent next;
 * a failed post is retried on the next offer or tick. Body: `{seq, hash, at, service}`; headers
 * `x-xinfang-timestamp` and `x-xinfang-signature: sha256=<hex HMAC of "timestamp.body">`.
 */
export function createWitness(opts: WitnessOptions) {
  const doFetch = opts.fetch ?? fetch;
  let waiting: Anchor | null = null;
  let inFlight: Promise<void> | null = null;
  let sent: Anchor | null = null;

  async function post(a: Anchor): Promise<boolean> {
    const body = JSON.stringify({ seq: a.seq, hash: a.hash, at: a.at, service: 'xinfang-assist' });
    const ts = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-xinfang-timestamp': ts };
    if (opts.secret)
      headers['x-xinfang-signature'] =
        `sha256=${createHmac('sha256', opts.secret).update(`${ts}.${body}`).digest('hex')}`;
    try {
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      opts.log.warn('audit witness refused the case-file head', { status: res.status, seq: a.seq });
    } catch (e) {
      opts.log.warn('audit witness unreachable', { error: (e as Error).message, seq: a.seq });
    }
    return false;
  }

  function pump() {
    if (inFlight || !waiting) return;
    const a = waiting;
    waiting = null;
    inFlight = post(a).then((ok) => {
      inFlight = null;
      if (ok) sent = a;
      // A failed head is kept unless a newer one arrived meanwhile; the next tick retries it.
      else if (!waiting) waiting = a;
      if (ok && waiting) pump();
    });
  }

  return {
    /** Queues a head for posting (non-blocking). */
    offer(a: Anchor) {
      if (sent && sent.seq === a.seq && sent.hash === a.hash) return;
      waiting = a;
      pump();
    },
    /** Retries a head whose post failed. */
    tick: () => pump(),
    /** The last head the witness acknowledged. */
    get acknowledged() {
      return sent;
    },
    /** Resolves when nothing is in flight (tests, shutdown). */
    async drain(): Promise<void> {
      while (inFlight) await inFlight;
    },
  };
}

export type Witness = ReturnType<typeof createWitness>;
