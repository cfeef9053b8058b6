import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../app.ts';
import { createTestApp } from '../testing/test-app.ts';

const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';
const CJK = /[\u4e00-\u9fff]/;
// English prose: two English words in a row. A single identifier (a field, a code, a route) may stand in a sentence.
const ENGLISH_PROSE = /\b[A-Za-z]{3,}\s+[A-Za-z]{3,}\b/;

interface Seen {
  request: string;
  status: number;
  code: string;
  message: string;
  issues: { path: string; message: string }[];
}

/** The problems with one error body: what a person reads must be Chinese, the code an English identifier. */
function problems(e: Seen): string[] {
  const out: string[] = [];
  if (!/^[a-z_]+$/.test(e.code)) out.push(`code ${e.code}`);
  for (const text of [e.message, ...e.issues.map((i) => i.message)]) {
    if (!CJK.test(text) || ENGLISH_PROSE.test(text)) out.push(text);
  }
  return out;
}

describe('JSON error messages are Chinese', () => {
  it("walks the API's refusals (400, 401, 403, 404, 409, 413, 422) and finds every message and issue in Chinese", {
    timeout: 60_000,
  }, async () => {
    const t = await createTestApp();
    const seen: Seen[] = [];
    const record = async (label: string, res: Response) => {
      expect(res.status, label).toBeGreaterThanOrEqual(400);
      const body = (await res.json()) as { error: Omit<Seen, 'request' | 'status'> };
      seen.push({ request: label, status: res.status, ...body.error });
    };
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) => t.post(path, body, headers);

    // 400: validation, by zod's own messages and the schemas' own, and the input guard.
    await record('register {}', await post('/v1/petitions', {}));
    await record(
      'register bad channel, unknown field',
      await post('/v1/petitions', { text: WAGES, channel: '飞鸽', colour: 'red' }),
    );
    await record(
      'register 6 representatives',
      await post('/v1/petitions', { text: WAGES, representatives: Array.from({ length: 6 }, () => ({ name: '甲' })) }),
    );
    await record(
      'register bad id number and date',
      await post('/v1/petitions', { text: WAGES, received_at: 'yesterday', petitioner: { id_number: '123' } }),
    );
    await record('register blank text', await post('/v1/petitions', { text: '   ' }));
    await record('register malformed JSON', await post('/v1/petitions', '{"text": '));
    await record('register control character', await post('/v1/petitions', { text: `${WAGES}\u0001` }));
    await record('register too large', await post('/v1/petitions', { text: 'x'.repeat(MAX_BODY_BYTES + 10) }));
    await record('list bad query', await t.get('/v1/petitions?limit=abc&risk=purple'));
    await record('stream bad replay', await t.get('/v1/alerts/stream?replay=all'));

    // 401 and 403.
    await record('no key', await t.rawApp.request('/v1/petitions'));
    await record(
      'unknown key',
      await t.rawApp.request('/v1/petitions', { headers: { authorization: 'Bearer xf_nope-nope-nope-nope-nope' } }),
    );
    const reception = t.as('reception');
    await record('reception lists keys', await reception.get('/v1/keys'));

    // 404.
    await record('unknown route', await t.get('/v1/nope'));
    await record('unknown petition', await t.get('/v1/petitions/XF20260302-DEADBEEF'));
    await record('unknown alert', await t.get('/v1/alerts/AL20260302-DEADBEEF'));

    // 409 and 422 along the workflow.
    const p = await (await post('/v1/petitions', { text: WAGES })).json();
    const move = (body: object) =>
      post(`/v1/petitions/${p.id}/transitions`, { actor: '李科员', reason: '依程序办理', ...body });
    await record('illegal move', await move({ to: 'closed' }));
    await record('screening without decision', await move({ to: 'screened' }));
    await record('reply by transition', await move({ to: 'replied' }));
    await record(
      'follow-up before reply',
      await post(`/v1/petitions/${p.id}/follow-up`, { satisfaction: '满意', actor: '回访员' }),
    );
    await record(
      'extension before acceptance',
      await post(`/v1/petitions/${p.id}/extension`, { days: 10, reason: '情况复杂', actor: '张科长' }),
    );
    await record(
      'edit before any draft',
      await post(`/v1/petitions/${p.id}/drafts/edits`, { reply: '答复', actor: '李科员' }),
    );
    await record(
      'approve a missing version',
      await post(`/v1/petitions/${p.id}/drafts/9/approve`, { actor: '张科长' }),
    );
    await record('reveal an unknown field', await t.get(`/v1/petitions/${p.id}?reveal=shoe_size`));
    await record(
      "dispatch reveals a green petition's phone",
      await t.as('dispatch').get(`/v1/petitions/${p.id}?reveal=phone`),
    );
    await record(
      'notice with no assignment',
      await post(`/v1/petitions/${p.id}/assignments/current/notice`, { message: '请尽快办理', actor: '督查科' }),
    );
    expect((await move({ to: 'screened', decision: 'not_accepted' })).status).toBe(200);
    await record('route a petition not accepted', await move({ to: 'routed' }));
    await record(
      'unknown department',
      await post(`/v1/petitions/${p.id}/assignments`, { department: '不存在的局', days: 5, actor: '李科员' }),
    );
    expect((await post(`/v1/petitions/${p.id}/drafts`, { actor: '李科员' })).status).toBe(201);
    await record(
      'edit citing an unknown article',
      await post(`/v1/petitions/${p.id}/drafts/edits`, {
        reply: '依据《信访工作条例》第九十九条，不予受理。',
        actor: '李科员',
      }),
    );
    const bare = await (
      await post(`/v1/petitions/${p.id}/drafts/edits`, { reply: '您好，来信收悉。', actor: '李科员' })
    ).json();
    await record(
      'approve an unfinished draft',
      await post(`/v1/petitions/${p.id}/drafts/${bare.version}/approve`, { actor: '张科长' }),
    );

    expect(new Set(seen.map((e) => e.status))).toEqual(new Set([400, 401, 403, 404, 409, 413, 422]));
    const bad = seen.map((e) => ({ request: e.request, problems: problems(e) })).filter((e) => e.problems.length);
    expect(bad).toEqual([]);
  });
});
