import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { CHANNELS } from '../cases/petition-schema.ts';
import { TEST_ADMIN_KEY } from '../testing/test-app.ts';
import { openSignedIn, shot, startPages, type Pages, type TestApp } from '../testing/browser-harness.ts';

const DAY = 86_400_000;
let browser: Browser;
let server: Pages['server'];
let pages: Pages | undefined;
const ids: Record<string, string> = {};

/** Self-written petitions spread over two months: overdue, nearly due, replied and followed up. */
function seed(t: TestApp) {
  const now = t.clock.now().getTime();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const register = (title: string, daysAgo: number, i: number, phone?: string) =>
    t.deps.cases.register(
      {
        title,
        text: `${title}，已经反映过，希望尽快处理。`,
        channel: CHANNELS[i % CHANNELS.length],
        received_at: at(daysAgo),
        location: ['城关镇', '东城街道', '西河乡'][i % 3],
        petitioner: phone ? { phone } : undefined,
        attachments: [],
      },
      'seed',
    );
  ids.overdue = register('小区电梯停运无人维修', 20, 0).id;
  ids.nearly = register('学校门口交通拥堵', 13, 1).id;
  for (let i = 0; i < 8; i++) register(`道路积水第${i + 1}件`, 40 - i * 5, i, i < 4 ? '13500000001' : undefined);
  const replied = register('噪音扰民已处理', 5, 2);
  t.deps.cases.transition(replied.id, {
    to: 'screened',
    actor: 'seed',
    reason: '属于本机关职责',
    decision: 'accepted',
  });
  t.deps.cases.recordReply(replied.id, { actor: 'seed', kind: 'opinion', outcome: '支持' });
  t.deps.cases.followUp(replied.id, { satisfaction: '不满意', comment: '问题反复出现', actor: '回访员' });
  ids.followed = replied.id;
}

beforeAll(async () => {
  pages = await startPages({ overrides: { triage: simpleTriage } }, seed);
  ({ browser, server } = pages);
}, 120_000);

afterAll(() => pages?.close());

describe('supervision and dashboard in a real browser', { timeout: 60_000 }, () => {
  it('shows overdue and nearly-due cases with their 三色牌, the queue and follow-ups', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await openSignedIn(page, `${server.url}/supervision`, TEST_ADMIN_KEY);
    expect(await page.locator('#overdue').textContent()).toContain(ids.overdue);
    expect(await page.locator(`#overdue tr:has-text("${ids.overdue}") td:first-child .badge`).textContent()).toBe(
      '红牌',
    );
    expect(await page.locator('#nearly').textContent()).toContain(ids.nearly);
    expect(await page.locator('#queue').textContent()).toContain(ids.followed);
    expect(await page.locator('#follow-ups').textContent()).toContain('问题反复出现');
    await shot(page, 'supervision-seeded');
    await page.close();
  });

  it('draws the dashboard charts from the database', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await openSignedIn(page, `${server.url}/dashboard`, TEST_ADMIN_KEY);
    expect(await page.locator('#total').textContent()).toBe('11');
    expect(await page.locator('#chart-days rect').count()).toBeGreaterThan(20);
    expect(await page.locator('#chart-channel svg text').allTextContents()).toEqual(
      expect.arrayContaining(['走访', '电话']),
    );
    expect(await page.locator('#kpi-satisfaction .stat').textContent()).toBe('0.0%');
    expect(await page.locator('#kpi-repeat .stat').textContent()).toBe('75.0%');
    await shot(page, 'dashboard-seeded');
    await page.close();
  });
});
