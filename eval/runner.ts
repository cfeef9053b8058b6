import type { AnswerBook } from './targets/answers.ts';
import { cacheKey, type RequestCache } from './targets/cache.ts';
import { callTarget, type CallOutcome, type Target } from './targets/types.ts';
import type { Call, EvalCase } from './types.ts';

export interface RawResult {
  outputs: Record<string, unknown> | null;
  error: string | null;
  latency_ms: number;
  calls: { name: string; endpoint: string; status: number | null; ms: number }[];
}

/** Where a case's answers come from: the live entry (through the cache) or an answers file. */
export type Responder = (c: EvalCase, call: Call, timeoutMs: number) => Promise<CallOutcome>;

export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * The live entry, asking the cache first when there is one. A cached answer keeps the latency it had when
 * it was first received, so latency figures still describe the entry, not the cache.
 */
export function liveResponder(
  target: Target,
  cache?: { store: RequestCache; entry: string; stats: CacheStats },
): Responder {
  return async (_c, call, timeoutMs) => {
    const key = cache ? cacheKey(cache.entry, call.endpoint, call.body) : '';
    const hit = cache?.store.get(key);
    if (cache && hit) {
      cache.stats.hits++;
      return { ok: true, ...hit };
    }
    const r = await callTarget(target, call.endpoint, call.body, timeoutMs);
    if (cache) {
      cache.stats.misses++;
      // Kept only when the answer also fits the contract, so a broken answer is asked again next time.
      if (r.ok && call.schema.safeParse(r.json).success)
        cache.store.put(key, { status: r.status, json: r.json, ms: r.ms });
    }
    return r;
  };
}

export const answersResponder =
  (book: AnswerBook): Responder =>
  async (c, call) =>
    book.answer(c.id, call);

export interface RunOptions {
  concurrency: number;
  timeoutMs: number;
  /** Called as each case finishes, inside its worker (so scoring and writing keep pace with the run). */
  onResult?: (index: number, raw: RawResult) => Promise<void> | void;
}

/** Runs one case's calls in order; the first failing call (status, body or shape) becomes the case's error. */
export async function runCase(c: EvalCase, respond: Responder, timeoutMs: number): Promise<RawResult> {
  const outputs: Record<string, unknown> = {};
  const calls: RawResult['calls'] = [];
  let latency = 0;
  for (const call of c.calls) {
    const r = await respond(c, call, timeoutMs);
    latency += r.ms;
    calls.push({ name: call.name, endpoint: call.endpoint, status: r.status, ms: r.ms });
    if (!r.ok) return { outputs: null, error: `${call.endpoint}: ${r.error}`, latency_ms: latency, calls };
    const parsed = call.schema.safeParse(r.json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      return {
        outputs: null,
        error: `${call.endpoint}: invalid_response: ${issues.join('; ')}`,
        latency_ms: latency,
        calls,
      };
    }
    outputs[call.name] = r.json;
  }
  return { outputs, error: null, latency_ms: Math.round(latency * 100) / 100, calls };
}

/** Runs the given cases with at most `concurrency` in flight; never throws per case. */
export async function runCases(
  cases: EvalCase[],
  respond: Responder,
  opts: RunOptions,
): Promise<{ results: RawResult[]; wallMs: number }> {
  const results: RawResult[] = new Array(cases.length);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], respond, opts.timeoutMs);
      await opts.onResult?.(i, results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cases.length)) }, worker));
  return { results, wallMs: performance.now() - t0 };
}
