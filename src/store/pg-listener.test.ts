import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../testing/sse-client.ts';
import { tx } from './db.ts';
import { createPgListener, createPgNotifier, type PgListener } from './pg-listener.ts';
import { PgSyncDb } from './pg/pg-sync-db.ts';
import { skipReason, TEST_DATABASE_URL } from './pg/testing/pg-test-db.ts';

const skip = skipReason();

describe.skipIf(skip)('PostgreSQL LISTEN connection', () => {
  // A channel of this test's own: channels are database-wide, other test files use the database too.
  const channel = `xinfang_test_${process.pid}`;
  let db: PgSyncDb;
  let listener: PgListener;
  const heard: string[] = [];
  const listening: boolean[] = [];

  beforeEach(async () => {
    heard.length = 0;
    listening.length = 0;
    db = new PgSyncDb(TEST_DATABASE_URL!);
    listener = createPgListener({
      url: TEST_DATABASE_URL!,
      channel,
      minDelayMs: 20,
      onNotify: (p) => heard.push(p),
      onListening: (first) => listening.push(first),
      onError: () => {},
    });
    await until(() => listener.listening, 5000);
  });
  afterEach(() => {
    listener.close();
    db.close();
  });

  it('hears what a transaction sent once it commits, and nothing from one that rolled back', async () => {
    const notify = createPgNotifier(db, channel);
    expect(() =>
      tx(db, () => {
        notify('rolled back');
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    tx(db, () => notify('one'));
    notify('two');
    await until(() => heard.length === 2, 2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual(['one', 'two']);
  });

  it('reconnects after its backend is terminated and says it was interrupted', async () => {
    const pid = listener.backendPid!;
    db.prepare('SELECT pg_terminate_backend(?)').get(pid);
    await until(() => listener.listening && listener.backendPid !== pid, 5000);
    expect(listening).toEqual([true, false]);
    createPgNotifier(db, channel)('after');
    await until(() => heard.includes('after'), 2000);
  });

  it('leaves no connection behind when closed while it is still connecting', async () => {
    const name = `xf_listen_${process.pid}`;
    const connections = () =>
      db.prepare('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ?').get(name) as {
        n: number;
      };
    const early = createPgListener({
      url: `${TEST_DATABASE_URL}?application_name=${name}`,
      channel,
      onNotify: () => {},
      onListening: () => {},
    });
    early.close(); // libpq's thread is still connecting
    await new Promise((r) => setTimeout(r, 1000));
    expect(connections()).toEqual({ n: 0 });
    expect(early.listening).toBe(false);
  });

  it('refuses a channel name that is not a plain identifier', () => {
    expect(() => createPgNotifier(db, 'a; DROP TABLE x')).toThrow(/invalid channel/);
  });
});
