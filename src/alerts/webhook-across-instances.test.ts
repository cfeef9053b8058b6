import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { createLogger } from '../log.ts';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { PgSyncDb } from '../store/pg/pg-sync-db.ts';
import { openTestSchema, skipReason, TEST_DATABASE_URL, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { createWebhookOutboxRepo } from '../store/webhook-outbox-repo.ts';
import { createWebhookSender } from './webhook.ts';

const skip = skipReason();
const DELIVERIES = 40;

/**
 * Issue 22, design step 5: every instance pumps the shared webhook outbox; a delivery is claimed and leased before
 * it is posted, so two instances pumping at once post each delivery once. The receiver answers after a pause, so
 * the two pumps interleave in this one process as two processes would.
 */
describe.skipIf(skip)('the webhook outbox across instances on one PostgreSQL database', () => {
  let t: TestSchema;
  let second: PgSyncDb;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
    second = new PgSyncDb(TEST_DATABASE_URL!);
    second.exec(`SET search_path TO ${t.schema}`);
  });
  afterEach(() => {
    second.close();
    t.drop();
  });

  it('posts each delivery once when two instances pump the outbox at the same time', async () => {
    const at = new Date().toISOString();
    const outbox = createWebhookOutboxRepo(t.db, 12);
    for (let i = 0; i < DELIVERIES; i++) outbox.add(JSON.stringify({ event: 'alert', alert: { id: `AL${i}` } }), at);
    const posted: { id: string; by: string }[] = [];
    const sender = (db: PgSyncDb, by: string) =>
      createWebhookSender({
        db,
        url: 'http://receiver.invalid/hook',
        clock: createManualClock(at),
        log: createLogger('error'),
        record: () => {},
        fetch: (async (_url: string, init: RequestInit) => {
          posted.push({ id: (init.headers as Record<string, string>)['x-webhook-id'], by });
          await new Promise((r) => setTimeout(r, 5));
          return new Response(null, { status: 204 });
        }) as typeof fetch,
      });
    const a = sender(t.db, 'A');
    const b = sender(second, 'B');
    a.resume();
    b.resume();
    await Promise.all([a.idle(), b.idle()]);
    a.close();
    b.close();

    const ids = posted.map((p) => p.id);
    expect(new Set(ids).size).toBe(DELIVERIES);
    expect(ids).toHaveLength(DELIVERIES);
    const byA = posted.filter((p) => p.by === 'A').length;
    console.log(`local measurement: ${DELIVERIES} deliveries posted ${byA} by A + ${DELIVERIES - byA} by B`);
    expect(byA).toBeGreaterThan(0);
    expect(byA).toBeLessThan(DELIVERIES);
    expect(outbox.pending()).toBe(0);
  });
});
