import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { leaderboardCommand } from './cli-leaderboard.ts';
import { DataError } from './data.ts';
import { evaluate } from './evaluate.ts';
import { createReplyJudge, type ReplyJudge } from './judge/reply-judge.ts';
import { compareText, groupReports, renderCompareHtml } from '../src/reports/compare.ts';
import { renderReportHtml } from '../src/reports/html.ts';
import { readReport, writeReport } from '../src/reports/write.ts';
import { expandDataPaths } from './data.ts';
import { listSuites, loadSuite, normaliseThresholds, type Suite } from './suite.ts';
import { loadAnswers, type AnswerBook } from './targets/answers.ts';
import { openRequestCache, type RequestCache } from './targets/cache.ts';
import { createHttpTarget } from './targets/http.ts';
import { createInProcessTarget } from './targets/in-process.ts';
import type { Target } from './targets/types.ts';
import { TASKS, type Report, type TaskName } from './types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORTS = join(ROOT, 'eval', 'reports');
const DEFAULT_TIMEOUT_MS = 10_000;

const USAGE = `xinfang-assist evaluation harness

  npm run eval -- --task <task> --data <file.jsonl|dir|pattern> [--target URL | --answers FILE.jsonl] [--out DIR]
                  [--concurrency N] [--limit N] [--timeout MS] [--api-key KEY] [--header "Name: value"]
                  [--kind K] [--k N] [--corpus DIR] [--entry NAME] [--resume] [--no-cache] [--cache FILE]
                  [--judge-url URL --judge-model M [--judge-api-key K] [--judge-price IN,OUT]]
  npm run eval -- --suite eval/suites/<name>.yaml [--target URL | --answers FILE.jsonl] [--out DIR] [--limit N] ...
  npm run eval -- --all [--target URL] [--out DIR]          (npm run eval:all)
  npm run eval -- leaderboard [NAME=]<report dir|run dir|report.json> ... [--out DIR] [--weights suite=w,...]
                  [--include-in-sample] [--resamples N] [--seed N]
  npm run eval -- compare <report dir|report.json> ... [--out compare.html]
  npm run eval -- report <report dir>                       (re-render report.html from report.json)

tasks: ${TASKS.join(', ')}. Without --target the harness calls our service in-process.
Exit status: 0 ok, 1 a gated metric fell below its threshold, 2 bad usage, data or target set-up.`;

const OPTIONS = {
  task: { type: 'string' },
  data: { type: 'string' },
  target: { type: 'string' },
  out: { type: 'string' },
  concurrency: { type: 'string' },
  limit: { type: 'string' },
  timeout: { type: 'string' },
  header: { type: 'string', multiple: true },
  'api-key': { type: 'string' },
  kind: { type: 'string' },
  k: { type: 'string' },
  corpus: { type: 'string' },
  suite: { type: 'string' },
  all: { type: 'boolean' },
  answers: { type: 'string' },
  entry: { type: 'string' },
  resume: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  cache: { type: 'string' },
  'judge-url': { type: 'string' },
  'judge-model': { type: 'string' },
  'judge-api-key': { type: 'string' },
  'judge-price': { type: 'string' },
  weights: { type: 'string' },
  'include-in-sample': { type: 'boolean' },
  resamples: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {}

const int = (v: string | undefined, name: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, got ${v}`);
  return n;
};

function headers(list: string[] = [], apiKey?: string): Record<string, string> {
  const extra = apiKey ? [`Authorization: Bearer ${apiKey}`] : [];
  return Object.fromEntries(
    [...extra, ...list].map((h) => {
      const i = h.indexOf(':');
      if (i <= 0) throw new UsageError(`--header must look like "Name: value", got ${h}`);
      return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
    }),
  );
}

/** With --answers nothing is sent: a stand-in target that names the file. */
function answersTarget(path: string): Target {
  return {
    kind: 'answers',
    url: path,
    send: () => Promise.reject(new Error('an answers file is not an entry to call')),
    close: async () => {},
  };
}

async function makeTarget(args: Args): Promise<Target> {
  if (args.answers) {
    if (args.target) throw new UsageError('give --target or --answers, not both');
    return answersTarget(resolve(args.answers));
  }
  if (args.target) {
    if (!/^https?:\/\//.test(args.target)) throw new UsageError(`--target must be an http(s) URL, got ${args.target}`);
    return createHttpTarget(args.target, headers(args.header, args['api-key']));
  }
  return createInProcessTarget({ headers: headers(args.header, args['api-key']) });
}

/** What every run of one CLI invocation shares: the request cache, the judge, an answers file. */
interface Shared {
  cache?: RequestCache;
  judge?: ReplyJudge;
  answers?: AnswerBook;
}

function openShared(args: Args): Shared {
  const shared: Shared = {};
  if (args.answers) shared.answers = loadAnswers(resolve(args.answers));
  // Answers from a file need no cache; everything else is cached unless --no-cache.
  else if (!args['no-cache'])
    shared.cache = openRequestCache(resolve(args.cache ?? join(REPORTS, '.cache', 'requests.sqlite')));
  if (args['judge-url'] || args['judge-model']) {
    if (!args['judge-url'] || !args['judge-model'])
      throw new UsageError('the judge needs both --judge-url and --judge-model');
    if (!/^https?:\/\//.test(args['judge-url']))
      throw new UsageError(`--judge-url must be an http(s) URL, got ${args['judge-url']}`);
    shared.judge = createReplyJudge({
      baseUrl: args['judge-url'],
      model: args['judge-model'],
      apiKey: args['judge-api-key'],
      price: parsePrice(args['judge-price']),
    });
  }
  return shared;
}

/** `--judge-price 2,8`: price per million prompt and completion tokens. */
function parsePrice(s: string | undefined) {
  if (s === undefined) return undefined;
  const [input, output] = s.split(',').map(Number);
  if (!Number.isFinite(input) || !Number.isFinite(output) || input < 0 || output < 0) {
    throw new UsageError(`--judge-price takes two numbers "IN,OUT" (per million tokens), got ${s}`);
  }
  return { input, output };
}

/** One run: a suite (with its defaults and gates) or an ad-hoc --task/--data; CLI flags win over the suite. */
async function runOne(args: Args, target: Target, shared: Shared, suite?: Suite): Promise<Report> {
  const task = (suite?.task ?? args.task) as TaskName;
  const name = suite?.name ?? task;
  // One run writes to --out itself; --all writes each suite to a folder named after it under --out.
  const dirName = `${name}-${target.kind}`;
  const out = args.all ? join(resolve(args.out ?? REPORTS), dirName) : resolve(args.out ?? join(REPORTS, dirName));
  const report = await evaluate({
    task,
    data: suite ? resolve(ROOT, suite.data) : resolve(args.data!),
    target,
    answers: shared.answers,
    root: ROOT,
    corpusDir: resolve(ROOT, args.corpus ?? 'corpus'),
    limit: int(args.limit, 'limit') ?? suite?.limit,
    concurrency: int(args.concurrency, 'concurrency') ?? (target.kind === 'http' ? (suite?.concurrency ?? 4) : 1),
    timeoutMs: int(args.timeout, 'timeout') ?? suite?.timeout_ms ?? DEFAULT_TIMEOUT_MS,
    kind: args.kind ?? suite?.options?.kind,
    k: int(args.k, 'k') ?? suite?.options?.k,
    suite: suite?.name,
    note: suite?.note,
    inSample: suite?.in_sample,
    thresholds: normaliseThresholds(suite?.thresholds),
    progressLabel: name,
    out,
    resume: args.resume,
    cache: shared.cache,
    entry: args.entry,
    judge: shared.judge,
  });
  const files = writeReport(out, report);
  printSummary(report, files.html);
  return report;
}

function printSummary(r: Report, html: string) {
  const m = r.summary.metrics;
  const keys = [
    'n',
    'errors',
    'accuracy',
    'macro_f1',
    'auroc',
    'recall_high',
    'hit@5',
    'structure_rate',
    'pass_rate',
    'p50_ms',
  ];
  const figures = keys
    .filter((k) => m[k] !== undefined && m[k] !== null)
    .map((k) => `${k}=${Number.isInteger(m[k]) ? m[k] : m[k]!.toFixed(4)}`);
  console.log(`${r.meta.suite ?? r.meta.task} [${r.meta.target.kind}] ${figures.join(' ')}`);
  for (const g of r.summary.gates) {
    console.log(
      `  gate ${g.metric} ${g.value === null ? 'unmeasured' : g.value.toFixed(4)} ${g.min !== undefined ? `>= ${g.min}` : ''}${g.min !== undefined && g.max !== undefined ? ' and ' : ''}${g.max !== undefined ? `<= ${g.max}` : ''}: ${g.pass ? 'pass' : 'FAIL'}`,
    );
  }
  const c = r.meta.cache;
  if (c && (c.hits || c.resumed))
    console.log(
      `  cache: ${c.hits} answers from the cache, ${c.misses} asked; ${c.resumed} cases kept from the earlier run`,
    );
  if (r.meta.judge)
    console.log(
      `  judge ${r.meta.judge.model}: ${r.meta.judge.calls} calls, ${r.meta.judge.failures} failed, tokens ${r.meta.judge.prompt_tokens} + ${r.meta.judge.completion_tokens}, cost ${r.meta.judge.cost ?? 'no price given'}`,
    );
  console.log(`  report: ${html}`);
}

async function runAll(args: Args): Promise<number> {
  if (args.answers) throw new UsageError('--answers scores one suite or task; it cannot be combined with --all');
  const target = await makeTarget(args);
  const shared = openShared(args);
  let failed = false;
  const t0 = Date.now();
  try {
    for (const path of listSuites(join(ROOT, 'eval', 'suites'))) {
      const suite = loadSuite(path);
      if (expandDataPaths(resolve(ROOT, suite.data)).length === 0) {
        console.log(`${suite.name}: skipped, no data matches ${suite.data}`);
        continue;
      }
      const r = await runOne(args, target, shared, suite);
      failed ||= !r.summary.passed;
    }
  } finally {
    shared.cache?.close();
    await target.close();
  }
  console.log(
    `all suites done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${failed ? 'a gate FAILED' : 'all gates passed'}`,
  );
  return failed ? 1 : 0;
}

function compare(paths: string[], out?: string): number {
  if (paths.length === 0) throw new UsageError('compare needs at least one report directory or report.json');
  const columns = paths.map((p) => ({
    label: basename(p.endsWith('.json') ? dirname(p) : p),
    report: readReport(resolve(p)),
  }));
  const groups = groupReports(columns);
  console.log(compareText(groups));
  const file = resolve(out ?? join(REPORTS, 'compare.html'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderCompareHtml(groups));
  console.log(`leaderboard: ${file}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values: args, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] === 'compare') return compare(positionals.slice(1), args.out);
  if (positionals[0] === 'leaderboard') {
    const { md, files } = leaderboardCommand(positionals.slice(1), {
      root: ROOT,
      out: resolve(args.out ?? join(REPORTS, 'leaderboard')),
      weights: args.weights,
      includeInSample: args['include-in-sample'],
      resamples: int(args.resamples, 'resamples'),
      seed: args.seed === undefined ? undefined : Number(args.seed),
    });
    console.log(md.split('\n## 各套件')[0]);
    console.log(files.join('\n'));
    return 0;
  }
  if (positionals[0] === 'report') {
    const dir = resolve(positionals[1] ?? '.');
    writeFileSync(join(dir, 'report.html'), renderReportHtml(readReport(dir)));
    console.log(`rendered ${join(dir, 'report.html')}`);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unknown command ${positionals[0]}`);
  if (args.all) return runAll(args);
  if (!args.suite && !(args.task && args.data))
    throw new UsageError('give --suite FILE, --all, or both --task and --data');
  if (args.task && !TASKS.includes(args.task as TaskName))
    throw new UsageError(`--task must be one of ${TASKS.join(', ')}`);
  const suite = args.suite ? loadSuite(resolve(args.suite)) : undefined;
  if (suite && args.task && args.task !== suite.task)
    throw new UsageError(`--task ${args.task} contradicts the suite's task ${suite.task}`);
  const target = await makeTarget(args);
  const shared = openShared(args);
  try {
    const r = await runOne(args, target, shared, suite);
    return r.summary.passed ? 0 : 1;
  } finally {
    shared.cache?.close();
    await target.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    // Usage, data and set-up problems stop the run before any case; the entry's failures never get here.
    console.error(`eval: ${err.message}`);
    if (err instanceof UsageError) console.error(`\n${USAGE}`);
    else if (
      !(err instanceof DataError) &&
      !/^(invalid suite|in-process target|no report|leaderboard|--weights)/.test(err.message)
    )
      console.error(err.stack);
    process.exit(2);
  },
);
