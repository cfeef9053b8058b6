/** Anything that answers the pilot's contract: our app in-process, or an entry over HTTP. */
export interface Target {
  kind: 'in-process' | 'http' | 'answers';
  /** The base URL for HTTP targets, null in-process. */
  url: string | null;
  /** Sends one POST with a JSON body; the caller owns timeouts (the signal aborts). */
  send(endpoint: string, body: unknown, signal: AbortSignal): Promise<Response>;
  /** A GET (for GET /v1/info, the entry's identity); absent when there is no live entry. */
  get?(path: string, signal: AbortSignal): Promise<Response>;
  close(): Promise<void>;
}

/** What one call produced: an answer, or an error string that becomes the case's error. */
export type CallOutcome =
  | { ok: true; status: number; json: unknown; ms: number }
  | { ok: false; status: number | null; error: string; ms: number };

const snippet = (s: string) => s.replace(/\s+/g, ' ').slice(0, 160);

/**
 * Calls a target with a per-call timeout and turns every failure into data: non-2xx statuses, bodies
 * that are not JSON, thrown errors and timeouts all come back as `{ok: false, error}` instead of throwing.
 */
export async function callTarget(
  target: Target,
  endpoint: string,
  body: unknown,
  timeoutMs: number,
): Promise<CallOutcome> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ac.abort();
      reject(new TimeoutError(timeoutMs));
    }, timeoutMs);
  });
  const t0 = performance.now();
  const ms = () => Math.round((performance.now() - t0) * 100) / 100;
  try {
    // The body is read inside the race too: a server that sends headers and then stalls is a timeout.
    const { status, text } = await Promise.race([
      target.send(endpoint, body, ac.signal).then(async (r) => ({ status: r.status, text: await r.text() })),
      timedOut,
    ]);
    const elapsed = ms();
    if (status < 200 || status > 299)
      return { ok: false, status, error: `http_${status}: ${snippet(text)}`, ms: elapsed };
    try {
      return { ok: true, status, json: JSON.parse(text), ms: elapsed };
    } catch {
      return { ok: false, status, error: `malformed_json: ${snippet(text)}`, ms: elapsed };
    }
  } catch (err) {
    if (err instanceof TimeoutError) return { ok: false, status: null, error: err.message, ms: ms() };
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const cause = e.cause?.code ?? e.cause?.message;
    return { ok: false, status: null, error: `request_failed: ${e.message}${cause ? ` (${cause})` : ''}`, ms: ms() };
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timeout after ${ms} ms`);
  }
}
