import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCALATE_AFTER_MS } from '../alerts/types.ts';
import { openSignedIn, shot, startPages, tabTo, type Pages, type TestApp } from '../testing/browser-harness.ts';

const RED = '工地拖欠我们十几个工人半年工资，找了多少次都没人管。再不给钱，我就从县政府楼顶跳楼，说到做到。';

let browser: Browser;
let t: TestApp;
let server: Pages['server'];
let pages: Pages | undefined;

beforeAll(async () => {
  // The service's own triage (models and risk rules) decides that the petition is red.
  pages = await startPages();
  ({ browser, t, server } = pages);
}, 120_000);

afterAll(() => pages?.close());

async function signedIn(path: string, key: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await openSignedIn(page, server.url + path, key);
  return page;
}

describe('dispatch board in a real browser', { timeout: 60_000 }, () => {
  it('shows a red alert live while reception registers it, and a keyboard user acknowledges it', async () => {
    const board = await signedIn('/dispatch', t.as('dispatch', '调度员小王').key);
    await board.waitForFunction(() => document.getElementById('live-status')?.textContent?.includes('已连接'));

    const desk = await signedIn('/reception', t.as('reception', '接待员小李').key);
    await desk.getByLabel('信访内容').fill(RED);
    await desk.getByLabel('标题').fill('讨薪并扬言跳楼');
    await desk.getByLabel('联系电话').fill('13600002222');
    await Promise.all([desk.waitForURL(/\/petitions\/XF/), desk.getByRole('button', { name: '登记并分析' }).click()]);
    expect(await desk.locator('mark.evidence').filter({ hasText: '跳楼' }).count()).toBeGreaterThan(0);
    await shot(desk, 'petition-red-evidence');

    // No reload: the alert arrives over the event stream.
    await board.locator('#open-alerts article.alert.new').waitFor({ timeout: 10_000 });
    // Cards are replaced when they change (reveal, ack): follow this one by its id.
    const card = board.locator(`#${await board.locator('#open-alerts article.alert.new').getAttribute('id')}`);
    expect(await card.locator('h3').textContent()).toContain('讨薪并扬言跳楼');
    expect(await card.locator('mark.evidence').filter({ hasText: '跳楼' }).count()).toBeGreaterThan(0);
    // Dispatch may call back on a red alert: the phone is masked until revealed, and the reveal is recorded.
    expect(await card.locator('.countdown').textContent()).toMatch(/^[0-3]:\d\d$/);
    expect(await board.locator('#live-status').textContent()).toContain('新红色预警');
    expect(await card.locator('.contact').textContent()).toContain('136****2222');
    await card.getByRole('button', { name: '显示完整联系方式' }).click();
    await board
      .locator('#open-alerts .contact', { hasText: '13600002222' })
      .waitFor({ timeout: 5000 })
      .catch(async (e) => {
        await shot(board, 'dispatch-reveal-failed');
        throw e;
      });
    const petitionId = (await board.locator('#open-alerts article.alert a').first().textContent())!;
    expect(t.deps.events.forPetition(petitionId).some((e) => e.type === 'pii_read')).toBe(true);
    await shot(board, 'dispatch-live-alert');

    await tabTo(board, '#open-alerts article.alert .ack-form button');
    await board.keyboard.press('Enter');
    const acked = board.locator('#acked-alerts article.alert.acked');
    await acked.waitFor({ timeout: 10_000 });
    expect(await acked.textContent()).toContain('由 调度员小王');
    expect(await board.locator('#open-count').textContent()).toBe('0');
    await shot(board, 'dispatch-acked');
    await board.close();
    await desk.close();
  });

  it('marks an alert escalated live when nobody acknowledges it within 3 minutes', async () => {
    const board = await signedIn('/dispatch', t.as('dispatch').key);
    await board.waitForFunction(() => document.getElementById('live-status')?.textContent?.includes('已连接'));
    t.deps.cases.register({ text: RED, title: '第二起', channel: '电话', attachments: [] }, 'test');
    await board.locator('#open-alerts article.alert').filter({ hasText: '第二起' }).waitFor();
    t.clock.advance(ESCALATE_AFTER_MS + 1000);
    t.deps.alerts.checkEscalations();
    const escalated = board.locator('#open-alerts article.alert.escalated').filter({ hasText: '第二起' });
    await escalated.waitFor({ timeout: 10_000 });
    expect(await escalated.textContent()).toContain('已升级 1 级');
    await shot(board, 'dispatch-escalated');
    await board.close();
  });

  it('refuses the board to a role without alerts, and shows a supervisor the contact masked', async () => {
    // GET /v1/alerts is 403 for an evaluator, so the board and its stream are too (one policy, issue 17).
    const refused = await signedIn('/dispatch', t.as('evaluator').key);
    expect(await refused.textContent('body')).toContain('无权查看此页面');
    expect(await refused.locator('#open-alerts').count()).toBe(0);
    await refused.close();
    const page = await signedIn('/dispatch', t.as('supervisor').key);
    const contacts = await page.locator('#open-alerts .contact').allTextContents();
    expect(contacts.length).toBeGreaterThan(0);
    expect(await page.textContent('body')).not.toContain('13600002222');
    await page.close();
  });
});
