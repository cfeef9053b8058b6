import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { loadCorpusIndex } from './checks/corpus-index.ts';
import { DataError, expandDataPaths, readJsonl, type DataFile } from './data.ts';
import { latencyMetrics } from './metrics/latency.ts';
import { createProgress } from './progress.ts';
import { runCases, type RawResult } from './runner.ts';
import { applyGates } from './suite.ts';
import type { Target } from './targets/types.ts';
import { TASK_SPECS } from './tasks/index.ts';
import type { CaseResult, EvalCase, Report, TaskContext, TaskName, TaskSpec, Threshold } from './types.ts';

export interface EvaluateOptions {
  task: TaskName;
  data: string;
  target: Target;
  root: string;
  corpusDir: string;
  limit?: number;
  concurrency: number;
  timeoutMs: number;
  kind?: string;
  k?: number;
  suite?: string;
  note?: string;
  thresholds?: Record<string, Threshold>;
  /** Label for the progress output; none when omitted (tests). */
  progressLabel?: string;
}

/** The commit the figures belong to; `dirty` because the working tree is shared and often has edits. */
export function gitInfo(cwd: string): Report['meta']['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

function loadRows(spec: TaskSpec, pattern: string, limit?: number) {
  const paths = expandDataPaths(pattern);
  if (paths.length === 0) throw new DataError(`no data files match ${pattern}`);
  const files: DataFile[] = [];
  const rows: unknown[] = [];
  for (const p of paths) {
    const r = readJsonl(p, spec.rowSchema);
    files.push(r.file);
    rows.push(...r.rows);
  }
  return { files, rows: limit ? rows.slice(0, limit) : rows };
}

/** Checks one answered (or failed) case; a check that throws is the entry's malformed answer, not a crash. */
function scoreCase(spec: TaskSpec, c: EvalCase, raw: RawResult, ctx: TaskContext): CaseResult {
  // `/v1/analyze: http_500: <body>` → `/v1/analyze: http_500` when the body might echo sensitive text.
  let error = raw.error && spec.sensitive ? raw.error.split(': ').slice(0, 2).join(': ') : raw.error;
  let checks;
  let output: Record<string, unknown> | null = null;
  try {
    checks = spec.check(c, raw.outputs, ctx);
    if (raw.outputs) output = spec.keep ? spec.keep(raw.outputs) : raw.outputs;
  } catch (err) {
    error = `check_failed: ${(err as Error).message}`;
    checks = spec.check(c, null, ctx);
  }
  const scored = checks.filter((k) => k.pass !== null);
  const pass = error ? false : scored.length === 0 ? null : scored.every((k) => k.pass);
  return { id: c.id, expected: c.expected, output, checks, pass, latency_ms: raw.latency_ms, calls: raw.calls, error };
}

/** Runs one task over one data set against one target and returns the complete report (not yet written). */
export async function evaluate(opts: EvaluateOptions): Promise<Report> {
  const spec = TASK_SPECS[opts.task];
  const ctx: TaskContext = { corpus: loadCorpusIndex(opts.corpusDir), kind: opts.kind ?? 'opinion', k: opts.k ?? 10 };
  const { files, rows } = loadRows(spec, opts.data, opts.limit);
  const cases = rows.map((r) => spec.toCase(r, ctx));
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new DataError(`duplicate case id ${c.id} in ${opts.data}`);
    seen.add(c.id);
  }
  const started = new Date();
  const progress = opts.progressLabel ? createProgress(opts.progressLabel, cases.length) : undefined;
  const { results, wallMs } = await runCases(cases, opts.target, {
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    onProgress: progress?.update,
  });
  const caseResults = cases.map((c, i) => scoreCase(spec, c, results[i], ctx));
  const summary = spec.summarize(caseResults);
  const metrics = { ...summary.metrics, ...latencyMetrics(caseResults, wallMs) };
  const gates = applyGates(metrics, opts.thresholds ?? {});
  return {
    format: 'xinfang-eval/1',
    meta: {
      task: opts.task,
      suite: opts.suite ?? null,
      note: opts.note ?? null,
      target: { kind: opts.target.kind, url: opts.target.url },
      data: files.map((f) => ({ ...f, path: relative(opts.root, f.path) || f.path })),
      git: gitInfo(opts.root),
      started_at: started.toISOString(),
      finished_at: new Date().toISOString(),
      wall_ms: Math.round(wallMs),
      limit: opts.limit ?? null,
      concurrency: opts.concurrency,
      timeout_ms: opts.timeoutMs,
      options: { kind: opts.task === 'replies' ? ctx.kind : undefined, k: opts.task === 'clauses' ? ctx.k : undefined },
      node: process.version,
    },
    summary: { metrics, confusions: summary.confusions, gates, passed: gates.every((g) => g.pass) },
    cases: caseResults,
  };
}
