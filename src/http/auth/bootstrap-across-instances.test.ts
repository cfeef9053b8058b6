import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migratePg } from '../../store/pg/migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from '../../store/pg/testing/pg-test-db.ts';
import { until } from '../../testing/sse-client.ts';
import { TEST_ADMIN_KEY } from '../../testing/test-app.ts';
import { startInstance, type AppInstance } from '../testing/pg-app-instances.ts';
import { hashSecret } from './key-store.ts';

const skip = skipReason();

/**
 * Issue 22: instances started together each register ADMIN_API_KEY at start-up (bootstrap.ts). The test plays the
 * first instance in its own open transaction, so the second's insert waits on the unique key and fails when the
 * first commits: the second must then find the key registered and start, not stop.
 */
describe.skipIf(skip)('admin key seeding when instances start together on one PostgreSQL database', () => {
  let t: TestSchema;
  let instance: AppInstance | undefined;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(async () => {
    await instance?.stop();
    t.drop();
  });

  it('starts when another instance registered the same ADMIN_API_KEY while it was registering it', async () => {
    t.db.exec('BEGIN');
    t.db
      .prepare(
        `INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at, created_by)
         VALUES ('key_first', 'admin (ADMIN_API_KEY)', 'admin', ?, ?, '2026-03-02T01:00:00.000Z', 'system')`,
      )
      .run(hashSecret(TEST_ADMIN_KEY), TEST_ADMIN_KEY.slice(0, 7));
    const starting = startInstance(t.schema, { now: '2026-03-02T09:00:00+08:00', perMin: 0, burst: 1 });
    let failed: unknown;
    starting.catch((e) => (failed = e));
    const waiting = t.db
      .prepare(
        `SELECT COUNT(*) FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO api_keys%' AND pid <> pg_backend_pid()`,
      )
      .pluck();
    // Inside a transaction pg_stat_activity is read once and kept: each look clears that snapshot first.
    const childWaits = () => (t.db.exec('SELECT pg_stat_clear_snapshot()'), (waiting.get() as number) > 0);
    await until(() => failed !== undefined || childWaits(), 90_000);
    t.db.exec('COMMIT');
    instance = await starting;
    const res = await fetch(`${instance.url}/v1/session`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(res.status).toBe(200);
    expect(t.db.prepare('SELECT id FROM api_keys').pluck().all()).toEqual(['key_first']);
  }, 120_000);
});
