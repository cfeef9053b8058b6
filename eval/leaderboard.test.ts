import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderboardCommand } from './cli-leaderboard.ts';
import { evaluate } from './evaluate.ts';
import type { Leaderboard } from './report/leaderboard.ts';
import { writeReport } from '../src/reports/write.ts';
import { createHttpTarget } from './targets/http.ts';
import { createInProcessTarget } from './targets/in-process.ts';
import { startOracleEntry, type OracleEntry } from './testing/oracle-entry.ts';

const ROOT = join(import.meta.dirname, '..');
// Self-written petitions (fixtures/), 360 rows with their gold emotion: no benchmark rows in a test.
const DATA = join(ROOT, 'fixtures/emotion-petitions.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'eval-leaderboard-'));
const ERROR_RATES = { 'oracle-5': 0.05, 'oracle-30': 0.3 } as const;
const entries: OracleEntry[] = [];
let lb: Leaderboard & {
  disagreements: {
    suite: string;
    total: number;
    groups: { gold: string; errorTypes: Record<string, Record<string, number>> }[];
  }[];
};
let html: string;
let md: string;

async function run(name: string, target: Parameters<typeof evaluate>[0]['target']) {
  const opts = {
    task: 'emotion' as const,
    data: DATA,
    root: ROOT,
    corpusDir: join(ROOT, 'corpus'),
    concurrency: 4,
    timeoutMs: 20_000,
    suite: 'fixtures-emotion',
  };
  const out = join(dir, name);
  writeReport(out, await evaluate({ ...opts, target, out, entry: name === 'ours' ? undefined : name }));
  return out;
}

beforeAll(async () => {
  const key = new Map(
    readFileSync(DATA, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { text: string; label: string })
      .map((r) => [r.text, r.label]),
  );
  const dirs: string[] = [];
  for (const [name, errorRate] of Object.entries(ERROR_RATES)) {
    const e = await startOracleEntry({ key, errorRate, seed: 7, name });
    entries.push(e);
    dirs.push(await run(name, createHttpTarget(e.url)));
  }
  const ours = await createInProcessTarget();
  try {
    dirs.push(await run('ours', ours));
  } finally {
    await ours.close();
  }
  const res = leaderboardCommand(dirs, { root: ROOT, out: join(dir, 'board') });
  md = res.md;
  lb = JSON.parse(readFileSync(join(dir, 'board', 'leaderboard.json'), 'utf8'));
  html = readFileSync(join(dir, 'board', 'leaderboard.html'), 'utf8');
}, 180_000);

afterAll(async () => {
  for (const e of entries) await e.close();
});

describe('the leaderboard of three entries (ours in-process, two scripted entries with known error rates)', () => {
  it('ranks them by macro-F1: the 5 % entry, ours, the 30 % entry', () => {
    const board = lb.tasks[0];
    expect(board.n).toBe(360);
    expect(board.standings.map((s) => s.entry)).toEqual(['oracle-5', 'xinfang-assist 0.1.0', 'oracle-30']);
  });

  it.each(Object.entries(ERROR_RATES))(
    'gives %s an accuracy interval that covers its known rate 1 − %d',
    (name, rate) => {
      const s = lb.tasks[0].standings.find((x) => x.entry === name)!;
      const [lo, hi] = s.metrics.accuracy.interval!;
      expect(lo).toBeLessThanOrEqual(1 - rate);
      expect(hi).toBeGreaterThanOrEqual(1 - rate);
      // A 95 % interval on 360 cases is a few points wide, not a point and not the whole range.
      expect(hi - lo).toBeGreaterThan(0.02);
      expect(hi - lo).toBeLessThan(0.15);
    },
  );

  it('tests neighbours with a paired bootstrap and finds ours clearly ahead of the 30 % entry', () => {
    const ours = lb.tasks[0].standings[1];
    expect(ours.vsNext!.significant).toBe(true);
    expect(ours.vsNext!.p).toBeLessThan(0.01);
    expect(lb.method.test).toMatch(/paired bootstrap/);
  });

  it('ranks overall by the documented weighting, here the one suite with weight 1', () => {
    expect(lb.overall.suites).toEqual([{ name: 'fixtures-emotion', weight: 1 }]);
    expect(lb.overall.standings.map((s) => s.entry)).toEqual(lb.tasks[0].standings.map((s) => s.entry));
    expect(lb.overall.standings[0].value).toBeCloseTo(lb.tasks[0].standings[0].metrics.macro_f1.value!, 10);
  });

  it('groups the disagreements by gold label with error types, showing the self-written texts', () => {
    const d = lb.disagreements[0];
    expect(d.total).toBeGreaterThan(0);
    const labels = d.groups.map((g) => g.gold);
    expect(labels.every((l) => ['angry', 'fear', 'happy', 'neutral', 'sad', 'surprise'].includes(l))).toBe(true);
    const types = d.groups.flatMap((g) => Object.keys(g.errorTypes['oracle-30']));
    expect(types.some((t) => t.startsWith('误判为 '))).toBe(true);
    expect(html).toContain('原文（节选）');
  });

  it('writes the page and the Markdown in Chinese with the metric keys kept, and records who each entry is', () => {
    for (const text of [html, md]) {
      expect(text).toContain('评测排行榜');
      expect(text).toContain('宏平均 F1（macro_f1）');
    }
    expect(html).toMatch(/差异不显著|显著领先/);
    expect(html).toContain('answer key with error rate 0.3');
    expect(html).not.toMatch(/<script|<link|\ssrc=|\shref=/i);
  });
});
