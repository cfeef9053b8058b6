import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { tx } from '../store/db.ts';
import { TEST_ADMIN_KEY } from '../testing/test-app.ts';
import { openSignedIn, shot, startPages, type Pages, type TestApp } from '../testing/browser-harness.ts';

let browser: Browser;
let t: TestApp;
let server: Pages['server'];
let pages: Pages | undefined;
let id = '';
let hrKey = '';
const FINDINGS = '经查，某建筑公司确欠十二名农民工工资八万元，已责令其于十日内支付。';

function seed(t: TestApp) {
  const p = t.deps.cases.register(
    {
      title: '讨要农民工工资',
      text: '某建筑公司拖欠十二名农民工工资八万元，多次讨要无果。',
      channel: '走访',
      attachments: [],
    },
    'seed',
  );
  t.deps.cases.transition(p.id, { to: 'screened', actor: 'seed', reason: '属于本机关职责', decision: 'accepted' });
  t.deps.cases.transition(p.id, { to: 'routed', actor: 'seed', reason: '分流办理' });
  id = p.id;
  const hr = t.deps.assignments.departments().find((d) => d.name === '人力资源和社会保障局')!;
  hrKey = tx(t.deps.db, () => {
    const k = t.deps.keys.create({ name: '人社局承办员', role: 'department' }, 'seed');
    t.deps.assignments.bindKey(k.id, hr.id);
    return k.key;
  });
}

beforeAll(async () => {
  pages = await startPages({ overrides: { triage: simpleTriage } }, seed);
  ({ browser, t, server } = pages);
}, 120_000);

afterAll(() => pages?.close());

describe('交办, 承办反馈 and 督办 in a real browser', { timeout: 60_000 }, () => {
  it('the office assigns the case and sends a 督办 notice; the department sees both and reports its findings', async () => {
    const office = await browser.newContext({ locale: 'zh-CN' });
    const op = await office.newPage();
    await openSignedIn(op, `${server.url}/petitions/${id}`, TEST_ADMIN_KEY);
    await op.locator('#as-department').fill('人力资源和社会保障局');
    await op.locator('#as-days').fill('10');
    await op.locator('#as-instructions').fill('请核实工资拖欠情况');
    await Promise.all([op.waitForURL(/#workflow$/), op.locator('#assign-form button[type="submit"]').click()]);
    expect(await op.locator('#workflow').textContent()).toContain('交办');
    expect(t.deps.cases.view(id).status).toBe('assigned');
    await op.locator('#nt-message').fill('请于三日内报送办理结果');
    await Promise.all([op.waitForURL(/#workflow$/), op.locator('#notice-form button[type="submit"]').click()]);
    await shot(op, 'department-assigned');

    const department = await browser.newContext({ locale: 'zh-CN' });
    const dp = await department.newPage();
    await openSignedIn(dp, `${server.url}/department`, hrKey);
    expect(await dp.locator(`#assignment-${id}`).textContent()).toContain('请核实工资拖欠情况');
    expect(await dp.locator('#notices').textContent()).toContain('请于三日内报送办理结果');
    // A notice sent while the department's page is open appears without a reload (its own stream).
    t.deps.assignments.notice(id, { message: '明日上午前务必报送', actor: '督查科' });
    await dp.locator('#notices li', { hasText: '明日上午前务必报送' }).waitFor({ timeout: 5000 });
    // The office's pages stay closed to a department key.
    expect((await dp.goto(`${server.url}/petitions/${id}`))?.status()).toBe(403);
    await dp.goto(`${server.url}/department`);
    await dp.locator(`#f-${id}`).fill(FINDINGS);
    await dp.locator(`#o-${id}`).selectOption('支持');
    await dp.locator(`#a-${id}`).fill('工资表.pdf');
    await Promise.all([dp.waitForURL(/\/department$/), dp.locator(`#assignment-${id} button[type="submit"]`).click()]);
    expect(await dp.locator(`#assignment-${id}`).textContent()).toContain('已报送');
    await shot(dp, 'department-reported');

    await op.goto(`${server.url}/petitions/${id}`);
    expect(await op.locator('#findings').textContent()).toContain(FINDINGS);
    await op.locator('#ax-reason').fill('材料齐全');
    await Promise.all([op.waitForURL(/#workflow$/), op.locator('#assess-form button[type="submit"]').click()]);
    expect(await op.locator('#findings').textContent()).toContain('已审核通过');
    expect(t.deps.events.forPetition(id).map((e) => e.type)).toEqual(
      expect.arrayContaining(['assigned', 'supervision_notice', 'findings_reported', 'findings_assessed']),
    );
    await office.close();
    await department.close();
  });
});
