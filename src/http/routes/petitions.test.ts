import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';

const WAGES = {
  text: '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果。',
  title: '讨要农民工工资',
  channel: '走访',
};

async function registered(t: Awaited<ReturnType<typeof createTestApp>>, body: Record<string, unknown> = WAGES) {
  const res = await t.post('/v1/petitions', body);
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; deadlines: { kind: string; due_at: string }[]; status: string };
}

const count = (t: Awaited<ReturnType<typeof createTestApp>>, table: string) =>
  (t.deps.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('POST /v1/petitions', () => {
  it('registers a petition and computes the 15-day deadline from received_at', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/petitions', {
      ...WAGES,
      received_at: '2026-03-02T10:00:00+08:00',
      source: '12345',
      channel: '电话',
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.id).toMatch(/^XF20260302-/);
    expect(res.headers.get('location')).toBe(`/v1/petitions/${body.id}`);
    expect(body.deadlines).toEqual([expect.objectContaining({ kind: 'accept', due_at: '2026-03-17', overdue: false })]);
    expect(body).toMatchObject({ status: 'registered', status_label: '登记', channel: '电话', source: '12345' });
  });

  it('keeps the petitioner apart from the text and shows it masked', async () => {
    const t = await createTestApp();
    const p = await registered(t, {
      ...WAGES,
      petitioner: { name: '王建国', id_number: '11010519491231002X', phone: '13812345678', address: '某县某镇某村' },
    });
    const res = await t.get(`/v1/petitions/${p.id}`);
    const body = await res.json();
    expect(body.petitioner).toMatchObject({
      name: '王**',
      phone: '138****5678',
      id_number: '110***********002X',
      masked: true,
    });
    expect(JSON.stringify(body)).not.toContain('13812345678');
    // At rest the identity is AES-256-GCM ciphertext (store/pii-cipher.ts), never the plain number.
    const row = t.deps.db.prepare('SELECT * FROM petitioners WHERE petition_id = ?').get(p.id);
    expect(row).toMatchObject({ name: expect.stringMatching(/^enc:v1:/), phone: expect.stringMatching(/^enc:v1:/) });
    expect(JSON.stringify(row)).not.toContain('13812345678');
  });

  it('returns 400 naming the field when text is empty', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/petitions', { text: '' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues).toEqual([{ path: 'text', message: expect.stringContaining('不能为空') }]);
  });

  it.each([
    ['zero-width spaces', '\u200b\u200b\u200b\u200b'],
    ['soft hyphens and a BOM', '\u00ad\ufeff\u00ad'],
    ['ideographic spaces', '\u3000\u3000'],
  ])('returns 400 and registers nothing when the text is only %s', async (_what, text) => {
    const t = await createTestApp();
    const before = count(t, 'petitions');
    const res = await t.post('/v1/petitions', { text });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([
      { path: 'text', message: expect.stringMatching(/不能为空|可见/) },
    ]);
    expect(count(t, 'petitions')).toBe(before);
  });

  it('lists every field problem at once', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/petitions', {
      text: 'x'.repeat(20_001),
      channel: '微信',
      received_at: 'yesterday',
      petitioner: { id_number: '123', phone: 'call me' },
      unknown_field: 1,
    });
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['(body)', 'channel', 'petitioner.id_number', 'petitioner.phone', 'received_at', 'text']);
  });

  it.each([
    ['malformed JSON', '{"text": "欠薪', { 'content-type': 'application/json' }, 400, 'malformed_json'],
    [
      'a form body',
      'text=hello',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    ['plain text', 'hello', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
  ])('rejects %s', async (_name, body, headers, status, code) => {
    const t = await createTestApp();
    const res = await t.app.request('/v1/petitions', { method: 'POST', headers, body });
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
    expect(count(t, 'petitions')).toBe(0);
  });

  it('returns 413 for a body over 1 MB', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/petitions', { text: '欠'.repeat(400_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('writes nothing when a request fails', async () => {
    const t = await createTestApp();
    const before = ['petitions', 'petitioners', 'deadlines', 'events'].map((n) => count(t, n));
    await t.post('/v1/petitions', { text: '', petitioner: { name: '张三' } });
    await t.post('/v1/petitions', { text: '合法文本', petitioner: { id_number: 'bad' } });
    expect(['petitions', 'petitioners', 'deadlines', 'events'].map((n) => count(t, n))).toEqual(before);
  });
});

describe('GET /v1/petitions', () => {
  it('returns 404 for an unknown id', async () => {
    const t = await createTestApp();
    const res = await t.get('/v1/petitions/XF00000000-NOPE');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('filters by status, overdue and text, and pages', async () => {
    const t = await createTestApp({ now: '2026-03-02T09:00:00+08:00' });
    const a = await registered(t, { ...WAGES, received_at: '2026-02-01T09:00:00+08:00' });
    await registered(t, { text: '小区垃圾清运不及时，臭味严重。', received_at: '2026-03-01T09:00:00+08:00' });
    await registered(t, { text: '学校门口交通拥堵，接送孩子很危险。', received_at: '2026-03-02T08:00:00+08:00' });
    const list = async (qs: string) =>
      (await (await t.get(`/v1/petitions?${qs}`)).json()) as { items: { id: string }[]; total: number };
    expect((await list('')).total).toBe(3);
    expect((await list('overdue=true')).items.map((i) => i.id)).toEqual([a.id]);
    expect((await list('overdue=false')).total).toBe(2);
    expect((await list('q=' + encodeURIComponent('农民工'))).items.map((i) => i.id)).toEqual([a.id]);
    expect((await list('q=' + encodeURIComponent('垃圾'))).total).toBe(1);
    expect((await list('status=registered&limit=2')).items).toHaveLength(2);
    expect((await list('status=registered&limit=2&offset=2')).items).toHaveLength(1);
    const bad = await t.get('/v1/petitions?limit=0&status=nowhere');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'status']);
  });
});

describe('POST /v1/petitions/:id/transitions', () => {
  const move = (to: string, extra: Record<string, unknown> = {}) => ({ to, reason: '依程序办理', ...extra });

  it('moves a case through 甄别 and 分流 and records who (the calling key, whatever the body says) and why', async () => {
    const t = await createTestApp();
    const p = await registered(t);
    const clerk = t.as('reception', '李科员');
    // An older client still sends `actor`: accepted, and not what the case file records.
    const screened = await clerk.post(
      `/v1/petitions/${p.id}/transitions`,
      move('screened', { decision: 'accepted', actor: '县信访局 局长 王某' }),
    );
    expect(screened.status).toBe(200);
    const body = await screened.json();
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'accept').met_at).not.toBeNull();
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'conclude').due_at).toBe('2026-05-01');
    const routed = await clerk.post(
      `/v1/petitions/${p.id}/transitions`,
      move('routed', { department: '人力资源和社会保障局' }),
    );
    expect((await routed.json()).status).toBe('routed');
    const events = (await (await t.get(`/v1/petitions/${p.id}/events`)).json()).events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['registered', 'triaged', 'transition', 'transition']);
    const keyId = t.deps.keys.list().find((k) => k.name === '李科员')!.id;
    expect(events[2]).toMatchObject({
      actor: `李科员 [reception ${keyId}]`,
      payload: { from: 'registered', to: 'screened', reason: '依程序办理', decision: 'accepted' },
    });
    expect(JSON.stringify(events)).not.toContain('局长');
  });

  it.each([
    ['skips a step', 'routed', {}, 'illegal_transition'],
    ['replies without an approved draft', 'replied', {}, 'illegal_transition'],
  ])('returns 409 when it %s', async (_n, to, extra, code) => {
    const t = await createTestApp();
    const p = await registered(t);
    const res = await t.post(`/v1/petitions/${p.id}/transitions`, move(to, extra));
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe(code);
  });

  it('guards 答复: only an approved draft sends a reply', async () => {
    const t = await createTestApp();
    const p = await registered(t);
    await t.post(`/v1/petitions/${p.id}/transitions`, move('screened', { decision: 'accepted' }));
    const res = await t.post(`/v1/petitions/${p.id}/transitions`, move('replied'));
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('guarded_transition');
  });

  it('requires a screening decision and a reason, but no actor (the key is the actor)', async () => {
    const t = await createTestApp();
    const p = await registered(t);
    const res = await t.post(`/v1/petitions/${p.id}/transitions`, { to: 'screened', decision: 'accepted' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe('reason');
    const noDecision = await t.post(`/v1/petitions/${p.id}/transitions`, move('screened'));
    expect(noDecision.status).toBe(400);
    expect((await noDecision.json()).error.issues[0].path).toBe('decision');
    expect(t.deps.events.forPetition(p.id).map((e) => e.type)).toEqual(['registered', 'triaged']);
  });

  it('returns 404 for an unknown petition', async () => {
    const t = await createTestApp();
    expect((await t.post('/v1/petitions/nope/transitions', move('screened', { decision: 'accepted' }))).status).toBe(
      404,
    );
  });
});

describe('clocks over time', () => {
  it('turns yellow near the deadline and red when overdue, and extends once (Art. 34)', async () => {
    const t = await createTestApp({ now: '2026-03-02T09:00:00+08:00' });
    const p = await registered(t);
    await t.post(`/v1/petitions/${p.id}/transitions`, { to: 'screened', decision: 'accepted', reason: 'b' });
    const colour = async () => (await (await t.get(`/v1/petitions/${p.id}`)).json()).supervision.colour;
    expect(await colour()).toBe('green');
    t.clock.set('2026-04-28T09:00:00+08:00'); // 3 days before 2026-05-01
    expect(await colour()).toBe('yellow');
    t.clock.set('2026-05-02T09:00:00+08:00');
    expect(await colour()).toBe('red');
    const ext = await t.post(`/v1/petitions/${p.id}/extension`, { days: 30, reason: '需要补充调查' });
    expect(ext.status).toBe(200);
    const body = await ext.json();
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'conclude').due_at).toBe('2026-05-31');
    expect(body.supervision.colour).toBe('yellow');
    const again = await t.post(`/v1/petitions/${p.id}/extension`, { days: 10, reason: '再延' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('already_extended');
    const tooLong = await t.post(`/v1/petitions/${p.id}/extension`, { days: 31, reason: 'x' });
    expect(tooLong.status).toBe(400);
  });
});

describe('GET /v1/audit/verify', () => {
  it('reports an intact chain after a busy day', async () => {
    const t = await createTestApp();
    for (let i = 0; i < 5; i++) await registered(t);
    const res = await (await t.get('/v1/audit/verify')).json();
    // Each registration writes at least its registration and its triage result (and here a cluster forms).
    expect(res.ok).toBe(true);
    expect(res.events).toBeGreaterThanOrEqual(10);
  });
});

describe('operations', () => {
  it('answers /healthz and serves the OpenAPI document generated from the routes', async () => {
    const t = await createTestApp();
    expect((await (await t.get('/healthz')).json()).ok).toBe(true);
    const doc = await (await t.get('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/petitions', '/v1/petitions/{id}/transitions', '/v1/audit/verify']),
    );
  });

  it('gives every response a request id', async () => {
    const t = await createTestApp();
    const res = await t.get('/v1/petitions/none');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect((await res.json()).error.request_id).toBe(res.headers.get('x-request-id'));
  });
});

describe('repeat petitions (Arts. 19 and 36)', () => {
  it('flags the same petitioner, or the same text, coming back within the window', async () => {
    const t = await createTestApp();
    const signals = (p: { triage: { risk: { signals: { code: string }[] } } }) =>
      p.triage.risk.signals.map((s) => s.code);
    const first = await registered(t, { ...WAGES, petitioner: { phone: '13900001111' } });
    expect(signals(first as never)).not.toContain('repeat');
    const samePerson = await registered(t, {
      text: '上次反映的问题还是没有解决，请尽快处理。',
      petitioner: { phone: '13900001111' },
    });
    expect(signals(samePerson as never)).toContain('repeat');
    const sameText = await registered(t, WAGES);
    expect(signals(sameText as never)).toContain('repeat');
    const unrelated = await registered(t, { text: '建议在公园增设儿童游乐设施。' });
    expect(signals(unrelated as never)).not.toContain('repeat');
  });
});
