import { describe, expect, it } from 'vitest';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { CHANNELS, PetitionInputSchema } from '../cases/petition-schema.ts';
import { createTestApp } from '../testing/test-app.ts';
import { BOOK_COLUMNS, BOM } from './books-csv.ts';
import { docxParagraphs } from './docx-text.ts';
import { TITLES } from '../drafting/documents.ts';
import { replyDocx, splitReply } from './reply-document.ts';

const DAY = 86_400_000;

/** Self-written petitions over 40 days: the third one has both an ID number and a phone. */
async function seeded() {
  const t = await createTestApp({ now: '2026-03-30T09:00:00+08:00', overrides: { triage: simpleTriage } });
  const now = t.clock.now().getTime();
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const v = t.deps.cases.register(
      PetitionInputSchema.parse({
        title: i === 7 ? '小区夜间施工噪音扰民' : `道路积水第${i + 1}件`,
        text:
          i === 7
            ? '工地每晚十一点以后还在施工，噪音很大，无法入睡。'
            : `第${i + 1}处路口下雨就积水，请求疏通排水管道。`,
        channel: CHANNELS[i % CHANNELS.length],
        received_at: new Date(now - (40 - i) * DAY).toISOString(),
        petitioner:
          i === 2
            ? { name: '王五', phone: '139-0000-0002', id_number: '11010519900101001x' }
            : { phone: `1380000${String(i).padStart(4, '0')}` },
        attachments: [],
      }),
      'seed',
    );
    ids.push(v.id);
  }
  return { t, ids };
}

const json = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as {
    items: { id: string }[];
    total: number;
    error?: { message: string; issues: { path: string; message: string }[] };
  },
});

describe('GET /v1/search/petitions', () => {
  it('finds a case by phone and by ID number through the keyed hash, and by case number and text', async () => {
    const { t, ids } = await seeded();
    const byPhone = await json(await t.get('/v1/search/petitions?who=138 0000 0011'));
    expect(byPhone.body.items.map((i) => i.id)).toEqual([ids[11]]);
    const byId = await json(await t.get('/v1/search/petitions?who=11010519900101001X'));
    expect(byId.body.items.map((i) => i.id)).toEqual([ids[2]]);
    // The same petitioner by phone, though registration keyed the repeat hash on the ID number.
    const bothPhone = await json(await t.get('/v1/search/petitions?who=13900000002'));
    expect(bothPhone.body.items.map((i) => i.id)).toEqual([ids[2]]);
    const byNo = await json(await t.get(`/v1/search/petitions?case_no=${ids[5].toLowerCase()}`));
    expect(byNo.body.items.map((i) => i.id)).toEqual([ids[5]]);
    const byText = await json(await t.get(`/v1/search/petitions?q=${encodeURIComponent('施工噪音')}`));
    expect(byText.body.items.map((i) => i.id)).toEqual([ids[7]]);
    // The stored identities are ciphertext: a plaintext scan could never have matched.
    const stored = t.deps.db.prepare('SELECT phone FROM petitioners WHERE petition_id = ?').get(ids[11]) as {
      phone: string;
    };
    expect(stored.phone).not.toContain('13800000011');
  });

  it('filters by channel, date range and 三色牌, sorts and pages', async () => {
    const { t, ids } = await seeded();
    const phoneChannel = await json(
      await t.get(`/v1/search/petitions?channel=${encodeURIComponent('电话')}&limit=100`),
    );
    expect(phoneChannel.body.total).toBe(6);
    // Received 2026-02-18 … 2026-02-20 (local): petitions 0, 1 and 2.
    const range = await json(await t.get('/v1/search/petitions?from=2026-02-18&to=2026-02-20&sort=received_asc'));
    expect(range.body.items.map((i) => i.id)).toEqual(ids.slice(0, 3));
    // Received more than 15 days ago and not screened: the 15-day clock has run out (红牌).
    const red = await json(await t.get('/v1/search/petitions?colour=red&limit=100'));
    const overdue = await json(await t.get('/v1/search/petitions?overdue=true&limit=100'));
    expect(red.body.total).toBe(overdue.body.total);
    expect(red.body.total).toBeGreaterThan(0);
    const page2 = await json(await t.get('/v1/search/petitions?limit=10&offset=10&sort=received_asc'));
    expect(page2.body.total).toBe(30);
    expect(page2.body.items.map((i) => i.id)).toEqual(ids.slice(10, 20));
  });

  it('answers 400 in Chinese naming each bad parameter', async () => {
    const t = await createTestApp();
    const res = await json(await t.get('/v1/search/petitions?from=03/02/2026&colour=blue&limit=0'));
    expect(res.status).toBe(400);
    expect(res.body.error!.issues.map((i) => i.path).sort()).toEqual(['colour', 'from', 'limit']);
    expect(res.body.error!.issues.find((i) => i.path === 'from')!.message).toContain('年-月-日');
  });
});

describe('the books as CSV', () => {
  it('exports every filtered case with step times and deadlines, masked for dispatch, refused to evaluators', async () => {
    const { t, ids } = await seeded();
    t.deps.cases.transition(ids[29], { to: 'screened', actor: '李科员', reason: '予以受理', decision: 'accepted' });
    const res = await t.as('reception').get('/v1/exports/petitions.csv?sort=received_asc');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith(BOM)).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(31);
    expect(lines[0]).toBe(BOOK_COLUMNS.map((c) => `"${c}"`).join(','));
    expect(lines[0]).toContain('甄别时间');
    expect(lines[0]).toContain('受理或转送告知期限');
    const last = lines[30].split('","');
    expect(last[0]).toBe(`"${ids[29]}`);
    expect(last[BOOK_COLUMNS.indexOf('甄别时间')]).toMatch(/^2026-03-30 09:00$/);
    expect(last[BOOK_COLUMNS.indexOf('联系电话')]).toBe('13800000029');
    const masked = new TextDecoder().decode(
      await (await t.as('dispatch').get('/v1/exports/petitions.csv')).arrayBuffer(),
    );
    expect(masked).toContain('138****0029');
    expect(masked).not.toContain('13800000029');
    expect((await t.as('evaluator').get('/v1/exports/petitions.csv')).status).toBe(403);
  });
});

describe('the approved reply as an official document', () => {
  it('splits the drafter layout into title, addressee, body, office and date', () => {
    const d = splitReply(
      '受理告知书\n\n张三：\n\n您反映的事项已收悉。\n\n特此告知。\n\n某县信访局\n2026年3月2日',
      'acceptance',
    );
    expect(d).toEqual({
      title: '受理告知书',
      addressee: '张三：',
      body: ['您反映的事项已收悉。', '特此告知。'],
      office: '某县信访局',
      date: '2026年3月2日',
    });
  });

  it.each(Object.keys(TITLES) as (keyof typeof TITLES)[])(
    'lays out a %s as a .docx that reads back whole',
    async (kind) => {
      const text = `${TITLES[kind]}\n\n张三：\n\n您反映的事项已收悉。\n\n特此告知。\n\n青禾县信访局\n2026年3月2日`;
      const doc = {
        petitionId: 'XF20260302-00000000',
        kind,
        ...splitReply(text, kind),
        approvedBy: '张科长',
        approvedAt: '2026-03-02T01:00:00Z',
      };
      expect(doc.title).toBe(TITLES[kind]);
      expect(docxParagraphs(await replyDocx(doc)).filter(Boolean)).toEqual([
        TITLES[kind],
        '张三：',
        '您反映的事项已收悉。',
        '特此告知。',
        '青禾县信访局',
        '2026年3月2日',
      ]);
    },
  );

  it('prints and downloads the approved reply as .docx whose text reads back', async () => {
    const t = await createTestApp({ overrides: { triage: simpleTriage } });
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
    expect((await t.get(`/v1/petitions/${v.id}/reply.docx`)).status).toBe(404);
    t.deps.cases.transition(v.id, { to: 'screened', actor: '李科员', reason: '予以受理', decision: 'accepted' });
    const draft = await t.deps.reviews.generate(v.id, { actor: '李科员' });
    const edited = t.deps.reviews.edit(v.id, {
      reply: draft.reply.replace(/【[^】]*】/g, '经核实，拖欠属实。'),
      actor: '李科员',
    });
    t.deps.reviews.approve(v.id, edited.version, '张科长');
    const res = await t.as('supervisor').get(`/v1/petitions/${v.id}/reply.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.docx');
    const paragraphs = docxParagraphs(Buffer.from(await res.arrayBuffer()));
    const doc = splitReply(edited.reply, edited.kind);
    expect(paragraphs[0]).toBe(doc.title);
    expect(paragraphs).toContain(doc.office);
    expect(paragraphs).toContain(doc.date);
    for (const line of doc.body) expect(paragraphs).toContain(line);
    const print = await (await t.app.request(`/petitions/${v.id}/reply/print`)).text();
    expect(print).toContain(`<h1 class="doc-title">${doc.title}</h1>`);
    expect(print).toContain('印章位置');
    expect(print).toContain('@page{size:A4;margin:37mm 26mm 35mm 28mm}');
  });
});

describe('the petitioner lookup', () => {
  it('is rebuilt when the PII key changes, so no stale hash is matched', async () => {
    const { refreshPetitionerLookup } = await import('../store/petitioner-lookup.ts');
    const { createHmac } = await import('node:crypto');
    const { t } = await seeded();
    expect(refreshPetitionerLookup(t.deps.db, t.deps.cipher, t.deps.identityKey)).toBe(30);
    expect(refreshPetitionerLookup(t.deps.db, t.deps.cipher, t.deps.identityKey)).toBe(0);
    const rotated = (v: string) => createHmac('sha256', 'another key').update(v).digest('hex');
    expect(refreshPetitionerLookup(t.deps.db, t.deps.cipher, rotated)).toBe(30);
    const rows = t.deps.db
      .prepare('SELECT COUNT(*) AS n FROM petitioner_lookup WHERE lookup_key = ?')
      .get(rotated('13900000002')) as { n: number };
    expect(rows.n).toBe(1);
  });
});

describe('POST /petitions/bulk', () => {
  const post = (fields: [string, string][]) =>
    ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    }) as RequestInit;

  it('routes every selected case to a department in one go, each move in its case file', async () => {
    const { t, ids } = await seeded();
    for (const id of ids.slice(0, 3))
      t.deps.cases.transition(id, { to: 'screened', actor: '李科员', reason: '予以受理', decision: 'accepted' });
    const res = await t.app.request(
      '/petitions/bulk',
      post([
        ...ids.slice(0, 3).map((id): [string, string] => ['ids', id]),
        ['action', 'route'],
        ['department', '城管局'],
        ['reason', '属城管职责'],
        ['back', 'channel=%E8%B5%B0%E8%AE%BF'],
      ]),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/petitions?channel=%E8%B5%B0%E8%AE%BF&bulk_done=3');
    for (const id of ids.slice(0, 3)) {
      expect(t.deps.cases.view(id).status).toBe('routed');
      expect(t.deps.events.forPetition(id).at(-1)!.payload).toMatchObject({
        to: 'routed',
        department: '城管局',
        reason: '属城管职责',
      });
    }
    const found = await json(await t.get(`/v1/search/petitions?department=${encodeURIComponent('城管局')}`));
    expect(found.body.total).toBe(3);
  });

  it('assigns every selected case to a department (交办) with its deadline, each with its own assignment', async () => {
    const { t, ids } = await seeded();
    for (const id of ids.slice(0, 3)) {
      t.deps.cases.transition(id, { to: 'screened', actor: '李科员', reason: '予以受理', decision: 'accepted' });
      t.deps.cases.transition(id, { to: 'routed', actor: '李科员', reason: '分流' });
    }
    const fields: [string, string][] = [
      ...ids.slice(0, 3).map((id): [string, string] => ['ids', id]),
      ['action', 'assign'],
      ['department', '人力资源和社会保障局'],
      ['days', '10'],
      ['reason', '请核实并报送办理结果'],
    ];
    const res = await t.app.request('/petitions/bulk', post(fields));
    expect(res.status).toBe(303);
    for (const id of ids.slice(0, 3)) {
      expect(t.deps.cases.view(id).status).toBe('assigned');
      expect(t.deps.assignments.list(id)).toEqual([
        expect.objectContaining({
          department: expect.objectContaining({ name: '人力资源和社会保障局' }),
          status: 'open',
          instructions: '请核实并报送办理结果',
        }),
      ]);
    }
    // An unknown department or a bad deadline refuses the whole batch and says why, in Chinese.
    const bad = await t.app.request(
      '/petitions/bulk',
      post([
        ['ids', ids[3]],
        ['action', 'assign'],
        ['department', '不存在的局'],
        ['reason', '交办'],
      ]),
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('所选事项均未改动');
    const late = await t.app.request(
      '/petitions/bulk',
      post([
        ['ids', ids[3]],
        ['action', 'assign'],
        ['department', '人力资源和社会保障局'],
        ['days', '90'],
        ['reason', '交办'],
      ]),
    );
    expect(await late.text()).toContain('办理期限须为 1–60 之间的整数');
  });

  it('moves nothing when one selected case may not move, and names it', async () => {
    const { t, ids } = await seeded();
    t.deps.cases.transition(ids[0], { to: 'screened', actor: '李科员', reason: '予以受理', decision: 'accepted' });
    const before = t.deps.events.forPetition(ids[0]).length;
    const res = await t.app.request(
      '/petitions/bulk',
      post([
        ['ids', ids[0]],
        ['ids', ids[1]],
        ['action', 'route'],
        ['department', '城管局'],
        ['reason', '属城管职责'],
      ]),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('所选事项均未改动');
    expect(html).toContain(`${ids[1]}</a>：当前环节（登记）不能转到“分流”`);
    expect(t.deps.cases.view(ids[0]).status).toBe('screened');
    expect(t.deps.events.forPetition(ids[0])).toHaveLength(before);
    expect(t.deps.events.verify().ok).toBe(true);
  });

  it('is refused to a role that may not move cases', async () => {
    const { t, ids } = await seeded();
    const res = await t.as('dispatch').request(
      '/petitions/bulk',
      post([
        ['ids', ids[0]],
        ['action', 'supervise'],
        ['reason', '督办'],
      ]),
    );
    expect(res.status).toBe(403);
  });
});
