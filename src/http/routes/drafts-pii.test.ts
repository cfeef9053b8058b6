import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';

// Issue 17: a draft is stored with the petitioner as a placeholder; identities come back only for a role that
// may read them, and each such read is a pii_read event in the case file.

const WAGES = '我们是建筑工地的农民工，施工单位拖欠我们十二个人半年的工资共八万元，多次讨要无果，请求政府督促支付。';
const fillIn = (reply: string) =>
  reply
    .replace(/【待核实：[^】]*】/g, '施工单位尚欠工资属实。')
    .replace(
      /处理意见：【处理意见：[^】]*】[^。\n]*。/,
      '处理意见：依照《信访工作条例》第三十二条第一项的规定，本机关对您的请求予以支持。',
    );

async function caseWithDraft() {
  const t = await createTestApp();
  const p = await (
    await t.post('/v1/petitions', { text: WAGES, petitioner: { name: '王建国', phone: '13812345678' } })
  ).json();
  await t.post(`/v1/petitions/${p.id}/transitions`, { to: 'screened', decision: 'accepted', reason: '受理' });
  const v1 = await (await t.post(`/v1/petitions/${p.id}/drafts`, { kind: 'opinion' })).json();
  return { t, id: p.id as string, v1 };
}

const piiReads = (t: Awaited<ReturnType<typeof createTestApp>>, id: string) =>
  (
    t.deps.db
      .prepare("SELECT payload FROM events WHERE petition_id = ? AND type = 'pii_read'")
      .pluck()
      .all(id) as string[]
  ).map((p) => JSON.parse(p));

describe('drafts and personal data', () => {
  it('stores the reply with a placeholder, never the name', async () => {
    const { t, id, v1 } = await caseWithDraft();
    expect(v1.reply).toContain('[姓名1]');
    const stored = t.deps.db.prepare('SELECT reply FROM drafts WHERE petition_id = ?').pluck().all(id) as string[];
    expect(stored.join('')).not.toContain('王建国');
    expect(piiReads(t, id)).toEqual([]);
  });

  it('puts the name back for reception on ?reveal=name and records the read; refuses roles without the right', async () => {
    const { t, id } = await caseWithDraft();
    const reception = t.as('reception');
    const res = await reception.get(`/v1/petitions/${id}/drafts?reveal=name`);
    expect(res.status).toBe(200);
    expect((await res.json()).drafts[0].reply).toContain('王建国：');
    expect(piiReads(t, id)).toEqual([expect.objectContaining({ fields: ['name'], role: 'reception' })]);
    for (const role of ['evaluator', 'dispatch', 'department'] as const) {
      expect((await t.as(role).get(`/v1/petitions/${id}/drafts?reveal=name`)).status).toBe(403);
    }
    expect(piiReads(t, id)).toHaveLength(1);
  });

  it('prints the approved document with the name for a permitted role, recording the read', async () => {
    const { t, id, v1 } = await caseWithDraft();
    const edited = await (await t.post(`/v1/petitions/${id}/drafts/edits`, { reply: fillIn(v1.reply) })).json();
    expect((await t.post(`/v1/petitions/${id}/drafts/${edited.version}/approve`, {})).status).toBe(200);
    const page = await t.as('supervisor').get(`/petitions/${id}/reply/print`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('王建国：');
    expect(piiReads(t, id)).toEqual([expect.objectContaining({ fields: ['name'], role: 'supervisor' })]);
  });
});
