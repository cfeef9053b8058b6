import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.ts';

const form = (fields: Record<string, string>) =>
  ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }) as RequestInit;

describe('reception pages', () => {
  it('renders the registration form in Chinese with a label for every input', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/reception');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(html).toContain('登记信访事项');
    const ids = [...html.matchAll(/<(?:input|textarea|select)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(8);
    for (const id of ids) expect(html, `label for ${id}`).toContain(`for="${id}"`);
  });

  it('registers a petition from the form and redirects to its page', async () => {
    const { app, deps } = await createTestApp();
    const res = await app.request(
      '/reception',
      form({
        text: '小区旁工地夜间施工噪音扰民，多次反映无果。',
        title: '夜间施工噪音',
        channel: '网络',
        received_at: '2026-03-02T09:30',
        petitioner_name: '张三',
        petitioner_phone: '13812345678',
      }),
    );
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/petitions\/XF20260302-/);
    const page = await (await app.request(location)).text();
    expect(page).toContain('夜间施工噪音');
    expect(page).toContain('哈希链校验通过');
    expect(page).toContain('138****5678');
    expect(page).not.toContain('13812345678');
    expect(deps.cases.list({ limit: 5, offset: 0 }).total).toBe(1);
  });

  it('re-renders the form with every problem listed and nothing written when input is bad', async () => {
    const { app, deps } = await createTestApp();
    const res = await app.request('/reception', form({ text: '  ', petitioner_id_number: '123', title: '保留的标题' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('登记未完成');
    expect(html).toContain('href="#f-text"');
    expect(html).toContain('href="#f-petitioner_id_number"');
    expect(html).toContain('value="保留的标题"');
    expect(deps.cases.list({ limit: 5, offset: 0 }).total).toBe(0);
  });

  it('shows a Chinese 404 page for an unknown petition', async () => {
    const { app } = await createTestApp();
    const res = await app.request('/petitions/XF-NOPE');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('未找到');
  });
});

describe('supervision and dashboard pages', () => {
  it('shows an overdue case with a red card and counts it in the dashboard', async () => {
    const { app, deps, clock } = await createTestApp({ now: '2026-03-02T09:00:00+08:00' });
    const late = deps.cases.register(
      { text: '楼上漏水三个月无人处理', title: '漏水', channel: '电话', attachments: [] },
      'test',
    );
    clock.set('2026-03-20T09:00:00+08:00');
    deps.cases.register(
      { text: '路灯不亮', title: '路灯', channel: '网络', location: '东城街道', attachments: [] },
      'test',
    );
    const sup = await (await app.request('/supervision')).text();
    expect(sup).toMatch(new RegExp(`<table id="overdue">[\\s\\S]*${late.id}[\\s\\S]*</table>`));
    expect(sup).toContain('badge-red');
    const dash = await (await app.request('/dashboard')).text();
    expect(dash).toContain('id="total">2<');
    expect(dash).toContain('<svg');
    expect(dash).toContain('东城街道');
    expect(dash).toContain('目标：满意率 92%');
  });
});

describe('every page', () => {
  it.each(['/reception', '/dispatch', '/supervision', '/dashboard', '/evaluators'])(
    '%s has lang, landmarks and the navigation bar',
    async (path) => {
      const { app } = await createTestApp();
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('<main id="main"');
      expect(html).toContain('<nav aria-label="主导航">');
      for (const href of ['/reception', '/dispatch', '/supervision', '/dashboard', '/evaluators'])
        expect(html).toContain(`href="${href}"`);
      expect(html).toContain(`href="${path}" aria-current="page"`);
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    },
  );
});

describe('risk evidence on the petition page', () => {
  it('lists no self-harm signal for a wage petition: a model weight below its threshold points at nothing', async () => {
    const { app, deps } = await createTestApp();
    const text =
      '我们是工地的木工班组，共十四人，去年十一月到今年一月的工资九万六千元至今没有发放，包工头和总包单位互相推诿。';
    const p = deps.cases.register({ text, channel: '走访', attachments: [] }, 'test');
    const html = await (await app.request(`/petitions/${p.id}`)).text();
    expect(html).toContain('信访内容与风险证据');
    expect(html).not.toContain('自伤自杀倾向');
  });
});

describe('workflow on the petition page', () => {
  it('moves a case through 甄别 from the form and refuses a move without a reason', async () => {
    const { app, deps } = await createTestApp();
    const p = deps.cases.register({ text: '路灯不亮', channel: '网络', attachments: [] }, 'test');
    const bad = await app.request(
      `/petitions/${p.id}/transition`,
      form({ to: 'screened', decision: 'accepted', reason: '' }),
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="workflow-errors"');
    const ok = await app.request(
      `/petitions/${p.id}/transition`,
      form({ to: 'screened', decision: 'accepted', reason: '属于本机关职责' }),
    );
    expect(ok.status).toBe(303);
    expect(deps.cases.view(p.id).status).toBe('screened');
    const illegal = await app.request(`/petitions/${p.id}/transition`, form({ to: 'closed', reason: '直接办结' }));
    expect(illegal.status).toBe(422);
    expect(await illegal.text()).toContain('当前环节不能办理这一步');
  });

  it('records a follow-up from the form; 不满意 reopens supervision', async () => {
    const { app, deps } = await createTestApp();
    const p = deps.cases.register({ text: '路灯不亮', channel: '网络', attachments: [] }, 'test');
    deps.cases.transition(p.id, { to: 'screened', actor: 'test', reason: '受理', decision: 'accepted' });
    deps.cases.recordReply(p.id, { actor: 'test', kind: 'opinion', outcome: '支持' });
    expect(await (await app.request(`/petitions/${p.id}`)).text()).toContain('id="follow-up-form"');
    const res = await app.request(
      `/petitions/${p.id}/follow-up`,
      form({ satisfaction: '不满意', comment: '灯还是不亮' }),
    );
    expect(res.status).toBe(303);
    expect(deps.cases.view(p.id).status).toBe('supervising');
    const sup = await (await app.request('/supervision')).text();
    expect(sup).toContain('灯还是不亮');
  });
});

describe('dispatch board', () => {
  it('lists a cluster with its members and the cluster alert', async () => {
    const { app, deps } = await createTestApp();
    const texts = [
      '安顺物流公司拖欠我两个月工资。',
      '我是安顺物流公司的司机，公司一直不发工资。',
      '安顺物流公司欠薪，请政府帮忙。',
      '反映安顺物流公司克扣工资的问题。',
      '安顺物流公司老板不见了，工资没人发。',
    ];
    const ids = texts.map(
      (text, i) =>
        deps.cases.register(
          {
            text,
            channel: '网络',
            attachments: [],
            petitioner: { id_number: `1101011990010100${i}X`.slice(0, 17) + 'X' },
          },
          'test',
        ).id,
    );
    await new Promise((r) => setImmediate(r));
    const html = await (await app.request('/dispatch')).text();
    expect(html).toContain('安顺物流公司（5 名信访人，5 件）');
    for (const id of ids) expect(html).toContain(`href="/petitions/${id}"`);
    expect(html).toContain('多人反映同一事项');
  });
});

describe('page forms and roles', () => {
  it.each([
    ['evaluator', 403],
    ['dispatch', 403],
    ['reception', 303],
  ] as const)('a %s posting the petition page’s workflow form gets %i', async (role, status) => {
    const t = await createTestApp();
    const p = t.deps.cases.register({ text: '路灯不亮', channel: '网络', attachments: [] }, 'test');
    const res = await t
      .as(role)
      .request(`/petitions/${p.id}/transition`, form({ to: 'screened', decision: 'accepted', reason: '受理' }));
    expect(res.status).toBe(status);
  });
});
