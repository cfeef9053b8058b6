import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../reports/write.ts';
import { TEST_ADMIN_KEY } from '../testing/test-app.ts';
import { openSignedIn, shot, startPages, type Pages } from '../testing/browser-harness.ts';
import { sampleReport } from './sample-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'xf-ui-reports-'));
let browser: Browser;
let server: Pages['server'];
let pages: Pages | undefined;

beforeAll(async () => {
  writeReport(join(dir, 'emotion-in-process'), sampleReport('2026-03-01T08:00:00Z', 0.61));
  writeReport(join(dir, 'emotion-http'), sampleReport('2026-03-02T08:00:00Z', 0.44));
  pages = await startPages({ config: { EVAL_REPORTS_DIR: dir } });
  ({ browser, server } = pages);
}, 120_000);

afterAll(async () => {
  await pages?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('evaluator pages in a real browser', { timeout: 60_000 }, () => {
  it('opens a saved report from the list and compares two runs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await openSignedIn(page, `${server.url}/evaluators`, TEST_ADMIN_KEY);
    expect(await page.locator('#reports tbody tr').count()).toBe(2);
    await shot(page, 'evaluators-list');

    await Promise.all([
      page.waitForURL(/report\.html$/),
      page.getByRole('link', { name: 'emotion-in-process' }).click(),
    ]);
    expect(await page.textContent('body')).toContain('macro_f1');
    await shot(page, 'evaluators-report');
    await page.goBack();

    await page.getByLabel('选择 emotion-in-process 参与对比').check();
    await page.getByLabel('选择 emotion-http 参与对比').check();
    await Promise.all([
      page.waitForURL(/\/evaluators\/compare\?/),
      page.getByRole('button', { name: '对比所选报告' }).click(),
    ]);
    const frame = page.frameLocator('#compare-frame');
    await frame.locator('table').first().waitFor();
    expect(await frame.locator('body').textContent()).toContain('macro_f1');
    await shot(page, 'evaluators-compare');
    await page.close();
  });
});
