import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migratePg } from '../../store/pg/migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from '../../store/pg/testing/pg-test-db.ts';
import { TEST_ADMIN_KEY } from '../../testing/test-app.ts';
import { startInstances, type AppInstance } from '../testing/pg-app-instances.ts';
import { AUTH_FAILURES } from './rate-limit.ts';

const skip = skipReason();
const NOW = '2026-03-02T09:00:00+08:00';
const LIMIT = 8; // per key: 8 at once, then 8 a minute; the instances' clocks stand still, so nothing refills

/** Creates a key through the admin API of an instance and returns its secret. */
async function createKey(i: AppInstance, name: string): Promise<string> {
  const res = await fetch(`${i.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, role: 'reception' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

/** Sends `n` requests at once with one key, alternating between the instances; the statuses in order. */
async function burstOf(instances: AppInstance[], key: string, n: number) {
  const answers = await Promise.all(
    Array.from({ length: n }, (_, k) =>
      fetch(`${instances[k % instances.length].url}/v1/session`, { headers: { authorization: `Bearer ${key}` } }),
    ),
  );
  return Promise.all(
    answers.map(async (r) => ({ status: r.status, body: await r.text(), retry: r.headers.get('retry-after') })),
  );
}

/**
 * Issue 22, design step 5 (docs/design/postgres.md §4.4): instances on one PostgreSQL database count a key's
 * requests and an address's wrong keys in one table (migration 020), so a limit holds for the deployment.
 */
describe.skipIf(skip)('rate limits across instances on one PostgreSQL database', () => {
  let t: TestSchema;
  let instances: AppInstance[] = [];
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    instances = [];
    t.drop();
  });

  it('lets a key make its limit of requests across both instances and answers 429 in Chinese after that', async () => {
    instances = await startInstances(t.schema, 2, { now: NOW, perMin: LIMIT, burst: LIMIT });
    const key = await createKey(instances[0], 'limited reception');
    const answers = await burstOf(instances, key, 3 * LIMIT);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(LIMIT);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(2 * LIMIT);
    // Both instances refuse, each with the shared error body and a Retry-After (one token comes back in 7.5 s).
    expect(new Set(answers.map((a, k) => `${k % 2}:${a.status}`))).toContain('1:429');
    expect(new Set(answers.map((a, k) => `${k % 2}:${a.status}`))).toContain('0:429');
    expect(JSON.parse(refused[0].body).error).toMatchObject({ code: 'rate_limited' });
    expect(JSON.parse(refused[0].body).error.message).toMatch(
      /^密钥 limited reception 的请求过于频繁，请 \d+ 秒后再试$/,
    );
    expect(refused[0].retry).toBe('8');
    // One row holds the key's bucket, emptied by both instances together (the other is the admin key's).
    const buckets = t.db.prepare("SELECT tokens FROM rate_buckets WHERE scope = 'requests' ORDER BY tokens").all();
    expect(buckets).toEqual([{ tokens: 0 }, { tokens: LIMIT - 1 }]);
    const sequential = await fetch(`${instances[1].url}/v1/session`, { headers: { authorization: `Bearer ${key}` } });
    expect(sequential.status).toBe(429);
  }, 120_000);

  it('control: with buckets counted per process, the same burst gets twice the limit through', async () => {
    instances = await startInstances(t.schema, 2, { now: NOW, perMin: LIMIT, burst: LIMIT, buckets: 'local' });
    const key = await createKey(instances[0], 'limited reception');
    const answers = await burstOf(instances, key, 3 * LIMIT);
    // What the test above would see without migration 020: each instance grants its own full burst.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2 * LIMIT);
  }, 120_000);

  it('counts wrong keys from one address on both instances against one allowance', async () => {
    instances = await startInstances(t.schema, 2, { now: NOW, perMin: 0, burst: 1 });
    const tries = await Promise.all(
      Array.from({ length: AUTH_FAILURES.burst }, (_, k) =>
        fetch(`${instances[k % 2].url}/v1/session`, { headers: { authorization: `Bearer xf_wrong-${k}` } }),
      ),
    );
    expect(tries.map((r) => r.status)).toEqual(Array(AUTH_FAILURES.burst).fill(401));
    for (const i of instances) {
      // The right key too: a blocked address is refused before its key is checked.
      const res = await fetch(`${i.url}/v1/session`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
      expect(res.status).toBe(429);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/^该地址密钥验证失败次数过多，请 \d+ 秒后再试$/);
    }
  }, 120_000);
});
