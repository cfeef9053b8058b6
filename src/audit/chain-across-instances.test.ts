import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.ts';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { PgSyncDb } from '../store/pg/pg-sync-db.ts';
import { openTestSchema, skipReason, TEST_DATABASE_URL, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { createEventLog } from './event-log.ts';

const TRANSACTIONS = 200; // per process, two appends each

interface ChildReport {
  committed: number;
  errors: Record<string, number>;
  totalMs: number;
  txP50: number;
  txP99: number;
  lockP50: number;
  lockP99: number;
}

/**
 * Runs testing/chain-append-child.ts twice at once on the schema. Run with CHAIN_LOCK=off (inherited by the
 * children) to see the test fail without the lock: about half the transactions hit the seq primary key.
 */
async function appendFromTwoProcesses(schema: string): Promise<ChildReport[]> {
  const run = promisify(execFile);
  const child = new URL('./testing/chain-append-child.ts', import.meta.url).pathname;
  const startAt = String(Date.now() + 4_000); // both loaded and connected by then, on a loaded machine too
  const start = () =>
    run(process.execPath, ['--import', 'tsx', child, TEST_DATABASE_URL ?? '', schema, startAt, String(TRANSACTIONS)]);
  const outputs = await Promise.all([start(), start()]);
  return outputs.map((o) => JSON.parse(o.stdout.trim()) as ChildReport);
}

describe.skipIf(skipReason())('case-file chain with two instances on one PostgreSQL schema', () => {
  let t: TestSchema;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(() => t.drop());

  it('holds the chain lock from the first append until commit or rollback, and locks an append outside a transaction', () => {
    const log = createEventLog(t.db, systemClock);
    const advisoryLocks = () =>
      t.db
        .prepare("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        .pluck()
        .get();
    const event = (id: string) => ({
      petitionId: null,
      type: 'key_revoked' as const,
      actor: 'u',
      payload: { key_id: id },
    });
    // A second instance; lock_timeout makes a wait on the chain lock fail fast instead of hanging this process.
    const other = new PgSyncDb(TEST_DATABASE_URL ?? '');
    other.exec(`SET search_path TO ${t.schema}; SET lock_timeout = '300ms'`);
    const otherLog = createEventLog(other, systemClock);
    try {
      const seen: unknown[] = [];
      t.db.transaction(() => {
        seen.push(advisoryLocks());
        log.append(event('a'));
        seen.push(advisoryLocks());
        // The other instance's append, outside any transaction, waits for this one's lock.
        expect(() => otherLog.append(event('x'))).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      })();
      seen.push(advisoryLocks());
      expect(seen).toEqual([0, 1, 0]);
      expect(() =>
        t.db.transaction(() => {
          log.append(event('b'));
          throw new Error('refused later in the request');
        })(),
      ).toThrow(/refused/);
      // The rollback released the lock too: the other instance appends at once, after event 1.
      expect(otherLog.append(event('c')).seq).toBe(2);
    } finally {
      other.close();
    }
    expect(log.verify()).toMatchObject({ ok: true, events: 2 });
  });

  it('keeps one linear chain: every transaction commits, seq has no gaps or duplicates, the chain verifies', async () => {
    const reports = await appendFromTwoProcesses(t.schema);
    console.log(`chain append, 2 processes × ${TRANSACTIONS} transactions: ${JSON.stringify(reports)}`);
    expect(reports.map((r) => [r.committed, r.errors])).toEqual([
      [TRANSACTIONS, {}],
      [TRANSACTIONS, {}],
    ]);
    const seqs = t.db
      .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d, MIN(seq) AS lo, MAX(seq) AS hi FROM events')
      .get();
    const events = 2 * 2 * TRANSACTIONS;
    expect(seqs).toEqual({ n: events, d: events, lo: 1, hi: events });
    const verified = createEventLog(t.db, systemClock).verify();
    expect(verified).toMatchObject({ ok: true, events });
  }, 120_000);
});
