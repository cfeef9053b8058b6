import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCorpusIndex } from './checks/corpus-index.ts';
import { DataError, expandDataPaths, readJsonl, type DataFile } from './data.ts';
import type { ReplyJudge } from './judge/reply-judge.ts';
import { latencyMetrics } from './metrics/latency.ts';
import { openRun } from './partial.ts';
import { createProgress } from './progress.ts';
import { answersResponder, liveResponder, runCases, type CacheStats, type RawResult } from './runner.ts';
import { applyGates } from './suite.ts';
import type { AnswerBook } from './targets/answers.ts';
import type { RequestCache } from './targets/cache.ts';
import { entryLabel, fetchEntryInfo } from './targets/info.ts';
import type { Target } from './targets/types.ts';
import { TASK_SPECS } from './tasks/index.ts';
import type { CaseResult, EntryInfo, EvalCase, Report, TaskContext, TaskName, TaskSpec, Threshold } from './types.ts';

export interface EvaluateOptions {
  task: TaskName;
  data: string;
  /** The live entry; with `answers` a stand-in of kind 'answers' (nothing is sent). */
  target: Target;
  /** Answers produced elsewhere (--answers): scored instead of asking the target. */
  answers?: AnswerBook;
  root: string;
  corpusDir: string;
  limit?: number;
  concurrency: number;
  timeoutMs: number;
  kind?: string;
  k?: number;
  suite?: string;
  note?: string;
  /** Why this suite's figures are in-sample for the shipped model (suite field in_sample). */
  inSample?: string;
  thresholds?: Record<string, Threshold>;
  /** Label for the progress output; none when omitted (tests). */
  progressLabel?: string;
  /** Folder the cases are streamed to as they finish (cases.jsonl); needed for `resume`. */
  out?: string;
  /** Keep the previous run's answered cases in `out` and run only the missing or failed ones. */
  resume?: boolean;
  /** Identical requests to the same entry are answered from here (not for sensitive tasks). */
  cache?: RequestCache;
  /** The entry's display name (--entry); else from /v1/info or the URL. */
  entry?: string;
  judge?: ReplyJudge;
}

/** The commit the figures belong to; `dirty` because the working tree is shared and often has edits. */
export function gitInfo(cwd: string): Report['meta']['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

function harnessVersion(root: string): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
    return { name: 'xinfang-eval', version: pkg.version ?? 'unknown' };
  } catch {
    return { name: 'xinfang-eval', version: 'unknown' };
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
  let checks: ReturnType<TaskSpec['check']> | undefined;
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

/** Adds the judge's grades to a case whose answer has a reply. */
async function judged(judge: ReplyJudge | undefined, c: EvalCase, r: CaseResult, raw: RawResult): Promise<CaseResult> {
  const draft = raw.outputs?.draft as { reply?: unknown; citations?: unknown } | undefined;
  if (!judge || r.error || typeof draft?.reply !== 'string') return r;
  return { ...r, checks: [...r.checks, ...(await judge.judge(c, draft.reply, draft.citations))] };
}

async function identify(
  opts: EvaluateOptions,
  root: string,
): Promise<{ info: EntryInfo | null; info_error: string | null; cacheEntry: string | null }> {
  if (opts.answers)
    return {
      info: opts.answers.info,
      info_error: opts.answers.info ? null : 'answers file has no info line',
      cacheEntry: null,
    };
  const { info, error } = await fetchEntryInfo(opts.target);
  const git = opts.target.kind === 'in-process' ? gitInfo(root) : null;
  // In-process answers come from this working tree: cache them only when it is clean (its commit names the code).
  const stale = git !== null && (git.dirty !== false || !git.commit);
  const cacheEntry = stale ? null : JSON.stringify([opts.target.kind, opts.target.url, git?.commit ?? null, info]);
  return { info, info_error: error, cacheEntry };
}

/** The run's cases from its data files; a repeated id would make --resume and --answers ambiguous. */
function loadCases(spec: TaskSpec, opts: EvaluateOptions, ctx: TaskContext) {
  const { files, rows } = loadRows(spec, opts.data, opts.limit);
  const cases = rows.map((r) => spec.toCase(r, ctx));
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new DataError(`duplicate case id ${c.id} in ${opts.data}`);
    seen.add(c.id);
  }
  return { cases, data: files.map((f) => ({ ...f, path: relative(opts.root, f.path) || f.path })) };
}

/** Runs one task over one data set against one target and returns the complete report (not yet written). */
export async function evaluate(opts: EvaluateOptions): Promise<Report> {
  const spec = TASK_SPECS[opts.task];
  const ctx: TaskContext = { corpus: loadCorpusIndex(opts.corpusDir), kind: opts.kind ?? 'opinion', k: opts.k ?? 10 };
  const { cases, data } = loadCases(spec, opts, ctx);
  const run = opts.out
    ? openRun(opts.out, { task: opts.task, data, limit: opts.limit ?? null }, opts.resume ?? false)
    : null;
  const done: (CaseResult | undefined)[] = cases.map((c) => run?.kept.get(c.id));
  const todo = cases.map((_, i) => i).filter((i) => !done[i]);
  const who = await identify(opts, opts.root);
  const stats: CacheStats = { hits: 0, misses: 0 };
  // Self-harm answers may echo the text: they never go to the cache file.
  const cache =
    opts.cache && who.cacheEntry && !spec.sensitive ? { store: opts.cache, entry: who.cacheEntry, stats } : undefined;
  const respond = opts.answers ? answersResponder(opts.answers) : liveResponder(opts.target, cache);
  const started = new Date();
  const progress = opts.progressLabel ? createProgress(opts.progressLabel, todo.length) : undefined;
  let errors = 0;
  let finished = 0;
  const { wallMs } = await runCases(
    todo.map((i) => cases[i]),
    respond,
    {
      concurrency: opts.concurrency,
      timeoutMs: opts.timeoutMs,
      onResult: async (j, raw) => {
        const c = cases[todo[j]];
        const r = await judged(opts.judge, c, scoreCase(spec, c, raw, ctx), raw);
        done[todo[j]] = r;
        run?.append(r);
        if (r.error) errors++;
        progress?.update(++finished, errors);
      },
    },
  );
  const caseResults = done as CaseResult[];
  const summary = spec.summarize(caseResults);
  const metrics = { ...summary.metrics, ...latencyMetrics(caseResults, wallMs) };
  const gates = applyGates(metrics, opts.thresholds ?? {});
  const extra = { who, cache: { ...stats, resumed: cases.length - todo.length }, started, wallMs, ctx, data };
  return {
    format: 'xinfang-eval/1',
    meta: reportMeta(opts, extra),
    summary: { metrics, confusions: summary.confusions, gates, passed: gates.every((g) => g.pass) },
    cases: caseResults,
  };
}

interface MetaParts {
  who: Awaited<ReturnType<typeof identify>>;
  cache: NonNullable<Report['meta']['cache']>;
  started: Date;
  wallMs: number;
  ctx: TaskContext;
  data: Report['meta']['data'];
}

function reportMeta(opts: EvaluateOptions, p: MetaParts): Report['meta'] {
  return {
    task: opts.task,
    suite: opts.suite ?? null,
    note: opts.note ?? null,
    target: { kind: opts.target.kind, url: opts.target.url },
    entry: { label: entryLabel(p.who.info, opts.target, opts.entry), info: p.who.info, info_error: p.who.info_error },
    harness: harnessVersion(opts.root),
    in_sample: opts.inSample ?? null,
    cache: p.cache,
    judge: opts.judge ? opts.judge.usage() : null,
    data: p.data,
    git: gitInfo(opts.root),
    started_at: p.started.toISOString(),
    finished_at: new Date().toISOString(),
    wall_ms: Math.round(p.wallMs),
    limit: opts.limit ?? null,
    concurrency: opts.concurrency,
    timeout_ms: opts.timeoutMs,
    options: {
      kind: opts.task === 'replies' ? p.ctx.kind : undefined,
      k: opts.task === 'clauses' ? p.ctx.k : undefined,
    },
    node: process.version,
  };
}
