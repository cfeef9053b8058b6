import { afterEach, describe, expect, it } from 'vitest';
import { RED_TEXT } from '../../alerts/testing/alert-fixture.ts';
import { simpleTriage } from '../../alerts/testing/simple-triage.ts';
import { createLoopback, sseReader, until } from '../../testing/sse-client.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { AUTH_FAILURES } from './rate-limit.ts';

const loopback = createLoopback();
afterEach(() => loopback.closeAll());

const testApp = () => createTestApp({ overrides: { triage: simpleTriage } });

/** Reads a stream until the server ends it: the `end` event first, then the end of the body. */
async function endsWithin(sse: ReturnType<typeof sseReader>, ms: number) {
  const end = await sse.next((e) => e.event === 'end', ms);
  expect(JSON.parse(end.data!)).toMatchObject({
    reason: 'credential_ended',
    message: expect.stringContaining('请重新登录'),
  });
  await expect(sse.next(() => false, 1000)).rejects.toThrow(/stream ended/);
}

async function login(url: string, key: string) {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  expect(res.status).toBe(200);
  const { csrf_token } = await res.json();
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: csrf_token as string };
}

describe('event streams end with their credential', () => {
  it('ends a key’s open /v1/alerts/stream at once when the key is revoked, and refuses it afterwards', async () => {
    const t = await testApp();
    const url = await loopback.listen(t.app.fetch);
    const created = await (await t.post('/v1/keys', { name: '调度 值班', role: 'dispatch' })).json();
    const res = await fetch(`${url}/v1/alerts/stream`, { headers: { authorization: `Bearer ${created.key}` } });
    expect(res.status).toBe(200);
    const sse = sseReader(res);
    await sse.next((e) => e.comment === 'connected');
    expect(t.deps.alerts.subscribers).toBe(1);

    const started = performance.now();
    expect((await t.request(`/v1/keys/${created.id}`, { method: 'DELETE' })).status).toBe(200);
    await endsWithin(sse, 1000);
    expect(performance.now() - started).toBeLessThan(1500);
    // The handler's own clean-up ran: no subscriber is left behind.
    await until(() => t.deps.alerts.subscribers === 0);
    expect(
      (await fetch(`${url}/v1/alerts/stream`, { headers: { authorization: `Bearer ${created.key}` } })).status,
    ).toBe(401);
  });

  it('ends a page’s /dispatch/stream when its session logs out, and leaves other sessions’ streams open', async () => {
    const t = await testApp();
    const url = await loopback.listen(t.app.fetch);
    const key = t.as('dispatch', '调度员小王').key;
    const mine = await login(url, key);
    const other = await login(url, key);
    const open = async (cookie: string) => {
      const res = await fetch(`${url}/dispatch/stream`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const sse = sseReader(res);
      await sse.next((e) => e.event === 'ready');
      return sse;
    };
    const a = await open(mine.cookie);
    const b = await open(other.cookie);
    const out = await fetch(`${url}/logout`, {
      method: 'POST',
      headers: { cookie: mine.cookie, 'x-csrf-token': mine.csrf },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    await endsWithin(a, 1000);
    // The other session's stream still carries alerts.
    await t.as('reception').post('/v1/petitions', { text: RED_TEXT, channel: '网络' });
    expect((await b.next((e) => e.event === 'alert', 2000)).event).toBe('alert');
    await b.cancel();
  });

  it('ends a session’s stream when the session expires, at the next sweep (a few seconds)', async () => {
    const t = await testApp();
    const url = await loopback.listen(t.app.fetch);
    const { cookie } = await login(url, t.as('supervisor').key);
    const res = await fetch(`${url}/dispatch/stream`, { headers: { cookie } });
    const sse = sseReader(res);
    await sse.next((e) => e.event === 'ready');
    t.clock.advance(13 * 3_600_000); // past SESSION_TTL_HOURS (12)
    await endsWithin(sse, 5000);
    expect((await fetch(`${url}/dispatch/stream`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('wrong keys are rate-limited per client address', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('answers 429 in Chinese with Retry-After after too many wrong keys at /login, for that address only', async () => {
    const t = await createTestApp();
    const key = t.as('reception').key;
    const tryLogin = (k: string, address: string) =>
      t.rawApp.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from(address) },
        body: JSON.stringify({ key: k }),
      });
    for (let i = 0; i < AUTH_FAILURES.burst; i++)
      expect((await tryLogin(`xf_wrong-${i}`, '203.0.113.7')).status).toBe(401);
    const blocked = await tryLogin('xf_wrong-again', '203.0.113.7');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await blocked.json()).error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/失败次数过多.*秒后再试/),
    });
    // Even the right key is refused from that address while it is blocked: a guesser learns nothing.
    expect((await tryLogin(key, '203.0.113.7')).status).toBe(429);
    expect((await tryLogin(key, '198.51.100.2')).status).toBe(200);
    t.clock.advance(60_000);
    expect((await tryLogin(key, '203.0.113.7')).status).toBe(200);
  });

  it('shows a browser the sign-in page again with the wait, not JSON', async () => {
    const t = await createTestApp();
    const form = (key: string) =>
      t.rawApp.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...from('203.0.113.8') },
        body: new URLSearchParams({ key, next: '/' }).toString(),
      });
    for (let i = 0; i < AUTH_FAILURES.burst; i++) expect((await form(`xf_wrong-${i}`)).status).toBe(401);
    const blocked = await form('xf_wrong');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    const html = await blocked.text();
    expect(html).toContain('失败次数过多');
    expect(html).toContain('action="/login"');
  });

  it('counts unknown Bearer keys the same way, and never a good key or a request without one', async () => {
    const t = await createTestApp();
    const good = t.as('dispatch').key;
    for (let i = 0; i < 30; i++)
      expect(
        (
          await t.rawApp.request('/v1/petitions', {
            headers: { authorization: `Bearer ${good}`, ...from('203.0.113.9') },
          })
        ).status,
      ).toBe(200);
    for (let i = 0; i < 30; i++)
      expect((await t.rawApp.request('/v1/petitions', { headers: from('203.0.113.9') })).status).toBe(401);
    for (let i = 0; i < AUTH_FAILURES.burst; i++) {
      expect(
        (
          await t.rawApp.request('/v1/petitions', {
            headers: { authorization: `Bearer xf_guess-${i}`, ...from('203.0.113.9') },
          })
        ).status,
      ).toBe(401);
    }
    const blocked = await t.rawApp.request('/v1/petitions', {
      headers: { authorization: `Bearer ${good}`, ...from('203.0.113.9') },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(
      (await t.rawApp.request('/v1/petitions', { headers: { authorization: `Bearer ${good}`, ...from('192.0.2.1') } }))
        .status,
    ).toBe(200);
  });

  it('counts over real HTTP behind a local proxy: each forwarded address has its own bucket', async () => {
    const t = await createTestApp();
    const url = await loopback.listen(t.app.fetch);
    // Loopback peers are trusted as a local proxy: each forwarded address has its own bucket.
    for (let i = 0; i < AUTH_FAILURES.burst; i++) {
      expect(
        (
          await fetch(`${url}/v1/petitions`, {
            headers: { authorization: 'Bearer xf_nope', 'x-forwarded-for': '203.0.113.50' },
          })
        ).status,
      ).toBe(401);
    }
    expect(
      (
        await fetch(`${url}/v1/petitions`, {
          headers: { authorization: 'Bearer xf_nope', 'x-forwarded-for': '203.0.113.50' },
        })
      ).status,
    ).toBe(429);
    expect(
      (
        await fetch(`${url}/v1/petitions`, {
          headers: { authorization: `Bearer ${t.key}`, 'x-forwarded-for': '203.0.113.51' },
        })
      ).status,
    ).toBe(200);
  });
});
