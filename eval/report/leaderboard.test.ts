import { describe, expect, it } from 'vitest';
import type { CaseResult, Report, TaskName } from '../types.ts';
import { findDisagreements } from './disagreements.ts';
import { renderLeaderboardHtml } from './leaderboard-html.ts';
import { buildLeaderboard, type LeaderboardInput } from './leaderboard.ts';

const LABELS = ['angry', 'sad'];

/** A saved emotion report whose entry answers wrongly on the ids in `wrong` (made-up ids, no texts). */
function emotionReport(
  suite: string,
  n: number,
  wrong: (i: number) => boolean,
  inSample: string | null = null,
): Report {
  const cases: CaseResult[] = Array.from({ length: n }, (_, i) => {
    const gold = LABELS[i % 2];
    const pred = wrong(i) ? LABELS[(i + 1) % 2] : gold;
    return {
      id: `c${i}`,
      expected: { emotion: gold },
      output: null,
      checks: [{ name: 'emotion', pass: pred === gold, expected: gold, actual: pred }],
      pass: pred === gold,
      latency_ms: 1,
      calls: [],
      error: null,
    };
  });
  return report('emotion', suite, cases, inSample);
}

function report(task: TaskName, suite: string, cases: CaseResult[], inSample: string | null = null): Report {
  return {
    format: 'xinfang-eval/1',
    meta: {
      task,
      suite,
      note: null,
      target: { kind: 'http', url: 'http://127.0.0.1:1' },
      in_sample: inSample,
      data: [{ path: `${suite}.jsonl`, sha256: suite.padEnd(64, '0'), rows: cases.length }],
      git: { commit: null, dirty: null },
      started_at: '2026-12-01T00:00:00Z',
      finished_at: '2026-12-01T00:00:00Z',
      wall_ms: 1,
      limit: null,
      concurrency: 1,
      timeout_ms: 1,
      options: {},
      node: 'v20',
    },
    summary: { metrics: {}, confusions: {}, gates: [], passed: true },
    cases,
  };
}

const opts = { resamples: 300 };

describe('buildLeaderboard', () => {
  const inputs: LeaderboardInput[] = [
    { entry: 'A', report: emotionReport('s1', 200, (i) => i % 10 === 0) },
    { entry: 'B', report: emotionReport('s1', 200, (i) => i % 10 === 0 || i % 10 === 5) },
    { entry: 'A', report: emotionReport('s2', 100, () => false) },
    { entry: 'A', report: emotionReport('trained', 100, () => false, '在这份数据上训练') },
    { entry: 'B', report: emotionReport('trained', 100, (i) => i % 2 === 0, '在这份数据上训练') },
  ];

  it('leaves in-sample suites out of the overall ranking, counting a suite an entry skipped as 0', () => {
    const lb = buildLeaderboard(inputs, opts);
    expect(lb.overall.suites.map((s) => s.name)).toEqual(['s1', 's2']);
    const [a, b] = lb.overall.standings;
    expect([a.entry, b.entry]).toEqual(['A', 'B']);
    const f1 = (suite: string, entry: string) =>
      lb.tasks.find((t) => t.name === suite)!.standings.find((s) => s.entry === entry)!.metrics.macro_f1.value!;
    expect(a.value).toBeCloseTo((f1('s1', 'A') + f1('s2', 'A')) / 2, 10);
    expect(b.value).toBeCloseTo(f1('s1', 'B') / 2, 10);
    expect(b.missing).toEqual(['s2']);
    expect(lb.tasks.find((t) => t.name === 'trained')!.inSample).toBe('在这份数据上训练');
  });

  it('counts in-sample suites when asked, and weighs suites as told', () => {
    const lb = buildLeaderboard(inputs, { ...opts, includeInSample: true, weights: { s1: 3, s2: 1, trained: 0 } });
    expect(lb.overall.suites).toEqual([
      { name: 's1', weight: 3 },
      { name: 's2', weight: 1 },
      { name: 'trained', weight: 0 },
    ]);
    expect(lb.overall.standings[1].value).toBeCloseTo((3 * lb.tasks[0].standings[1].metrics.macro_f1.value!) / 4, 10);
  });

  it('marks two entries that answer alike as not significantly different', () => {
    const lb = buildLeaderboard(
      [
        { entry: 'A', report: emotionReport('s1', 200, (i) => i % 10 === 0) },
        { entry: 'B', report: emotionReport('s1', 200, (i) => i % 10 === 1) },
      ],
      opts,
    );
    expect(lb.tasks[0].standings[0].vsNext).toMatchObject({ significant: false });
    expect(renderLeaderboardHtml(lb, [])).toContain('≈');
  });

  it('compares only the cases both reports have', () => {
    const short = emotionReport('s1', 200, () => false);
    short.cases = short.cases.slice(0, 150);
    const lb = buildLeaderboard(
      [
        { entry: 'A', report: emotionReport('s1', 200, () => false) },
        { entry: 'B', report: short },
      ],
      opts,
    );
    expect(lb.tasks[0]).toMatchObject({ n: 150, unmatched: 50 });
  });
});

describe('disagreements on a held-out set', () => {
  it('never show its texts, even when the file is at hand', () => {
    const a = emotionReport('s1', 20, () => false);
    const b = emotionReport('s1', 20, (i) => i < 3);
    for (const r of [a, b]) r.meta.data = [{ path: 'eval/blind/x.jsonl', sha256: 'f'.repeat(64), rows: 20 }];
    const d = findDisagreements(
      buildLeaderboard(
        [
          { entry: 'A', report: a },
          { entry: 'B', report: b },
        ],
        opts,
      ).tasks[0],
      '/nonexistent',
    );
    expect(d.textNote).toBe('盲测数据：不显示原文。');
    expect(d.total).toBe(3);
  });
});

describe('disagreements on the self-harm set', () => {
  it('list ids, labels and error types but never a text', () => {
    const sh = (wrong: boolean[]): Report => {
      const cases: CaseResult[] = wrong.map((w, i) => {
        const label = i % 2;
        const level = (label === 1) !== w ? 'red' : 'green';
        return {
          id: `s${i}`,
          expected: { label, level: 5 },
          output: null,
          checks: [{ name: 'risk_high', pass: !w, expected: label, actual: { level, score: 0.5 } }],
          pass: !w,
          latency_ms: 1,
          calls: [],
          error: null,
        };
      });
      return report('selfharm', 'selfharm', cases);
    };
    const lb = buildLeaderboard(
      [
        { entry: 'A', report: sh([false, false, true, false]) },
        { entry: 'B', report: sh([true, false, false, false]) },
      ],
      opts,
    );
    const d = findDisagreements(lb.tasks[0], '/nonexistent');
    expect(d.textNote).toMatch(/敏感数据集/);
    expect(d.groups.map((g) => [g.gold, g.errorTypes])).toEqual([
      ['低风险 (0)', { A: { '误报（判为 red）': 1 }, B: { '误报（判为 red）': 1 } }],
    ]);
    expect(d.groups.flatMap((g) => g.cases.map((c) => c.text))).toEqual([null, null]);
  });
});
