import { isStoreUnavailable } from '../../store/store-unavailable.ts';

/**
 * Event streams end when their credential ends (issue 17): an SSE response is held open for hours, long after
 * the middleware checked the key or session that opened it. Every stream response is wrapped here and
 * registered with its credential; `sweep()` ends each stream whose key was revoked or whose session expired
 * or logged out. Revocation and logout sweep at once; a timer sweeps every few seconds for expiry (and for
 * revocations made outside the HTTP routes). Route handlers need do nothing: ending the wrapper cancels the
 * handler's own stream, which runs its onAbort clean-up.
 */
export interface StreamCredential {
  keyId: string;
  /** The session cookie token when the stream was opened by a page; kept in memory only. */
  sessionToken?: string;
}

interface Tracked {
  credential: StreamCredential;
  end: () => void;
}

/** A final event so a page can say why its live feed stopped (EventSource then gets 401 and stays closed). */
const ENDED = new TextEncoder().encode(
  `event: end\ndata: ${JSON.stringify({ reason: 'credential_ended', message: '登录已失效或密钥已吊销，实时推送已断开，请重新登录' })}\n\n`,
);

export function createStreamGuard(opts: { stillValid: (c: StreamCredential) => boolean; sweepMs?: number }) {
  const open = new Set<Tracked>();
  const sweepMs = opts.sweepMs ?? 2_000;
  let timer: NodeJS.Timeout | undefined;

  function sweep(): number {
    let ended = 0;
    for (const t of [...open]) {
      try {
        if (opts.stillValid(t.credential)) continue;
      } catch (e) {
        // The database does not answer (PostgreSQL restarting): look again at the next sweep. Thrown from the
        // timer, the error would end the process.
        if (isStoreUnavailable(e)) continue;
        throw e;
      }
      t.end();
      ended++;
    }
    return ended;
  }

  function remove(t: Tracked) {
    open.delete(t);
    if (!open.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  return {
    /** Wraps a stream body so it can be ended when its credential ends. */
    track(body: ReadableStream<Uint8Array>, credential: StreamCredential): ReadableStream<Uint8Array> {
      const reader = body.getReader();
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let done = false;
      const t: Tracked = {
        credential,
        end: () => {
          if (done) return;
          done = true;
          remove(t);
          try {
            controller.enqueue(ENDED);
            controller.close();
          } catch {
            // already closed by the client
          }
          void reader.cancel('credential ended').catch(() => {});
        },
      };
      open.add(t);
      // Unref'd: an open stream must not keep a test run or a stopping process alive.
      timer ??= setInterval(sweep, sweepMs).unref();
      return new ReadableStream<Uint8Array>({
        start: (c) => void (controller = c),
        pull: async (c) => {
          const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
          if (done) return;
          if (r.done) {
            done = true;
            remove(t);
            c.close();
          } else c.enqueue(r.value);
        },
        cancel: async (reason) => {
          done = true;
          remove(t);
          await reader.cancel(reason).catch(() => {});
        },
      });
    },
    /** Ends every stream whose credential no longer holds; returns how many ended. */
    sweep,
    /** Open streams (for tests and /healthz-style counts). */
    size: () => open.size,
  };
}

export type StreamGuard = ReturnType<typeof createStreamGuard>;
