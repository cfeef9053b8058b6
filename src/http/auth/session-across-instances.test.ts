import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePg } from '../../store/pg/migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from '../../store/pg/testing/pg-test-db.ts';
import { TEST_ADMIN_KEY } from '../../testing/test-app.ts';
import { startInstances, type AppInstance } from '../testing/pg-app-instances.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './middleware.ts';

const skip = skipReason();
const NOW = '2026-03-02T09:00:00+08:00';
/** The stream guard's sweep period (stream-guard.ts, 2 s) and a margin for a loaded machine. */
const SWEEP_BOUND_MS = 2_000 + 3_000;

const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

/** Signs in on an instance with a key (JSON, as a page's script does): the cookie header and the CSRF token. */
async function signIn(i: AppInstance, key: string) {
  const res = await fetch(`${i.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  expect(res.status).toBe(200);
  const token = /xf_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: csrf_token };
}

const whoAmI = (i: AppInstance, headers: Record<string, string>) => fetch(`${i.url}/v1/session`, { headers });

/**
 * Issue 22 (docs/design/postgres.md §4.4): sessions, their CSRF tokens and API keys are rows of the shared
 * database, read on every request with no cache, so every instance sees a sign-in, a sign-out or a revocation at
 * once. Two service processes on one PostgreSQL schema; rate limits off here (their own test covers them).
 */
describe.skipIf(skip)('sessions and keys across instances on one PostgreSQL database', () => {
  let t: TestSchema;
  let a: AppInstance;
  let b: AppInstance;
  beforeAll(async () => {
    t = openTestSchema();
    migratePg(t.db);
    [a, b] = await startInstances(t.schema, 2, { now: NOW, perMin: 0, burst: 1 });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    t?.drop();
  });

  it('signs in on A, uses the session and its CSRF token on B, signs out on B, and A refuses the session', async () => {
    const s = await signIn(a, TEST_ADMIN_KEY);
    const onB = await whoAmI(b, { cookie: s.cookie });
    expect(onB.status).toBe(200);
    expect(await onB.json()).toMatchObject({ role: 'admin', csrf_token: s.csrf });

    // A cookie-authenticated write on B checks the token A issued.
    const noToken = await fetch(`${b.url}/logout`, { method: 'POST', headers: { cookie: s.cookie } });
    expect(noToken.status).toBe(403);
    const out = await fetch(`${b.url}/logout`, {
      method: 'POST',
      headers: { cookie: s.cookie, [CSRF_HEADER]: s.csrf },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);

    const onA = await whoAmI(a, { cookie: s.cookie });
    expect(onA.status).toBe(401);
    const body = (await onA.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/密钥/);
    const page = await fetch(`${a.url}/`, { headers: { cookie: s.cookie, accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login\?next=/);
  }, 60_000);

  it('refuses on A a key revoked on B at its next request', async () => {
    const created = await fetch(`${a.url}/v1/keys`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'to revoke', role: 'reception' }),
    });
    const { id, key } = (await created.json()) as { id: string; key: string };
    const s = await signIn(b, key);
    expect((await whoAmI(a, { authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await fetch(`${b.url}/v1/keys/${id}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    expect((await whoAmI(a, { authorization: `Bearer ${key}` })).status).toBe(401);
    // Its session, opened on B, ends with it on A as well.
    expect((await whoAmI(a, { cookie: s.cookie })).status).toBe(401);
  }, 60_000);

  it('ends on A, within its sweep period, an event stream whose session was signed out on B', async () => {
    const s = await signIn(a, TEST_ADMIN_KEY);
    const stream = await fetch(`${a.url}/v1/alerts/stream`, { headers: { cookie: s.cookie } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // the stream is open
    const out = await fetch(`${b.url}/logout`, {
      method: 'POST',
      headers: { cookie: s.cookie, [CSRF_HEADER]: s.csrf },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    const started = performance.now();
    // B's sign-out ends B's own streams at once; A learns of it at its next timed sweep (stream-guard.ts).
    const ended = await Promise.race([
      (async () => {
        while (!(await reader.read()).done);
        return true;
      })(),
      new Promise<false>((r) => setTimeout(() => r(false), SWEEP_BOUND_MS)),
    ]);
    expect(ended).toBe(true);
    console.log(
      `local measurement: A's stream ended ${(performance.now() - started).toFixed(0)} ms after B's sign-out`,
    );
  }, 60_000);
});
