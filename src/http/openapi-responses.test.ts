import { beforeAll, describe, expect, it } from 'vitest';
import { type JsonSchema, checkSchema, keysOf } from '../testing/openapi-check.ts';
import { createTestApp } from '../testing/test-app.ts';
import { isCamelKey } from './casing.ts';

type Response = { description: string; content?: Record<string, { schema: JsonSchema }> };
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
type Call = { method: string; route: string; status: number; body: unknown };

const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';
const RED = '包工头拖欠我们三十个人的工资一年多了，再不给钱我就从楼顶跳下去，不想活了。';
const FINDINGS = '经查，某建筑公司确欠十二名农民工工资八万元，已于2026年3月20日全部支付。';
const fillIn = (reply: string) =>
  reply
    .replace(/【待核实：[^】]*】/g, '施工单位尚欠工资属实。')
    .replace(
      /处理意见：【处理意见：[^】]*】[^。\n]*。/,
      '处理意见：依照《信访工作条例》第三十二条第一项的规定，本机关对您的请求予以支持。',
    );

let doc: Doc;
const calls: Call[] = [];

/**
 * A few representative requests per route group, successes and refusals, recorded with the documented route they
 * answer to; the tests below check each answer against the document.
 */
async function walk() {
  const t = await createTestApp();
  const headers = (key?: string): Record<string, string> =>
    key === undefined ? {} : { authorization: key ? `Bearer ${key}` : '' };
  const record = async (method: string, route: string, path: string, body?: unknown, key?: string) => {
    const res =
      method === 'get'
        ? await t.get(path, headers(key))
        : method === 'delete'
          ? await t.request(path, { method: 'DELETE', headers: headers(key) })
          : await t.post(path, body ?? {}, headers(key));
    const json = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : await res.text();
    calls.push({ method, route, status: res.status, body: json });
    // biome-ignore lint/suspicious/noExplicitAny: the walk reads ids out of arbitrary answers
    return json as Record<string, any>;
  };

  doc = (await (await t.rawApp.request('/openapi.json')).json()) as Doc;

  // Ops, session, the pilot's contract and the clauses.
  await record('get', '/healthz', '/healthz', undefined, '');
  await record('get', '/v1/session', '/v1/session');
  await record('post', '/login', '/login', { key: t.key }, '');
  await record('post', '/login', '/login', { key: 'xf_not-a-key' }, '');
  await record('get', '/v1/info', '/v1/info');
  await record('post', '/v1/analyze', '/v1/analyze', { text: WAGES, similar_k: 2 });
  await record('post', '/v1/analyze', '/v1/analyze', { text: '' });
  await record('post', '/v1/draft', '/v1/draft', { text: WAGES });
  const rec = await record('post', '/v1/clauses/recommend', '/v1/clauses/recommend', { text: WAGES, k: 3 });
  const first = rec.clauses[0];
  await record('get', '/v1/clauses/{law}/{number}', `/v1/clauses/${encodeURIComponent(first.law)}/${first.number}`);
  await record('get', '/v1/clauses/{law}/{number}', '/v1/clauses/no-such-law/1');

  // Intake, the list, the case file and the workflow up to a sent reply and a follow-up.
  const p = await record('post', '/v1/petitions', '/v1/petitions', {
    text: WAGES,
    channel: '走访',
    petitioner: { name: '欧阳建国', phone: '13987654321' },
  });
  await record('post', '/v1/petitions', '/v1/petitions', { text: '' });
  await record('get', '/v1/petitions', '/v1/petitions?limit=5');
  await record('get', '/v1/petitions/{id}', `/v1/petitions/${p.id}`);
  await record('get', '/v1/petitions/{id}', `/v1/petitions/${p.id}?reveal=phone`);
  await record('get', '/v1/petitions/{id}', '/v1/petitions/XF00000000-00000000');
  const move = (id: string, to: string, extra: object = {}) =>
    record('post', '/v1/petitions/{id}/transitions', `/v1/petitions/${id}/transitions`, {
      to,
      reason: '依程序办理',
      ...extra,
    });
  await move(p.id, 'concluded');
  await move(p.id, 'screened', { decision: 'accepted' });
  await move(p.id, 'routed', { department: '人力资源和社会保障局' });
  await record('post', '/v1/petitions/{id}/extension', `/v1/petitions/${p.id}/extension`, {
    days: 10,
    reason: '需调查',
  });
  const draft = await record('post', '/v1/petitions/{id}/drafts', `/v1/petitions/${p.id}/drafts`, { kind: 'opinion' });
  const edited = await record('post', '/v1/petitions/{id}/drafts/edits', `/v1/petitions/${p.id}/drafts/edits`, {
    reply: fillIn(draft.reply),
  });
  await record('post', '/v1/petitions/{id}/drafts/edits', `/v1/petitions/${p.id}/drafts/edits`, {
    reply: '依照《中华人民共和国刑法》第一条，予以支持。',
  });
  await record('get', '/v1/petitions/{id}/drafts', `/v1/petitions/${p.id}/drafts`);
  const approve = `/v1/petitions/${p.id}/drafts/${edited.version}/approve`;
  await record('post', '/v1/petitions/{id}/drafts/{version}/approve', approve);
  await record('post', '/v1/petitions/{id}/follow-up', `/v1/petitions/${p.id}/follow-up`, { satisfaction: '满意' });
  await record('get', '/v1/petitions/{id}/events', `/v1/petitions/${p.id}/events`);

  // Departments, assignments (交办), a department's own key and inbox, 督办 notices and findings.
  const deps = await record('get', '/v1/departments', '/v1/departments');
  const hr = deps.items.find((d: { name: string }) => d.name === '人力资源和社会保障局');
  await record('post', '/v1/departments', '/v1/departments', { name: '信访局接待科' });
  const depKey = (
    await record('post', '/v1/departments/{id}/keys', `/v1/departments/${hr.id}/keys`, { name: '人社承办' })
  ).key as string;
  const q = await record('post', '/v1/petitions', '/v1/petitions', { text: WAGES });
  await move(q.id, 'screened', { decision: 'accepted' });
  await move(q.id, 'routed');
  const a = `/v1/petitions/${q.id}/assignments`;
  await record('post', '/v1/petitions/{id}/assignments', a, { department: '人力资源和社会保障局', days: 15 });
  await record('post', '/v1/petitions/{id}/assignments', a, { department: '', days: 99 });
  const cur = (s: string) => [`/v1/petitions/{id}/assignments/current/${s}`, `${a}/current/${s}`] as const;
  await record('post', ...cur('extension-request'), { days: 5, reason: '需补充调查' }, depKey);
  await record('post', ...cur('extension-decision'), { granted: true, reason: '同意' });
  await record('post', ...cur('notice'), { message: '请尽快办理' });
  await record('post', ...cur('findings'), { findings: FINDINGS, outcome: '支持' }, depKey);
  await record('post', ...cur('assessment'), { accepted: true, reason: '查明属实' });
  await record('get', '/v1/petitions/{id}/assignments', a);
  await record('get', '/v1/assignments', '/v1/assignments');
  await record('get', '/v1/department/inbox', '/v1/department/inbox?all=true', undefined, depKey);
  await record('get', '/v1/department/inbox', '/v1/department/inbox');

  // Finding cases and bulk moves.
  await record('get', '/v1/search/petitions', '/v1/search/petitions?q=农民工工资');
  await record('get', '/v1/search/petitions', '/v1/search/petitions?limit=0');
  await record('post', '/v1/petitions/bulk-moves', '/v1/petitions/bulk-moves', {
    ids: [q.id],
    action: 'supervise',
    reason: '列入督办',
  });
  await record('post', '/v1/petitions/bulk-moves', '/v1/petitions/bulk-moves', { ids: [], action: 'route' });

  // Red alerts and clusters.
  const red = await record('post', '/v1/petitions', '/v1/petitions', { text: RED });
  await record('post', '/v1/petitions', '/v1/petitions', { text: RED.replace('三十', '二十') });
  const alerts = await record('get', '/v1/alerts', '/v1/alerts');
  const alert = alerts.items.find((x: { petition_id: string }) => x.petition_id === red.id);
  await record('get', '/v1/alerts/{id}', `/v1/alerts/${alert.id}`);
  await record('post', '/v1/alerts/{id}/ack', `/v1/alerts/${alert.id}/ack`, { note: '已电话联系' });
  await record('post', '/v1/alerts/{id}/ack', `/v1/alerts/${alert.id}/ack`, {});
  await record('get', '/v1/alerts/{id}', '/v1/alerts/AL00000000-00000000');
  const clusters = await record('get', '/v1/clusters', '/v1/clusters');
  if (clusters.items[0]) await record('get', '/v1/clusters/{id}', `/v1/clusters/${clusters.items[0].id}`);
  await record('get', '/v1/clusters/{id}', '/v1/clusters/CL00000000-00000000');

  // Keys, the case-file verifier, and the answers every authenticated route can give.
  const key = await record('post', '/v1/keys', '/v1/keys', { name: '接待员甲', role: 'reception' });
  await record('post', '/v1/keys', '/v1/keys', { name: '接待员甲', role: 'reception' });
  await record('get', '/v1/keys', '/v1/keys');
  await record('delete', '/v1/keys/{id}', `/v1/keys/${key.id}`);
  await record('get', '/v1/audit/verify', '/v1/audit/verify');
  await record('get', '/v1/audit/verify', '/v1/audit/verify?seq=1');
  await record('get', '/v1/petitions', '/v1/petitions', undefined, '');
  await record('get', '/v1/keys', '/v1/keys', undefined, depKey);
  return calls;
}

beforeAll(walk, 60_000);

describe('every answer is what /openapi.json documents', () => {
  it('reaches every route group with successes and refusals', () => {
    const routes = new Set(calls.map((c) => c.route));
    expect(routes.size).toBeGreaterThanOrEqual(35);
    expect(calls.filter((c) => c.status >= 400).length).toBeGreaterThanOrEqual(15);
    for (const s of [200, 201, 400, 401, 403, 404, 409, 422])
      expect(
        calls.some((c) => c.status === s),
        String(s),
      ).toBe(true);
  });

  it('documents the status of every answer, with a JSON schema', () => {
    const missing = calls
      .filter((c) => !doc.paths[c.route]?.[c.method]?.responses[c.status]?.content?.['application/json']?.schema)
      .map((c) => `${c.method.toUpperCase()} ${c.route} ${c.status}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('validates every answer against its documented schema, with no field the document leaves out', () => {
    const problems = calls.flatMap((c) => {
      const schema = doc.paths[c.route]?.[c.method]?.responses[c.status]?.content?.['application/json']?.schema;
      if (!schema) return [];
      return checkSchema(doc, schema, c.body).map((p) => `${c.method.toUpperCase()} ${c.route} ${c.status} ${p}`);
    });
    expect([...new Set(problems)]).toEqual([]);
  });

  it('spells every key of every answer in snake_case, at any depth (case-file payloads too)', () => {
    const camel = calls.flatMap((c) =>
      keysOf(c.body)
        .filter((k) => isCamelKey(k.key))
        .map((k) => `${c.method.toUpperCase()} ${c.route} ${k.path.replace(/\[\d+\]/g, '[]')}`),
    );
    expect([...new Set(camel)]).toEqual([]);
  });
});
