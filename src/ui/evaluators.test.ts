import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../reports/write.ts';
import { createTestApp } from '../testing/test-app.ts';
import { listReports } from './evaluators.tsx';
import { sampleReport } from './sample-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'xf-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeReport(join(dir, 'emotion-in-process'), sampleReport('2026-03-01T08:00:00Z', 0.61));
writeReport(join(dir, 'all', 'emotion-http'), sampleReport('2026-03-02T08:00:00Z', 0.44));
writeReport(join(dir, 'routing-in-process'), sampleReport('2026-02-28T08:00:00Z', 1, '内置模型在这份数据上训练'));

describe('evaluator pages', () => {
  async function app() {
    // The reports folder is configuration (EVAL_REPORTS_DIR); the test points it at its own folder.
    return (await createTestApp({ config: { EVAL_REPORTS_DIR: dir } })).app;
  }

  it('lists saved reports, nested ones too, newest first', () => {
    expect(listReports(dir).map((r) => r.id)).toEqual(['all/emotion-http', 'emotion-in-process', 'routing-in-process']);
  });

  it('shows the list with links to each report and its gate result', async () => {
    const html = await (await (await app()).request('/evaluators')).text();
    expect(html).toContain('href="/evaluators/reports/emotion-in-process/report.html"');
    expect(html).toContain('href="/evaluators/reports/all/emotion-http/report.html"');
    expect(html).toContain('未通过');
    expect(html).toContain('宏平均 F1（<code>macro_f1</code>） 0.610');
  });

  it('marks in-sample reports on the list and on their own page', async () => {
    const a = await app();
    const html = await (await a.request('/evaluators')).text();
    const row = html.split('<tr>').find((r) => r.includes('routing-in-process'))!;
    expect(row).toContain('样本内');
    expect(row).toContain('内置模型在这份数据上训练');
    expect(html.split('<tr>').find((r) => r.includes('emotion-in-process/report.html'))).not.toContain('样本内');
    const page = await (await a.request('/evaluators/reports/routing-in-process/report.html')).text();
    expect(page).toContain('（样本内）');
  });

  it('serves a report’s own report.html with a no-network content policy', async () => {
    const res = await (await app()).request('/evaluators/reports/all/emotion-http/report.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('<html');
  });

  it.each(['../../etc/passwd', '..%2F..%2Fetc', 'nope'])(
    'refuses a report path outside the folder or unknown: %s',
    async (id) => {
      const res = await (await app()).request(`/evaluators/reports/${id}/report.html`);
      expect([400, 404]).toContain(res.status);
    },
  );

  it('compares two runs with the harness’s comparison table', async () => {
    const a = await app();
    const page = await a.request('/evaluators/compare?r=emotion-in-process&r=all/emotion-http');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('src="/evaluators/compare.html?r=emotion-in-process&amp;r=all%2Femotion-http"');
    const table = await (await a.request('/evaluators/compare.html?r=emotion-in-process&r=all%2Femotion-http')).text();
    expect(table).toContain('macro_f1');
    expect(table).toContain('-0.17');
    expect((await a.request('/evaluators/compare?r=emotion-in-process')).status).toBe(400);
  });
});
