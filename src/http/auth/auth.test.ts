import { describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_KEY } from '../../testing/test-app.ts';
import { parseActor } from './actor.ts';
import { allows, createPolicy } from './policy.ts';
import type { Role } from './roles.ts';

const WAGES = { text: '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果。', channel: '走访' };
const NO_KEY = { authorization: '' };

/** Every operation in the OpenAPI document plus every other /v1 route mounted on the app. */
async function v1Operations(t: Awaited<ReturnType<typeof createTestApp>>) {
  const doc = (await (await t.rawApp.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const ops = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) ops.add(`${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, 'X1')}`);
  }
  for (const r of t.app.routes) {
    if (r.path.startsWith('/v1') && r.method !== 'ALL')
      ops.add(`${r.method} ${r.path.replace(/:[^/]+/g, 'X1').replace(/\*$/, 'x')}`);
  }
  return [...ops].filter((o) => o.split(' ')[1].startsWith('/v1')).sort();
}

describe('authentication', () => {
  it('answers 401 on every /v1 route of the OpenAPI document without a key', async () => {
    const t = await createTestApp();
    const ops = await v1Operations(t);
    expect(ops.length).toBeGreaterThan(8);
    const failures: string[] = [];
    for (const op of ops) {
      const [method, path] = op.split(' ');
      const res = await t.rawApp.request(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      if (res.status !== 401) failures.push(`${op} → ${res.status}`);
      else expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(failures).toEqual([]);
    expect(ops).toContain('POST /v1/petitions');
  });

  it.each([
    ['a wrong key', { authorization: 'Bearer xf_not-a-real-key' }],
    ['a malformed header', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 with %s', async (_n, headers) => {
    const t = await createTestApp();
    const res = await t.rawApp.request('/v1/petitions', { headers });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('keeps /healthz and /openapi.json open', async () => {
    const t = await createTestApp();
    expect((await t.get('/healthz', NO_KEY)).status).toBe(200);
    expect((await t.get('/openapi.json', NO_KEY)).status).toBe(200);
  });

  it.each(['//v1/keys', '/v1/keys/', '/V1/keys', '/v1/%6Beys', '/v1//keys', '/v1/./keys', '/v1/petitions/../keys'])(
    'does not let %s past without a key',
    async (path) => {
      const t = await createTestApp();
      const res = await t.rawApp.request(path);
      expect([401, 404]).toContain(res.status);
    },
  );
});

describe('roles', () => {
  it.each<[Role, string, string, number]>([
    ['reception', 'POST', '/v1/petitions', 201],
    ['dispatch', 'POST', '/v1/petitions', 403],
    ['evaluator', 'POST', '/v1/petitions', 403],
    ['supervisor', 'POST', '/v1/petitions', 403],
    ['dispatch', 'GET', '/v1/petitions', 200],
    ['evaluator', 'GET', '/v1/petitions', 403],
    ['reception', 'GET', '/v1/keys', 403],
    ['supervisor', 'GET', '/v1/audit/verify', 200],
    ['reception', 'GET', '/v1/audit/verify', 403],
    ['admin', 'GET', '/v1/keys', 200],
  ])('%s %s %s → %i', async (role, method, path, status) => {
    const t = await createTestApp();
    const c = role === 'admin' ? t : t.as(role);
    const res = method === 'POST' ? await c.post(path, WAGES) : await c.get(path);
    expect(res.status).toBe(status);
    if (status === 403) expect((await res.json()).error.code).toBe('forbidden');
  });

  it('records the key (name, role, id) as the actor of what the key does', async () => {
    const t = await createTestApp();
    const clerk = t.as('reception', '窗口 张');
    const { id } = await (await clerk.post('/v1/petitions', WAGES)).json();
    const events = t.deps.events.forPetition(id);
    const keyId = t.deps.keys.list().find((k) => k.name === '窗口 张')!.id;
    expect(events[0]).toMatchObject({ type: 'registered', actor: `窗口 张 [reception ${keyId}]` });
    expect(parseActor(events[0].actor)).toEqual({ name: '窗口 张', role: 'reception', keyId });
  });

  it('sends every path no row names, /v1 or page, to admins only (deny by default)', () => {
    const decide = createPolicy();
    const unknown = decide('POST', '/v1/some-new-thing');
    expect(allows(unknown, 'reception')).toBe(false);
    expect(allows(unknown, 'admin')).toBe(true);
    expect(decide('GET', '/ui/petitions/1')).toMatchObject({ kind: 'roles', roles: [] });
    expect(allows(decide('GET', '/some-new-page'), 'supervisor')).toBe(false);
    expect(decide('GET', '/healthz')).toEqual({ kind: 'public' });
    expect(allows(decide('POST', '/v1/petitions/XF1/drafts/3/approve'), 'reception')).toBe(false);
    expect(allows(decide('POST', '/v1/petitions/XF1/drafts/3/approve'), 'supervisor')).toBe(true);
    expect(allows(decide('GET', '/v1/alerts/7'), 'supervisor')).toBe(true);
    expect(allows(decide('POST', '/v1/alerts/7/ack'), 'supervisor')).toBe(false);
    expect(allows(decide('POST', '/v1/alerts/7/ack'), 'dispatch')).toBe(true);
    expect(allows(decide('POST', '/petitions/XF1/drafts/2/approve'), 'reception')).toBe(false);
    expect(allows(decide('POST', '/reception'), 'evaluator')).toBe(false);
    expect(allows(decide('GET', '/dispatch'), 'evaluator')).toBe(false);
    expect(allows(decide('GET', '/dispatch/stream'), 'reception')).toBe(false);
    expect(allows(decide('GET', '/dispatch/stream'), 'dispatch')).toBe(true);
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists keys without secrets, and revokes at once', async () => {
    const t = await createTestApp();
    const created = await t.post('/v1/keys', { name: '分流 李', role: 'dispatch' });
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key).toMatchObject({
      name: '分流 李',
      role: 'dispatch',
      key: expect.stringMatching(/^xf_[\w-]{43}$/),
      revoked_at: null,
    });

    const list = await (await t.get('/v1/keys')).json();
    expect(list.items.map((k: { name: string }) => k.name)).toContain('分流 李');
    expect(JSON.stringify(list)).not.toContain(key.key);
    const stored = JSON.stringify(t.deps.db.prepare('SELECT * FROM api_keys').all());
    expect(stored).not.toContain(key.key);
    expect(stored).not.toContain(TEST_ADMIN_KEY);

    const auth = { authorization: `Bearer ${key.key}` };
    expect((await t.rawApp.request('/v1/petitions', { headers: auth })).status).toBe(200);
    const revoked = await t.request(`/v1/keys/${key.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revoked_at).toEqual(expect.any(String));
    expect((await t.rawApp.request('/v1/petitions', { headers: auth })).status).toBe(401);
    expect(t.deps.events.verify()).toMatchObject({ ok: true });
  });

  it.each([
    [{ name: 'x', role: 'root' }, 'role'],
    [{ name: '', role: 'admin' }, 'name'],
    [{ role: 'admin' }, 'name'],
    [{ name: 'x', role: 'admin', key: 'mine' }, '(body)'],
  ])('rejects %o naming %s', async (body, path) => {
    const t = await createTestApp();
    const res = await t.post('/v1/keys', body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('answers 404 for revoking an unknown key', async () => {
    const t = await createTestApp();
    expect((await t.request('/v1/keys/key_nope', { method: 'DELETE' })).status).toBe(404);
  });
});
