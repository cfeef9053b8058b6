import { pairedTest, percentileInterval, resampleIndices, type PairedTest } from '../metrics/bootstrap.ts';
import { TASK_SPECS } from '../tasks/index.ts';
import type { CaseResult, Report } from '../types.ts';
import { dataKey } from '../../src/reports/compare.ts';

/** The paired test, stated in every output so a reader knows what "not significant" means. */
export const TEST_NAME =
  '配对自助法（paired bootstrap）：每次重采样两个系统取同一批用例，差值的 95 % 百分位区间不含 0 即为显著（双侧）';

/** Share of scored cases that passed every check: the ranking metric of a task without its own headline. */
export const CASE_PASS_RATE = 'case_pass_rate';

export interface LeaderboardInput {
  /** The entry's display name; the same name across suites makes one entry of the overall ranking. */
  entry: string;
  report: Report;
}

export interface LeaderboardOptions {
  resamples?: number;
  seed?: number;
  /** Suite (or task) name → weight in the overall ranking; unnamed suites weigh 1. */
  weights?: Record<string, number>;
  /** Counts in-sample suites in the overall ranking (they are always shown, marked). */
  includeInSample?: boolean;
}

export interface Cell {
  value: number | null;
  interval: [number, number] | null;
}

export interface Standing {
  entry: string;
  rank: number;
  metrics: Record<string, Cell>;
  /** The paired test against the next entry in the ranking (null for the last). */
  vsNext: PairedTest | null;
  report: Report;
}

export interface TaskBoard {
  /** Suite name, or the task when the reports came from --task runs. */
  name: string;
  task: string;
  data: string;
  inSample: string | null;
  headline: string[];
  /** Cases every entry answered (the paired comparison runs on these). */
  n: number;
  /** Case ids some entry lacks (left out of the comparison). */
  unmatched: number;
  standings: Standing[];
}

export interface OverallStanding {
  entry: string;
  rank: number;
  value: number;
  interval: [number, number] | null;
  vsNext: PairedTest | null;
  /** Suites of the headline the entry has no report for (they count 0). */
  missing: string[];
}

export interface Leaderboard {
  generated_at: string;
  method: { resamples: number; seed: number; level: number; test: string; weighting: string };
  tasks: TaskBoard[];
  overall: { suites: { name: string; weight: number }[]; standings: OverallStanding[] };
}

const DEFAULT_RESAMPLES = 1000;
const DEFAULT_SEED = 20;

/** The metric values of a set of cases, from the task's own summary (so replicates match the report). */
export function metricsOf(task: string, cases: CaseResult[]): Record<string, number | null> {
  const spec = TASK_SPECS[task as keyof typeof TASK_SPECS];
  const scored = cases.filter((c) => c.pass !== null);
  const passRate = scored.length ? scored.filter((c) => c.pass).length / scored.length : null;
  return { ...(spec ? spec.summarize(cases).metrics : {}), [CASE_PASS_RATE]: passRate };
}

export function headlineOf(task: string): string[] {
  return TASK_SPECS[task as keyof typeof TASK_SPECS]?.headline ?? [CASE_PASS_RATE];
}

/** Groups reports by task and data (SHA-256); within a group one report per entry name (a repeat gets its date). */
function groupInputs(inputs: LeaderboardInput[]): Map<string, LeaderboardInput[]> {
  const groups = new Map<string, LeaderboardInput[]>();
  for (const input of inputs) {
    const key = dataKey(input.report);
    const list = groups.get(key) ?? [];
    const entry = list.some((x) => x.entry === input.entry)
      ? `${input.entry} (${input.report.meta.started_at.slice(0, 16)})`
      : input.entry;
    list.push({ ...input, entry });
    groups.set(key, list);
  }
  return groups;
}

/** Case ids every report of the group has, in the first report's order. */
function sharedIds(list: LeaderboardInput[]): { ids: string[]; unmatched: number } {
  const sets = list.map((x) => new Set(x.report.cases.map((c) => c.id)));
  const all = new Set(list.flatMap((x) => x.report.cases.map((c) => c.id)));
  const ids = list[0].report.cases.map((c) => c.id).filter((id) => sets.every((s) => s.has(id)));
  return { ids, unmatched: all.size - ids.length };
}

interface Computed {
  board: TaskBoard;
  /** entry → ranking-metric replicates (indices shared across entries of the board). */
  reps: Map<string, (number | null)[]>;
}

function buildBoard(key: string, list: LeaderboardInput[], resamples: number, seed: number): Computed {
  const first = list[0].report;
  const task = first.meta.task;
  const { ids, unmatched } = sharedIds(list);
  const headline = headlineOf(task);
  const indices = resampleIndices(ids.length, resamples, seed);
  const reps = new Map<string, (number | null)[]>();
  const rows = list.map(({ entry, report }) => {
    const byId = new Map(report.cases.map((c) => [c.id, c]));
    const cases = ids.map((id) => byId.get(id)!);
    const point = metricsOf(task, cases);
    const replicates = indices.map((idx) =>
      metricsOf(
        task,
        Array.from(idx, (i) => cases[i]),
      ),
    );
    const metrics: Record<string, Cell> = {};
    for (const m of headline) {
      metrics[m] = { value: point[m] ?? null, interval: percentileInterval(replicates.map((r) => r[m] ?? null)) };
    }
    reps.set(
      entry,
      replicates.map((r) => r[headline[0]] ?? null),
    );
    return { entry, metrics, report };
  });
  const primary = headline[0];
  rows.sort((a, b) => (b.metrics[primary].value ?? -Infinity) - (a.metrics[primary].value ?? -Infinity));
  const standings: Standing[] = rows.map((r, i) => {
    const next = rows[i + 1];
    const a = r.metrics[primary].value;
    const b = next?.metrics[primary].value;
    const vsNext =
      next && a !== null && b !== null && b !== undefined
        ? pairedTest(a, b, reps.get(r.entry)!, reps.get(next.entry)!)
        : null;
    return { ...r, rank: i + 1, vsNext };
  });
  const inSample = list.map((x) => x.report.meta.in_sample).find((x) => x) ?? null;
  // A headline no entry was measured on (judge_score without a judge) would only be a column of dashes.
  const shown = headline.filter((m, i) => i === 0 || rows.some((r) => r.metrics[m].value !== null));
  const board: TaskBoard = {
    name: first.meta.suite ?? task,
    task,
    data: key,
    inSample,
    headline: shown,
    n: ids.length,
    unmatched,
    standings,
  };
  return { board, reps };
}

/**
 * Overall: the weighted mean of each suite's ranking metric over the headline suites (in-sample ones only
 * when asked); a suite an entry was not run on counts 0 for it. Replicate b of the overall score is the
 * weighted mean of replicate b of each suite, so the overall test stays paired.
 */
function overallOf(computed: Computed[], weights: Record<string, number>, resamples: number): Leaderboard['overall'] {
  const suites = computed.map((c) => ({
    name: c.board.name,
    weight: weights[c.board.name] ?? weights[c.board.task] ?? 1,
  }));
  const total = suites.reduce((s, x) => s + x.weight, 0);
  const entries = [...new Set(computed.flatMap((c) => c.board.standings.map((s) => s.entry)))];
  const rows = entries.map((entry) => {
    const reps = new Array<number>(resamples).fill(0);
    let value = 0;
    const missing: string[] = [];
    computed.forEach((c, g) => {
      const w = suites[g].weight / (total || 1);
      const st = c.board.standings.find((s) => s.entry === entry);
      const v = st?.metrics[c.board.headline[0]].value;
      if (!st || v === null || v === undefined) return void missing.push(c.board.name);
      value += w * v;
      c.reps.get(entry)!.forEach((r, b) => (reps[b] += w * (r ?? 0)));
    });
    return { entry, value, reps, missing };
  });
  rows.sort((a, b) => b.value - a.value);
  const standings = rows.map((r, i) => {
    const next = rows[i + 1];
    return {
      entry: r.entry,
      rank: i + 1,
      value: r.value,
      interval: computed.length ? percentileInterval(r.reps) : null,
      vsNext: next && computed.length ? pairedTest(r.value, next.value, r.reps, next.reps) : null,
      missing: r.missing,
    };
  });
  return { suites, standings };
}

/** Ranks the entries of saved reports per suite and overall, with bootstrap intervals and paired tests. */
export function buildLeaderboard(inputs: LeaderboardInput[], opts: LeaderboardOptions = {}): Leaderboard {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const seed = opts.seed ?? DEFAULT_SEED;
  const computed = [...groupInputs(inputs).entries()].map(([key, list], i) =>
    buildBoard(key, list, resamples, seed + i),
  );
  const headline = computed.filter((c) => opts.includeInSample || !c.board.inSample);
  return {
    generated_at: new Date().toISOString(),
    method: {
      resamples,
      seed,
      level: 0.95,
      test: TEST_NAME,
      weighting: `总分 = 各套件排名指标的加权平均（未用 --weights 指定的套件权重为 1），某系统未参评的套件按 0 计；样本内套件${opts.includeInSample ? '计入（--include-in-sample）' : '不计入'}`,
    },
    tasks: computed.map((c) => c.board),
    overall: overallOf(headline, opts.weights ?? {}, resamples),
  };
}
