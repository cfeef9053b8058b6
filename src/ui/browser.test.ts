import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../testing/server-process.ts';
import { launchBrowser, openSignedIn, shot, tabTo } from '../testing/browser-harness.ts';

const ADMIN_KEY = 'ui-browser-test-admin-key-0001';
const tmp = mkdtempSync(join(tmpdir(), 'xf-ui-'));
let browser: Browser;
let server: ServerProcess;

beforeAll(async () => {
  browser = await launchBrowser();
  // Loading the statutes and models takes a while on a busy machine.
  server = await startServer(
    { DB_PATH: join(tmp, 'ui.db'), ADMIN_API_KEY: ADMIN_KEY, PII_KEY: 'ab'.repeat(32) },
    90_000,
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

async function newPage(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await openSignedIn(page, server.url + path, ADMIN_KEY);
  return page;
}

/** Self-written petitions (never benchmark rows). */
const NOISE =
  '我家楼下的餐馆每天凌晨两点还在营业，油烟和噪音很大，老人孩子睡不好觉，多次找物业和街道都没有解决，请环保部门来查一查。';

describe('reception console in a real browser', { timeout: 60_000 }, () => {
  it('registers a petition through the form and shows its petition page with triage and timeline', async () => {
    const page = await newPage('/reception');
    expect(await page.locator('h1').textContent()).toBe('接待登记');
    await page.getByLabel('信访内容').fill(NOISE);
    await page.getByLabel('标题').fill('餐馆夜间油烟噪音扰民');
    await page.getByLabel('渠道').selectOption('网络');
    await page.getByLabel('发生地点').fill('城关镇');
    await page.getByLabel('姓名').fill('李四');
    await page.getByLabel('联系电话').fill('13700001111');
    await Promise.all([
      page.waitForURL(/\/petitions\/XF\d{8}-/),
      page.getByRole('button', { name: '登记并分析' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toMatch(/^信访事项 XF/);
    expect(await page.locator('#petition-text').textContent()).toContain('油烟和噪音');
    expect(await page.locator('#triage').isVisible()).toBe(true);
    expect(await page.locator('#chain-status').textContent()).toContain('哈希链校验通过');
    expect(await page.locator('#timeline').textContent()).toContain('受理或转送告知');
    expect(await page.textContent('body')).not.toContain('13700001111');
    await shot(page, 'reception-petition');
    await page.close();
  });

  it('lets a keyboard-only user register a petition (Tab and Enter, no mouse)', async () => {
    const page = await newPage('/reception');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await tabTo(page, '#f-text');
    await page.keyboard.type('小区门口的路灯坏了一个多月，晚上出行很不安全，请尽快维修。');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-title');
    await page.keyboard.type('路灯损坏');
    await tabTo(page, 'form[action="/reception"] button[type="submit"]');
    await shot(page, 'reception-keyboard-focus');
    await Promise.all([page.waitForURL(/\/petitions\/XF/), page.keyboard.press('Enter')]);
    expect(await page.locator('#summary-title').textContent()).toBe('路灯损坏');
    await page.close();
  });

  it('shows every problem of a bad form and keeps what was typed', async () => {
    const page = await newPage('/reception');
    await page.getByLabel('标题').fill('只有标题');
    await page.getByLabel('身份证号').fill('12345');
    // The textarea is required in HTML; remove that so the server's own check is what is tested.
    await page.evaluate(() => document.getElementById('f-text')?.removeAttribute('required'));
    await page.getByRole('button', { name: '登记并分析' }).click();
    await page.waitForSelector('#form-errors');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-errors');
    expect(await page.locator('#form-errors').textContent()).toContain('信访内容');
    expect(await page.getByLabel('标题').inputValue()).toBe('只有标题');
    await shot(page, 'reception-errors');
    await page.close();
  });
});

describe('reply drafts in a real browser', { timeout: 60_000 }, () => {
  it('generates a draft, saves an edit as a new version and approves it', async () => {
    const page = await newPage('/reception');
    await page.getByLabel('信访内容').fill(NOISE);
    await page.getByLabel('标题').fill('餐馆油烟扰民（答复）');
    await Promise.all([page.waitForURL(/\/petitions\/XF/), page.getByRole('button', { name: '登记并分析' }).click()]);
    // 甄别 first: only a screened case can be answered.
    await page.getByLabel('甄别结论').selectOption('accepted');
    await page.getByLabel('办理理由').fill('属于本机关职责范围');
    await Promise.all([page.waitForURL(/#workflow$/), page.getByRole('button', { name: '办理', exact: true }).click()]);
    expect(await page.locator('#workflow strong').first().textContent()).toBe('甄别');
    await page.getByRole('button', { name: '生成答复草稿' }).click();
    const editor = page.locator('#draft-reply');
    await editor.waitFor({ timeout: 15_000 }).catch(async (e) => {
      await shot(page, 'drafts-generate-failed');
      throw e;
    });
    const first = await editor.inputValue();
    expect(first.length).toBeGreaterThan(50);
    // A staff edit: one sentence added to the body; saved as version 2.
    const edited = first.replace('。', '。经核实，相关部门已安排现场检查。');
    await editor.fill(edited);
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.locator('#draft-history tbody tr').nth(1).waitFor();
    expect(await page.locator('#draft-reply').inputValue()).toContain('经核实，相关部门已安排现场检查');
    await shot(page, 'drafts-edited');
    await page.getByRole('button', { name: /审批第 2 版/ }).click();
    await page
      .locator('#draft-approved')
      .waitFor({ timeout: 15_000 })
      .catch(async (e) => {
        await shot(page, 'drafts-approve-failed');
        throw e;
      });
    expect(await page.locator('#draft-approved').textContent()).toContain('第 2 版已由');
    expect(await page.locator('#timeline').textContent()).toContain('答复审批');
    expect(await page.locator('#chain-status').textContent()).toContain('哈希链校验通过');
    await shot(page, 'drafts-approved');
    await page.close();
  }, 90_000);
});

describe('other pages in a real browser', { timeout: 60_000 }, () => {
  it('reaches every page from the navigation bar and renders Chinese text', async () => {
    const page = await newPage('/reception');
    for (const [name, heading, file] of [
      ['调度', '调度台', 'dispatch'],
      ['督办', '督办', 'supervision'],
      ['统计', '统计分析', 'dashboard'],
      ['评测', '评测报告', 'evaluators'],
      ['接待', '接待登记', 'reception'],
    ]) {
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true }).click();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.locator('h1').textContent()).toBe(heading);
      await shot(page, `page-${file}`);
    }
    // CJK glyphs have real width: a fallback "tofu" font would still render, so check the font is a CJK one.
    const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(family).toContain('Noto Sans CJK SC');
    await page.close();
  });
});
