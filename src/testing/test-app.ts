import { createApp } from '../app.ts';
import { createManualClock } from '../clock.ts';
import { testConfig, type Config } from '../config.ts';
import { createDeps, type DepsOverrides } from '../deps.ts';
import type { Role } from '../http/auth/roles.ts';
import { openTestDb } from './test-db.ts';

/** The admin key every test app (and startServer) is seeded with through ADMIN_API_KEY. Tests only. */
export const TEST_ADMIN_KEY = 'xf_test-admin-key-0123456789abcdef';

/** Authorization header for a key. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

// An empty header value means "leave it out": `t.get(path, { authorization: '' })` calls without a key.
function withAuth(key: string, headers: HeadersInit | undefined): Headers {
  const h = new Headers(headers);
  if (!h.has('authorization')) h.set('authorization', `Bearer ${key}`);
  else if (h.get('authorization') === '') h.delete('authorization');
  return h;
}

/**
 * A fresh app on its own database (openTestDb: SQLite in memory, or a PostgreSQL schema in the pg project) and a
 * manual clock, for HTTP tests without a port. A test that sets DB_PATH gets that SQLite file instead.
 * `app.request`, `post`, `get` and `request` authenticate as admin (Bearer TEST_ADMIN_KEY) unless the test
 * sends its own Authorization header; `rawApp` sends exactly what it is given (for 401 and cookie tests);
 * `as(role)` gives the helpers for a new key of that role. Rate limiting is off unless RATE_LIMIT_PER_MIN is set.
 */
export async function createTestApp(
  opts: { now?: string; config?: Partial<Record<keyof Config, string>>; overrides?: DepsOverrides } = {},
) {
  const clock = createManualClock(opts.now ?? '2026-03-02T09:00:00+08:00');
  const config = testConfig({ ADMIN_API_KEY: TEST_ADMIN_KEY, RATE_LIMIT_PER_MIN: '0', ...opts.config });
  const db = opts.overrides?.db ?? (opts.config?.DB_PATH ? undefined : openTestDb());
  const deps = await createDeps(config, { clock, ...opts.overrides, db });
  const rawApp = createApp(deps);

  const client = (key: string) => ({
    key,
    request: (path: string, init: RequestInit = {}) =>
      rawApp.request(path, { ...init, headers: withAuth(key, init.headers) }),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      rawApp.request(path, {
        method: 'POST',
        headers: withAuth(key, { 'content-type': 'application/json', ...headers }),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path: string, headers: Record<string, string> = {}) =>
      rawApp.request(path, { headers: withAuth(key, headers) }),
  });

  const admin = client(config.ADMIN_API_KEY ?? TEST_ADMIN_KEY);
  /** Helpers authenticated with a fresh key of the given role; key names are unique, so the default one is numbered. */
  let made = 0;
  const as = (role: Role, name = `test ${role} ${++made}`) => client(deps.keys.create({ name, role }, 'test').key);
  // The same app, except that request() signs in as admin: existing tests keep calling t.app.request(...).
  const app = new Proxy(rawApp, {
    get: (target, prop, receiver) =>
      prop === 'request'
        ? (input: string | Request | URL, init?: RequestInit, ...rest: unknown[]) =>
            typeof input === 'string' || input instanceof URL
              ? target.request(input, { ...init, headers: withAuth(admin.key, init?.headers) }, ...(rest as []))
              : target.request(input, init, ...(rest as []))
        : Reflect.get(target, prop, receiver),
  });
  return { app, rawApp, deps, clock, ...admin, as };
}
