import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { CHANNELS, PetitionInputSchema } from '../cases/petition-schema.ts';
import { TEST_ADMIN_KEY } from '../testing/test-app.ts';
import { BOM, BOOK_COLUMNS } from './books-csv.ts';
import { openSignedIn, shot, startPages, type Pages, type TestApp } from '../testing/browser-harness.ts';
import { docxParagraphs } from './docx-text.ts';

const DAY = 86_400_000;
const COUNT = 1000;
const TARGET = 537;
const TARGET_PHONE = '13912345678';
const PLACES = ['城关镇', '东城街道', '西河乡', '涟水县高沟镇陈师村第三村民小组', '南湖街道'];
const MATTERS = [
  '小区路灯不亮',
  '下水道堵塞污水漫溢',
  '工地夜间施工噪音',
  '拖欠农民工工资',
  '学校门口交通拥堵',
  '物业乱收停车费',
  '农村低保评定不公',
  '河道垃圾无人清理',
];

let browser: Browser;
let t: TestApp;
let server: Pages['server'];
let pages: Pages | undefined;
let target = '';
let approvedId = '';

/** 1,000 self-written petitions over 90 days; one petitioner gave both an ID number and the phone searched for. */
async function seed(t: TestApp) {
  const now = t.clock.now().getTime();
  for (let i = 0; i < COUNT; i++) {
    const matter = MATTERS[i % MATTERS.length];
    const v = t.deps.cases.register(
      PetitionInputSchema.parse({
        title: `${matter}（第${i + 1}件）`,
        text: `${PLACES[i % PLACES.length]}第${(i * 7) % 97}号附近${matter}，已持续${(i % 11) + 1}个月，请求有关部门在第${i}日前处理。`,
        channel: CHANNELS[i % CHANNELS.length],
        received_at: new Date(now - ((i * 13) % 90) * DAY - (i % 24) * 3_600_000).toISOString(),
        location: PLACES[i % PLACES.length],
        petitioner:
          i === TARGET
            ? { name: '陈明', phone: TARGET_PHONE, id_number: '320826198001011234' }
            : { phone: `1380${String(i).padStart(7, '0')}` },
        attachments: [],
      }),
      'seed',
    );
    if (i === TARGET) target = v.id;
  }
  const v = t.deps.cases.register(
    PetitionInputSchema.parse({
      title: '拖欠工资',
      text: '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年。',
      channel: '走访',
      petitioner: { name: '赵六', phone: '13700000000' },
      attachments: [],
    }),
    'seed',
  );
  t.deps.cases.transition(v.id, { to: 'screened', actor: '李科员', reason: '予以受理', decision: 'accepted' });
  const draft = await t.deps.reviews.generate(v.id, { actor: '李科员' });
  const edited = t.deps.reviews.edit(v.id, {
    reply: draft.reply.replace(/【[^】]*】/g, '经核实，拖欠属实。'),
    actor: '李科员',
  });
  t.deps.reviews.approve(v.id, edited.version, '张科长');
  approvedId = v.id;
}

beforeAll(async () => {
  pages = await startPages({
    config: { GEOJSON_PATH: join(process.cwd(), 'fixtures/geo/qinghe-county.geojson') },
    overrides: { triage: simpleTriage },
  });
  ({ browser, t, server } = pages);
  await seed(t);
}, 180_000);

afterAll(() => pages?.close());

const newPage = async (url: string) => {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  await openSignedIn(page, url, TEST_ADMIN_KEY);
  // The sign-in redirect keeps the path only: open the address again with its query.
  if (page.url() !== url) await page.goto(url);
  return page;
};

describe('finding any case in a real browser', { timeout: 90_000 }, () => {
  it('finds a case by phone number among 1,000 petitions', async () => {
    const page = await newPage(`${server.url}/petitions`);
    expect(await page.locator('#result-count').textContent()).toContain(`共 ${COUNT + 1} 件`);
    await page.getByLabel('手机号或身份证号').fill('139 1234 5678');
    await Promise.all([page.waitForURL(/who=/), page.getByRole('button', { name: '检索' }).click()]);
    expect(await page.locator('#result-count').textContent()).toContain('共 1 件');
    expect(await page.locator('#results tbody tr').count()).toBe(1);
    expect(await page.locator('#results tbody tr td.case-no').textContent()).toBe(target);
    // The page never shows the number it was given back in clear anywhere but the search box.
    expect(await page.locator('#results').textContent()).not.toContain(TARGET_PHONE);
    await shot(page, 'search-by-phone');
    await page.close();
  });

  it('filters by channel and 三色牌, pages through, and exports the same list as CSV', async () => {
    const page = await newPage(`${server.url}/petitions`);
    await page.locator('#s-channel').selectOption('走访');
    await page.locator('#s-colour').selectOption('red');
    await Promise.all([page.waitForURL(/channel=/), page.getByRole('button', { name: '检索' }).click()]);
    const api = (await (
      await t.get(`/v1/search/petitions?channel=${encodeURIComponent('走访')}&colour=red`)
    ).json()) as { total: number };
    expect(api.total).toBeGreaterThan(20);
    expect(await page.locator('#result-count').textContent()).toContain(`共 ${api.total} 件，显示第 1–20 件`);
    for (const row of await page.locator('#results tbody tr').all()) {
      expect(await row.locator('td').nth(9).textContent()).toBe('走访');
      expect(await row.locator('td').nth(6).textContent()).toBe('红牌');
    }
    await shot(page, 'search-filtered');
    await Promise.all([page.waitForURL(/offset=20/), page.locator('#page-next').click()]);
    expect(await page.locator('#result-count').textContent()).toContain('显示第 21–');
    expect(await page.locator('.pager').textContent()).toContain(`第 2 / ${Math.ceil(api.total / 20)} 页`);
    expect(await page.locator('#s-channel').inputValue()).toBe('走访');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith(BOM)).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(BOOK_COLUMNS.map((c) => `"${c}"`).join(','));
    expect(lines).toHaveLength(api.total + 1);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await page.close();
  });

  it('prints the approved reply as an official document and downloads it as .docx', async () => {
    const page = await newPage(`${server.url}/petitions/${approvedId}`);
    await Promise.all([page.waitForURL(/reply\/print/), page.locator('#reply-print').click()]);
    const title = await page.locator('h1.doc-title').textContent();
    expect(title).toBe('受理告知书');
    expect(await page.locator('#addressee').textContent()).toMatch(/：$/);
    expect((await page.locator('#date').textContent())?.trim()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    // GB/T 9704: the sheet is A4 wide (210 mm at 96 dpi ≈ 794 px).
    const width = await page.locator('.sheet').evaluate((el) => el.getBoundingClientRect().width);
    expect(Math.round(width)).toBe(794);
    await shot(page, 'reply-print');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-docx').click()]);
    const paragraphs = docxParagraphs(readFileSync((await download.path())!));
    expect(paragraphs[0]).toBe('受理告知书');
    expect(paragraphs.join('\n')).toContain('特此告知');
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await page.close();
  });

  it('draws the petition map of the sample county and shows long place names whole', async () => {
    const page = await newPage(`${server.url}/dashboard`);
    expect(await page.locator('#map-volume path').count()).toBe(6);
    expect(await page.locator('#map-risk path').count()).toBe(6);
    expect(await page.locator('#map-volume path[data-area="高沟镇"] title').textContent()).toBe('高沟镇：200 件');
    const label = await page.locator('#chart-location text:has(tspan)').allTextContents();
    expect(label).toContain('涟水县高沟镇陈师村第三村民小组');
    // Every bar label fits inside the chart: none starts left of the SVG.
    const left = await page
      .locator('#chart-location svg')
      .evaluate(
        (svg) =>
          Math.min(...[...svg.querySelectorAll('tspan')].map((t) => t.getBoundingClientRect().left)) -
          svg.getBoundingClientRect().left,
      );
    expect(left).toBeGreaterThanOrEqual(0);
    await page.locator('#petition-map').scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-map');
    await page.close();
  });

  it('bulk-assigns the selected cases to a department', async () => {
    const screened = t.deps.cases.list({ status: 'registered', limit: 3, offset: 0 }).items.map((p) => p.id);
    for (const id of screened)
      t.deps.cases.transition(id, { to: 'screened', actor: '李科员', reason: '予以受理', decision: 'accepted' });
    const page = await newPage(`${server.url}/petitions?status=screened`);
    expect(await page.locator('#results tbody tr').count()).toBe(3);
    for (const box of await page.locator('#results input[name="ids"]').all()) await box.check();
    await page.locator('#bulk-action').selectOption('route');
    await page.getByLabel('承办单位 （分流、交办时必填）').fill('城管局');
    await page.getByLabel('办理理由').fill('属城市管理职责');
    await shot(page, 'bulk-assign-form');
    await Promise.all([page.waitForURL(/bulk_done=3/), page.getByRole('button', { name: '批量办理' }).click()]);
    expect(await page.locator('#bulk-done').textContent()).toContain('已批量办理 3 件');
    expect(await page.locator('#result-count').textContent()).toContain('共 0 件');
    const routed = (await (
      await t.get(`/v1/search/petitions?status=routed&department=${encodeURIComponent('城管局')}`)
    ).json()) as { items: { id: string }[] };
    expect(routed.items.map((i) => i.id).sort()).toEqual([...screened].sort());
    await page.close();
  });

  it('shows a styled sign-in page in Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(`${server.url}/login`);
    expect(await page.locator('label[for="login-key"]').textContent()).toBe('访问密钥');
    const bg = await page.locator('button[type="submit"]').evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(bg).toBe('rgb(31, 95, 191)');
    await page.locator('#login-key').fill('xf_wrong');
    await Promise.all([page.waitForLoadState(), page.locator('button[type="submit"]').click()]);
    expect(await page.locator('[role="alert"]').textContent()).toContain('密钥无效或已吊销');
    await shot(page, 'login-refused');
    await page.close();
  });
});
