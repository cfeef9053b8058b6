import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';

const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';
const FINDINGS = '经查，某建筑公司确欠十二名农民工工资八万元，已于2026年3月20日全部支付。';
const fillIn = (reply: string) =>
  reply
    .replace(/【待核实：[^】]*】/g, '施工单位尚欠工资属实。')
    .replace(
      /处理意见：【处理意见：[^】]*】[^。\n]*。/,
      '处理意见：依照《信访工作条例》第三十二条第一项的规定，本机关对您的请求予以支持。',
    );

type T = Awaited<ReturnType<typeof createTestApp>>;
const move = (t: T, id: string, to: string, extra: Record<string, unknown> = {}) =>
  t.post(`/v1/petitions/${id}/transitions`, { to, reason: '依程序办理', ...extra });

/** Writes a draft (a staff edit fills in what the template leaves open) and approves it: the reply is sent. */
async function replyWithDraft(t: T, id: string) {
  const gen = await t.post(`/v1/petitions/${id}/drafts`, { kind: 'opinion' });
  expect(gen.status).toBe(201);
  const draft = await gen.json();
  const edited = await (await t.post(`/v1/petitions/${id}/drafts/edits`, { reply: fillIn(draft.reply) })).json();
  const approved = await t.post(`/v1/petitions/${id}/drafts/${edited.version}/approve`, {});
  expect(approved.status).toBe(200);
  return { draft, edited, petition: (await approved.json()).petition };
}

describe('the 不满意 path over HTTP', () => {
  it('register → 甄别 → 分流 → 答复 → 不满意 → 二次督办 → a new draft version and reply → 回访 again', async () => {
    const t = await createTestApp();
    const p = await (await t.post('/v1/petitions', { text: WAGES })).json();
    expect((await move(t, p.id, 'screened', { decision: 'accepted' })).status).toBe(200);
    expect((await move(t, p.id, 'routed', { department: '人力资源和社会保障局' })).status).toBe(200);
    const first = await replyWithDraft(t, p.id);
    expect(first.petition.status).toBe('replied');
    const unhappy = await t.post(`/v1/petitions/${p.id}/follow-up`, {
      satisfaction: '不满意',
      comment: '工资仍未到账',
    });
    expect(await unhappy.json()).toMatchObject({ status: 'supervising', round: 2 });
    const second = await replyWithDraft(t, p.id);
    expect(second.edited.version).toBeGreaterThan(first.edited.version);
    expect(second.petition).toMatchObject({ status: 'replied', round: 2 });
    const again = await t.post(`/v1/petitions/${p.id}/follow-up`, { satisfaction: '满意' });
    expect(await again.json()).toMatchObject({ status: 'followed_up' });
    const drafts = (await (await t.get(`/v1/petitions/${p.id}/drafts`)).json()).drafts as {
      approved_at: string | null;
    }[];
    expect(drafts.filter((d) => d.approved_at)).toHaveLength(2);
    expect((await (await t.get('/v1/audit/verify')).json()).ok).toBe(true);
  });
});

describe('departments (承办单位)', () => {
  it('a department key sees and reports only its own cases, and its accepted findings reach the draft', async () => {
    const t = await createTestApp();
    const deps = (await (await t.get('/v1/departments')).json()).items as { id: string; name: string }[];
    const hr = deps.find((d) => d.name === '人力资源和社会保障局')!;
    const housing = deps.find((d) => d.name === '住房和城乡建设局')!;
    const hrKey = (await (await t.post(`/v1/departments/${hr.id}/keys`, { name: '人社局承办' })).json()).key;
    const housingKey = (await (await t.post(`/v1/departments/${housing.id}/keys`, { name: '住建局承办' })).json()).key;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });

    const p = await (await t.post('/v1/petitions', { text: WAGES })).json();
    await move(t, p.id, 'screened', { decision: 'accepted' });
    await move(t, p.id, 'routed');
    const assigned = await t.post(`/v1/petitions/${p.id}/assignments`, {
      department: '人力资源和社会保障局',
      days: 15,
    });
    expect(assigned.status).toBe(201);
    expect(await assigned.json()).toMatchObject({
      status: 'open',
      department: { id: hr.id },
      supervision: { colour: 'green' },
    });

    // The other department sees nothing of it, and no department reads the office's lists.
    expect((await t.get(`/v1/petitions/${p.id}/assignments`, as(housingKey))).status).toBe(404);
    const wrong = await t.post(
      `/v1/petitions/${p.id}/assignments/current/findings`,
      { findings: FINDINGS, outcome: '支持' },
      as(housingKey),
    );
    expect(wrong.status).toBe(404);
    expect((await (await t.get('/v1/department/inbox', as(housingKey))).json()).items).toEqual([]);
    expect((await t.get(`/v1/petitions/${p.id}`, as(hrKey))).status).toBe(403);
    expect((await t.get('/v1/petitions', as(hrKey))).status).toBe(403);
    const inbox = await (await t.get('/v1/department/inbox', as(hrKey))).json();
    expect(inbox.items.map((i: { petition_id: string }) => i.petition_id)).toEqual([p.id]);
    expect(inbox.items[0].petition.petitioner).toBeNull();

    const bad = await t.post(
      `/v1/petitions/${p.id}/assignments/current/findings`,
      { findings: '', outcome: '同意' },
      as(hrKey),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'findings',
      'outcome',
    ]);
    const reported = await t.post(
      `/v1/petitions/${p.id}/assignments/current/findings`,
      {
        findings: FINDINGS,
        outcome: '支持',
        attachments: [{ name: '工资支付凭证.pdf', type: 'application/pdf', size: 20480 }],
      },
      as(hrKey),
    );
    expect(reported.status).toBe(200);
    // A department may not review its own report.
    expect(
      (
        await t.post(
          `/v1/petitions/${p.id}/assignments/current/assessment`,
          { accepted: true, reason: '自审' },
          as(hrKey),
        )
      ).status,
    ).toBe(403);
    const assessed = await t.post(`/v1/petitions/${p.id}/assignments/current/assessment`, {
      accepted: true,
      reason: '材料齐全',
    });
    expect(assessed.status).toBe(200);
    const view = await (await t.get(`/v1/petitions/${p.id}`)).json();
    expect(view).toMatchObject({
      status: 'reported',
      findings: { findings: FINDINGS, outcome: '支持', department: '人力资源和社会保障局', accepted: true },
    });

    const draft = await (await t.post(`/v1/petitions/${p.id}/drafts`, { kind: 'opinion' })).json();
    expect(draft.reply).toContain('已于2026年3月20日全部支付');
    expect(draft.reply).not.toContain('【处理意见');
  });

  it('supervisors see overdue assignments and send a 督办 notice that reaches the department', async () => {
    const t = await createTestApp();
    const hr = ((await (await t.get('/v1/departments')).json()).items as { id: string; name: string }[]).find(
      (d) => d.name === '人力资源和社会保障局',
    )!;
    const hrKey = (await (await t.post(`/v1/departments/${hr.id}/keys`, { name: '人社局承办' })).json()).key;
    const p = await (await t.post('/v1/petitions', { text: WAGES })).json();
    await move(t, p.id, 'screened', { decision: 'accepted' });
    await move(t, p.id, 'routed');
    await t.post(`/v1/petitions/${p.id}/assignments`, { department: hr.id, days: 5 });
    t.clock.set('2026-03-10T09:00:00+08:00');
    const supervisor = t.as('supervisor', '督查科');
    const open = (await (await supervisor.get('/v1/assignments')).json()).items;
    expect(open[0]).toMatchObject({ petition_id: p.id, supervision: { colour: 'red', days_left: -3 } });
    const notice = await supervisor.post(`/v1/petitions/${p.id}/assignments/current/notice`, {
      message: '已超期，请于三日内报送办理结果',
    });
    expect(notice.status).toBe(201);
    expect(
      (await t.as('reception').post(`/v1/petitions/${p.id}/assignments/current/notice`, { message: 'x' })).status,
    ).toBe(403);
    const inbox = await (await t.get('/v1/department/inbox', { authorization: `Bearer ${hrKey}` })).json();
    expect(inbox.notices).toEqual([
      expect.objectContaining({
        petition_id: p.id,
        message: '已超期，请于三日内报送办理结果',
        actor: expect.stringMatching(/^督查科 \[supervisor key_[0-9a-f]+\]$/),
      }),
    ]);
    const types = t.deps.events.forPetition(p.id).map((e) => e.type);
    expect(types).toContain('supervision_notice');
    const ask = await t.post(
      `/v1/petitions/${p.id}/assignments/current/extension-request`,
      { days: 10, reason: '需现场核查' },
      { authorization: `Bearer ${hrKey}` },
    );
    expect(ask.status).toBe(200);
    const granted = await supervisor.post(`/v1/petitions/${p.id}/assignments/current/extension-decision`, {
      granted: true,
    });
    expect(await granted.json()).toMatchObject({ due_on: '2026-03-17', extension: { status: 'granted' } });
  });

  it('refuses an unbound department key and an unknown department', async () => {
    const t = await createTestApp();
    const loose = t.as('department');
    expect((await loose.get('/v1/department/inbox')).status).toBe(403);
    const p = await (await t.post('/v1/petitions', { text: WAGES })).json();
    await move(t, p.id, 'screened', { decision: 'accepted' });
    await move(t, p.id, 'routed');
    const res = await t.post(`/v1/petitions/${p.id}/assignments`, { department: '不存在的局', days: 5 });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe('department');
  });
});

describe('representatives (Art. 20)', () => {
  it('refuses more than 5 representatives with a 400 naming the field', async () => {
    const t = await createTestApp();
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `代表${i + 1}` }));
    const res = await t.post('/v1/petitions', { text: WAGES, representatives: six });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([
      { path: 'representatives', message: '代表最多 5 人（《信访工作条例》第二十条）' },
    ]);
  });
});
