import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';

const WAGES = { text: '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果。', channel: '走访' };
const NO_KEY = { authorization: '' };

async function login(t: Awaited<ReturnType<typeof createTestApp>>, key: string) {
  const res = await t.rawApp.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key, next: '/ui/petitions' }).toString(),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0] };
}

describe('web sessions', () => {
  it('logs in with a key and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const t = await createTestApp();
    const { res, setCookie } = await login(t, t.as('reception').key);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui/petitions');
    expect(setCookie).toMatch(/^xf_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const stored = JSON.stringify(t.deps.db.prepare('SELECT * FROM sessions').all());
    expect(stored).not.toContain(setCookie.split(';')[0].split('=')[1]);
  });

  it('refuses a wrong key with 401 and no cookie', async () => {
    const t = await createTestApp();
    const { res, setCookie } = await login(t, 'xf_wrong');
    expect(res.status).toBe(401);
    expect(setCookie).toBe('');
  });

  it.each(['null', '3', '"xf_key"', '[]'])(
    'refuses a JSON body that is not an object (%s) with 401, not 500',
    async (body) => {
      const t = await createTestApp();
      const res = await t.rawApp.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    },
  );

  it('never redirects off-site after login', async () => {
    const t = await createTestApp();
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const res = await t.rawApp.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key: t.key, next }).toString(),
      });
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('reads with the cookie, and writes only with the CSRF token', async () => {
    const t = await createTestApp();
    const { cookie } = await login(t, t.as('reception').key);
    expect((await t.rawApp.request('/v1/petitions', { headers: { cookie } })).status).toBe(200);
    const session = await (await t.rawApp.request('/v1/session', { headers: { cookie } })).json();
    expect(session).toMatchObject({ role: 'reception', csrf_token: expect.any(String) });

    const post = (headers: Record<string, string>) =>
      t.rawApp.request('/v1/petitions', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(WAGES),
      });
    const without = await post({});
    expect(without.status).toBe(403);
    expect((await without.json()).error.code).toBe('csrf_failed');
    expect((await post({ 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await post({ 'x-csrf-token': session.csrf_token })).status).toBe(201);
  });

  it('accepts the CSRF token as a form field', async () => {
    const t = await createTestApp();
    const { cookie } = await login(t, t.key);
    const { csrf_token } = await (await t.rawApp.request('/v1/session', { headers: { cookie } })).json();
    const form = (extra: Record<string, string>) =>
      t.rawApp.request('/logout', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(extra).toString(),
      });
    expect((await form({ _csrf: 'nope' })).status).toBe(403);
    const out = await form({ _csrf: csrf_token });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/xf_session=;/);
    expect((await t.rawApp.request('/v1/petitions', { headers: { cookie } })).status).toBe(401);
  });

  it('sends a browser without a session to the login page', async () => {
    const t = await createTestApp();
    const res = await t.rawApp.request('/ui/anything', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fui%2Fanything');
    expect((await t.get('/login', NO_KEY)).status).toBe(200);
  });

  it('ends the sessions of a revoked key and of an expired one', async () => {
    const t = await createTestApp();
    const key = await (await t.post('/v1/keys', { name: 'x', role: 'supervisor' })).json();
    const a = await login(t, key.key);
    expect((await t.rawApp.request('/v1/petitions', { headers: { cookie: a.cookie } })).status).toBe(200);
    await t.request(`/v1/keys/${key.id}`, { method: 'DELETE' });
    expect((await t.rawApp.request('/v1/petitions', { headers: { cookie: a.cookie } })).status).toBe(401);

    const b = await login(t, t.key);
    t.clock.advance(13 * 3_600_000);
    expect((await t.rawApp.request('/v1/petitions', { headers: { cookie: b.cookie } })).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a key has used its burst, per key, and refills with time', async () => {
    const t = await createTestApp({ config: { RATE_LIMIT_PER_MIN: '60', RATE_LIMIT_BURST: '3' } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.get('/v1/petitions')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.get('/v1/petitions');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await t.as('dispatch').get('/v1/petitions')).status).toBe(200);
    t.clock.advance(1000);
    expect((await t.get('/v1/petitions')).status).toBe(200);
  });
});
