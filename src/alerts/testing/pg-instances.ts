import { expect } from 'vitest';
import type { PgSyncDb } from '../../store/pg/pg-sync-db.ts';
import { TEST_DATABASE_URL } from '../../store/pg/testing/pg-test-db.ts';
import { sseReader, until, type createLoopback, type SseEvent } from '../../testing/sse-client.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { createPgAlertBus } from '../alert-bus.ts';
import { simpleTriage } from './simple-triage.ts';

/**
 * One service instance on a shared PostgreSQL schema, for the tests of what crosses instances: its own query
 * connection (`db`, its search_path set by the caller), its own bus with a LISTEN connection, its own loopback server.
 */
export async function startPgInstance(db: PgSyncDb, loopback: ReturnType<typeof createLoopback>) {
  const bus = createPgAlertBus({ db, url: TEST_DATABASE_URL!, minDelayMs: 50, maxDelayMs: 200 });
  const t = await createTestApp({
    config: { LOG_LEVEL: 'error' },
    overrides: { db, triage: simpleTriage, alertBus: bus },
  });
  await until(() => bus.listener?.listening === true, 5000);
  const url = await loopback.listen(t.app.fetch);
  return { t, bus, url };
}
export type PgInstance = Awaited<ReturnType<typeof startPgInstance>>;

/** Opens an event stream and keeps every event it receives, so a test can count them. */
export async function recordStream(url: string, path: string, key: string) {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status, path).toBe(200);
  const sse = sseReader(res);
  await sse.next((e) => e.comment === 'connected');
  const events: SseEvent[] = [];
  let done = false;
  // Drains the stream in the background: next() with a predicate that never matches records every event.
  void sse
    .next((e) => {
      if (e.event) events.push(e);
      return done;
    }, 60_000)
    .catch(() => {});
  return {
    events,
    /** The data of every event of this name, parsed. */
    of: <T>(name: string) => events.filter((e) => e.event === name).map((e) => JSON.parse(e.data!) as T),
    close: () => {
      done = true;
      return sse.cancel();
    },
  };
}
