import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../../src/testing/browser-harness.ts';
import type { CaseResult, Report } from '../types.ts';
import { findDisagreements } from './disagreements.ts';
import { renderLeaderboardHtml } from './leaderboard-html.ts';
import { buildLeaderboard } from './leaderboard.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** A made-up routing report (ids and labels only) whose entry is right on the cases `right` picks. */
function routing(suite: string, right: (i: number) => boolean, inSample: string | null): Report {
  const labels = ['城乡建设', '环境保护'];
  const cases: CaseResult[] = Array.from({ length: 120 }, (_, i) => {
    const gold = labels[i % 2];
    const pred = right(i) ? gold : labels[(i + 1) % 2];
    return {
      id: `c${i}`,
      expected: { category: gold },
      output: null,
      checks: [{ name: 'category', pass: pred === gold, expected: gold, actual: pred }],
      pass: pred === gold,
      latency_ms: 1,
      calls: [],
      error: null,
    };
  });
  return {
    format: 'xinfang-eval/1',
    meta: {
      task: 'routing',
      suite,
      note: null,
      target: { kind: 'http', url: 'http://127.0.0.1:1' },
      in_sample: inSample,
      entry: { label: 'x', info: { name: 'x', version: '1' }, info_error: null },
      data: [{ path: `${suite}.jsonl`, sha256: suite.padEnd(64, '0'), rows: 120 }],
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

describe('the leaderboard page in a real browser', { timeout: 60_000 }, () => {
  it('shows the overall ranking with intervals, the verdicts, and the in-sample suite apart', async () => {
    const lb = buildLeaderboard(
      [
        { entry: '甲队', report: routing('open', (i) => i % 5 !== 0, null) },
        { entry: '乙队', report: routing('open', (i) => i % 5 !== 0 && i % 7 !== 0, null) },
        { entry: '甲队', report: routing('trained', () => true, '内置模型在这份数据上训练') },
        { entry: '乙队', report: routing('trained', (i) => i % 2 === 0, '内置模型在这份数据上训练') },
      ],
      { resamples: 300 },
    );
    const dis = lb.tasks.map((b) => findDisagreements(b, '/nonexistent'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.setContent(renderLeaderboardHtml(lb, dis));
    await expect(page.locator('h1').textContent()).resolves.toBe('评测排行榜');
    const overall = page.locator('table').first();
    await expect(overall.locator('tr').nth(1).textContent()).resolves.toMatch(/^1甲队0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/);
    expect(await page.locator('.tag.insample').count()).toBe(1);
    expect(await page.getByText('样本内套件（不计入总榜）').isVisible()).toBe(true);
    expect(await page.locator('svg circle').count()).toBeGreaterThanOrEqual(6);
    // The page needs no network and no script to show all of this.
    expect(await page.locator('script, link, img').count()).toBe(0);
    await shot(page, 'leaderboard');
    await page.close();
  });
});
