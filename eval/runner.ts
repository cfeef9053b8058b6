import { callTarget, type Target } from './targets/types.ts';
import type { EvalCase } from './types.ts';

export interface RawResult {
  outputs: Record<string, unknown> | null;
  error: string | null;
  latency_ms: number;
  calls: { name: string; endpoint: string; status: number | null; ms: number }[];
}

export interface RunOptions {
  concurrency: number;
  timeoutMs: number;
  onProgress?: (done: number, errors: number) => void;
}

/** Runs one case's calls in order; the first failing call (status, body or shape) becomes the case's error. */
export async function runCase(c: EvalCase, target: Target, timeoutMs: number): Promise<RawResult> {
  const outputs: Record<string, unknown> = {};
  const calls: RawResult['calls'] = [];
  let latency = 0;
  for (const call of c.calls) {
    const r = await callTarget(target, call.endpoint, call.body, timeoutMs);
    latency += r.ms;
    calls.push({ name: call.name, endpoint: call.endpoint, status: r.status, ms: r.ms });
    if (!r.ok) return { outputs: null, error: `${call.endpoint}: ${r.error}`, latency_ms: latency, calls };
    const parsed = call.schema.safeParse(r.json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      return { outputs: null, error: `${call.endpoint}: invalid_response: ${issues.join('; ')}`, latency_ms: latency, calls };
    }
    outputs[call.name] = r.json;
  }
  return { outputs, error: null, latency_ms: Math.round(latency * 100) / 100, calls };
}

/** Runs all cases with at most `concurrency` in flight; results come back in input order; never throws per case. */
export async function runCases(cases: EvalCase[], target: Target, opts: RunOptions): Promise<{ results: RawResult[]; wallMs: number }> {
  const results: RawResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  let errors = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], target, opts.timeoutMs);
      done++;
      if (results[i].error) errors++;
      opts.onProgress?.(done, errors);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cases.length)) }, worker));
  return { results, wallMs: performance.now() - t0 };
}
