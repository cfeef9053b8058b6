import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { TEST_ADMIN_KEY } from '../testing/test-app.ts';
import { startInstances, type AppInstance } from './testing/pg-app-instances.ts';

const skip = skipReason();
const NOW = '2026-03-02T09:00:00+08:00';
/** Keys sent to both instances at once; every third petition is red (an alert and a webhook row each). */
const KEYS = 20;

const text = (n: number) =>
  n % 3 === 0
    ? `第${n}号：工资拖欠半年没人管，再不解决我就从县政府楼上跳楼。`
    : `第${n}号：小区门口路灯坏了两个月，晚上出行不便，请尽快维修。`;

/** Registers petition n with its own Idempotency-Key on one instance. */
async function register(i: AppInstance, n: number) {
  const res = await fetch(`${i.url}/v1/petitions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TEST_ADMIN_KEY}`,
      'content-type': 'application/json',
      'idempotency-key': `retry-test-${n}`,
    },
    body: JSON.stringify({ text: text(n), channel: '网络' }),
  });
  const body = (await res.json()) as { id?: string; error?: { code: string } };
  return { status: res.status, id: body.id, code: body.error?.code, replayed: res.headers.get('idempotent-replayed') };
}

/**
 * Issue 22 (docs/design/postgres.md §7.7): a client whose answer was lost retries its registration through the
 * load balancer, and the retry may reach another instance while the first is still being written. With an
 * Idempotency-Key the two requests make one petition: the key's primary key makes the second wait for the first
 * one's transaction, and it then answers with that petition.
 */
describe.skipIf(skip)('one Idempotency-Key sent to two instances at once', () => {
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

  it('registers each petition once, and both instances answer with it', async () => {
    instances = await startInstances(t.schema, 2, { now: NOW, perMin: 0, burst: 1 });
    const started = performance.now();
    const pairs = await Promise.all(
      Array.from({ length: KEYS }, (_, n) => Promise.all(instances.map((i) => register(i, n)))),
    );
    const ms = performance.now() - started;
    const one = (sql: string) => t.db.prepare(sql).pluck().get() as number;
    const statuses = pairs.flat().map((a) => (a.code ? `${a.status} ${a.code}` : String(a.status)));
    const replays = pairs.flat().filter((a) => a.replayed === 'true').length;
    const busy = pairs.flat().filter((a) => a.status === 409).length;
    console.log(
      `local measurement (2 processes, ${KEYS} keys each sent to both at once, ${ms.toFixed(0)} ms): ` +
        `answers ${[...new Set(statuses)].join(', ')}; replays ${replays}, 409 ${busy}; petitions ${one('SELECT COUNT(*) FROM petitions')}`,
    );
    // Per key: one instance registered (201, not a replay); the other answered with the same petition or 409.
    for (const pair of pairs) {
      const firsts = pair.filter((a) => a.status === 201 && a.replayed === null);
      expect(firsts).toHaveLength(1);
      for (const a of pair) if (a.status === 201) expect(a.id).toBe(firsts[0].id);
    }
    expect(statuses.every((s) => s === '201' || s === '409 idempotency_key_in_flight')).toBe(true);
    expect(replays + busy).toBe(KEYS);
    expect(one('SELECT COUNT(*) FROM petitions')).toBe(KEYS);
    expect(one("SELECT COUNT(*) FROM events WHERE type = 'registered'")).toBe(KEYS);
    expect(one('SELECT COUNT(*) FROM idempotency_keys')).toBe(KEYS);
    expect(one("SELECT COUNT(*) FROM alerts WHERE kind = 'petition'")).toBe(Math.ceil(KEYS / 3));
  }, 120_000);
});
