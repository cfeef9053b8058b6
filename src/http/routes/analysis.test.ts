import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';

const WAGES = '我们是建筑工地的农民工，施工单位拖欠我们十二个人半年的工资共八万元，多次讨要无果，请求政府督促支付。';

describe('POST /v1/analyze (the pilot contract)', () => {
  it('answers emotion, category, risk, route and clauses that exist in the corpus', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/analyze', { text: WAGES, title: '讨薪' });
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(Object.keys(a.emotion.scores).sort()).toEqual(['angry', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
    expect(a.emotion.intensity).toBeGreaterThanOrEqual(0);
    expect(a.emotion.intensity).toBeLessThanOrEqual(1);
    expect(['red', 'yellow', 'green']).toContain(a.risk.level);
    expect(a.route).toMatchObject({ code: 'arbitration', article: '第三十一条' });
    // Issue 16: only articles at or above the confidence threshold, at most k.
    expect(a.clauses.length).toBeGreaterThan(0);
    expect(a.clauses.length).toBeLessThanOrEqual(5);
    expect(a.abstained).toBe(false);
    for (const c of a.clauses) expect(c.confidence).toBeGreaterThanOrEqual(0.5);
    for (const c of a.clauses) {
      const stored = t.deps.resources.corpus.getArticle(c.law, c.number);
      expect(stored?.text).toBe(c.text);
      expect(c.article).toBe(stored?.article);
    }
    expect(a.clauses.map((c: { law: string }) => c.law).join()).toMatch(/工资|劳动/);
  });

  it('skips retrieval with k = 0 and never invents clauses', async () => {
    const t = await createTestApp();
    const a = await (await t.post('/v1/analyze', { text: WAGES, k: 0 })).json();
    expect(a.clauses).toEqual([]);
  });

  it('marks a self-harm threat red with its evidence in the original text', async () => {
    const t = await createTestApp();
    const text = '工资拖了一年没人管，明天我就去县政府楼顶跳下去，让你们都看看。';
    const a = await (await t.post('/v1/analyze', { text })).json();
    expect(a.risk.level).toBe('red');
    const s = a.risk.signals.find((x: { code: string }) => x.code === 'self_harm');
    expect(text.slice(s.start, s.end)).toBe(s.evidence);
  });

  it('names the field on bad input', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/analyze', { text: '', k: 500 });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['k', 'text']);
  });
});

describe('POST /v1/clauses/recommend and GET /v1/clauses/:law/:number', () => {
  it('returns k ranked articles with their exact text and the matched terms', async () => {
    const t = await createTestApp();
    const { clauses } = await (
      await t.post('/v1/clauses/recommend', { text: '物业公司乱收费，电梯坏了不修', k: 3 })
    ).json();
    expect(clauses).toHaveLength(3);
    expect(clauses[0].score).toBeGreaterThanOrEqual(clauses[2].score);
    expect(clauses[0].reason.length).toBeGreaterThan(0);
  });

  it('looks an article up by law title and number or heading', async () => {
    const t = await createTestApp();
    const byNumber = await (await t.get(`/v1/clauses/${encodeURIComponent('信访工作条例')}/31`)).json();
    expect(byNumber).toMatchObject({ law: '信访工作条例', article: '第三十一条', number: 31 });
    const byHeading = await t.get(`/v1/clauses/${encodeURIComponent('劳动合同法')}/${encodeURIComponent('第三十条')}`);
    expect((await byHeading.json()).text).toContain('劳动报酬');
    expect((await t.get(`/v1/clauses/${encodeURIComponent('信访工作条例')}/999`)).status).toBe(404);
  });
});

describe('POST /v1/draft', () => {
  it('drafts a reply for a wage petition citing real articles and keeps personal data out', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/draft', {
      title: '讨薪',
      text: `${WAGES}我叫王建国，电话13812345678。`,
      kind: 'opinion',
    });
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d).toMatchObject({ kind: 'opinion', provider: 'offline', removed_citations: [] });
    expect(d.reply).toMatch(/30日内[^。]*复查|复查[^。]*30日/);
    expect(d.reply).not.toContain('13812345678');
    expect(d.citations.length).toBeGreaterThan(0);
    for (const c of d.citations) expect(t.deps.resources.corpus.getArticle(c.law, c.article)).toBeTruthy();
    expect(d.citations.some((c: { law: string }) => /劳动|工资/.test(c.law))).toBe(true);
  });
});

// Issue 16: a fresh 意见书 shows 【待核实：…】 and 【处理意见：…】 until staff state them; this is their edit.
const fillIn = (reply: string) =>
  reply
    .replace(/【待核实：[^】]*】/, '施工单位尚欠工资属实。')
    .replace(
      /处理意见：【处理意见：[^】]*】[^。\n]*。/,
      '处理意见：依照《信访工作条例》第三十二条第一项的规定，本机关对您的请求予以支持。',
    );

describe('drafts of a registered petition', () => {
  it('follows the screening decision: an accepted petition never gets a non-acceptance notice; a heading edit changes the stored kind', async () => {
    const t = await createTestApp();
    const p = await (await t.post('/v1/petitions', { text: WAGES })).json();
    await t.post(`/v1/petitions/${p.id}/transitions`, { to: 'screened', decision: 'accepted', reason: '受理' });
    const v1 = await (await t.post(`/v1/petitions/${p.id}/drafts`, {})).json();
    expect(v1.kind).not.toMatch(/non_acceptance|forwarding/);
    expect(v1.reply).not.toContain('不予受理');
    const refused = await t.post(`/v1/petitions/${p.id}/drafts`, { kind: 'non_acceptance' });
    expect(refused.status).toBe(409);
    const edited = await (
      await t.post(`/v1/petitions/${p.id}/drafts/edits`, { reply: v1.reply.replace(/^[^\n]+/, '信访处理意见书') })
    ).json();
    expect(edited.kind).toBe('opinion');
  });

  it('generates, edits into a new version, approves, and only then moves the case to 答复', async () => {
    const t = await createTestApp();
    const p = await (await t.post('/v1/petitions', { text: WAGES, petitioner: { name: '王建国' } })).json();
    await t.post(`/v1/petitions/${p.id}/transitions`, { to: 'screened', decision: 'accepted', reason: '受理' });
    const v1 = await (await t.post(`/v1/petitions/${p.id}/drafts`, { kind: 'opinion' })).json();
    expect(v1).toMatchObject({ version: 1, kind: 'opinion' });
    // Stored and returned with the name as a placeholder; a role that may read it asks for it (pii_read).
    expect(v1.reply).toContain('[姓名1]：');
    expect(v1.reply).not.toContain('王建国');
    const revealed = (await (await t.get(`/v1/petitions/${p.id}/drafts?reveal=name`)).json()).drafts;
    expect(revealed[0].reply).toContain('王建国：');

    const bad = await t.post(`/v1/petitions/${p.id}/drafts/edits`, {
      reply: `${v1.reply}\n另依据《中华人民共和国刑法》第二百三十二条。`,
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('invalid_citations');

    const unfinished = await t.post(`/v1/petitions/${p.id}/drafts/1/approve`, {});
    expect(unfinished.status).toBe(422);
    const v2 = await (
      await t.post(`/v1/petitions/${p.id}/drafts/edits`, { reply: fillIn(v1.reply).replace('特此', '望理解。特此') })
    ).json();
    expect(v2).toMatchObject({ version: 2, provider: 'staff' });
    expect((await (await t.get(`/v1/petitions/${p.id}`)).json()).status).toBe('screened');

    const approved = await t.post(`/v1/petitions/${p.id}/drafts/2/approve`, {});
    expect(approved.status).toBe(200);
    const { petition } = await approved.json();
    expect(petition.status).toBe('replied');
    expect(petition.deadlines.find((d: { kind: string }) => d.kind === 'review_request')).toMatchObject({
      due_at: '2026-04-01',
    });
    const again = await t.post(`/v1/petitions/${p.id}/drafts/2/approve`, {});
    expect(again.status).toBe(409);

    const types = (await (await t.get(`/v1/petitions/${p.id}/events`)).json()).events.map(
      (e: { type: string }) => e.type,
    );
    expect(types.filter((x: string) => x === 'draft_version')).toHaveLength(2);
    expect(types).toContain('draft_approved');
    expect((await (await t.get('/v1/audit/verify')).json()).ok).toBe(true);
  });

  it('records a follow-up, and 不满意 re-opens supervision (二次督办)', async () => {
    const t = await createTestApp();
    const p = await (await t.post('/v1/petitions', { text: WAGES })).json();
    await t.post(`/v1/petitions/${p.id}/transitions`, { to: 'screened', decision: 'accepted', reason: 'b' });
    const v1 = await (await t.post(`/v1/petitions/${p.id}/drafts`, { kind: 'opinion' })).json();
    await t.post(`/v1/petitions/${p.id}/drafts/edits`, { reply: fillIn(v1.reply) });
    await t.post(`/v1/petitions/${p.id}/drafts/2/approve`, {});
    const res = await t.post(`/v1/petitions/${p.id}/follow-up`, { satisfaction: '不满意', comment: '工资仍未到账' });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('supervising');
  });
});
