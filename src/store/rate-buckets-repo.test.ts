import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from './db.ts';
import type { Db } from './db-types.ts';
import { migratePg } from './pg/migrate-pg.ts';
import { openTestSchema, skipReason } from './pg/testing/pg-test-db.ts';
import { createRateBucketsRepo, openRateBuckets } from './rate-buckets-repo.ts';

const pgSkip = skipReason();
const RULE = { burst: 3, perMs: 1 / 1000 }; // 3 at once, one more each second
const T0 = Date.parse('2026-03-02T01:00:00Z');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function open(backend: 'sqlite' | 'postgres'): Db {
  if (backend === 'sqlite') {
    const db = openDb(':memory:');
    cleanups.push(() => db.close());
    return db;
  }
  const t = openTestSchema();
  migratePg(t.db);
  cleanups.push(() => t.drop());
  return t.db;
}

// The same statements on both backends: PostgreSQL shares the table between instances, SQLite runs it in-process.
describe.each([
  { backend: 'sqlite' as const, skip: undefined },
  { backend: 'postgres' as const, skip: pgSkip },
])('rate buckets on $backend', ({ backend, skip }) => {
  it.skipIf(skip)('takes the burst, then refuses without taking, then refills by the millisecond', () => {
    const b = createRateBucketsRepo(open(backend));
    const takes = [0, 1, 2, 3, 4].map(() => b.take('requests', 'k1', RULE, T0));
    expect(takes.map((t) => t.took)).toEqual([true, true, true, false, false]);
    expect(takes.at(-1)!.tokens).toBe(0);
    expect(b.tokens('requests', 'k1', RULE, T0 + 500)).toBeCloseTo(0.5);
    expect(b.take('requests', 'k1', RULE, T0 + 500)).toEqual({ took: false, tokens: 0.5 });
    expect(b.take('requests', 'k1', RULE, T0 + 1000)).toEqual({ took: true, tokens: 0 });
    // Never more than the burst, however long the bucket waited.
    expect(b.tokens('requests', 'k1', RULE, T0 + 3_600_000)).toBe(3);
  });

  it.skipIf(skip)('keeps keys and scopes apart, and an unknown bucket is full', () => {
    const b = createRateBucketsRepo(open(backend));
    b.take('requests', 'k1', RULE, T0);
    expect(b.tokens('requests', 'k1', RULE, T0)).toBe(2);
    expect(b.tokens('requests', 'k2', RULE, T0)).toBe(3);
    expect(b.tokens('auth_failures', 'k1', RULE, T0)).toBe(3);
  });

  it.skipIf(skip)('refills nothing for a clock behind the stored time (another instance a little slow)', () => {
    const b = createRateBucketsRepo(open(backend));
    b.take('requests', 'k1', RULE, T0 + 2000);
    expect(b.take('requests', 'k1', RULE, T0)).toEqual({ took: true, tokens: 1 });
    expect(b.tokens('requests', 'k1', RULE, T0 + 2000)).toBe(1);
  });

  it.skipIf(skip)('forgets only the buckets of the scope that are full again', () => {
    const b = createRateBucketsRepo(open(backend));
    b.take('auth_failures', 'a', RULE, T0);
    for (let i = 0; i < 3; i++) b.take('auth_failures', 'b', RULE, T0 + 500);
    b.take('requests', 'a', RULE, T0);
    expect(b.purge('auth_failures', RULE, T0 + 1000)).toBe(1);
    expect(b.tokens('auth_failures', 'b', RULE, T0 + 1000)).toBeCloseTo(0.5);
  });
});

describe('openRateBuckets', () => {
  it('keeps a SQLite deployment’s buckets out of its database file (no write per request)', () => {
    const db = openDb(':memory:');
    const b = openRateBuckets(db);
    b.take('requests', 'k1', RULE, T0);
    expect(db.prepare('SELECT COUNT(*) FROM rate_buckets').pluck().get()).toBe(0);
    expect(b.tokens('requests', 'k1', RULE, T0)).toBe(2);
    b.close();
    db.close();
  });

  it.skipIf(pgSkip)('counts in the shared table on PostgreSQL', () => {
    const db = open('postgres');
    openRateBuckets(db).take('requests', 'k1', RULE, T0);
    expect(openRateBuckets(db).tokens('requests', 'k1', RULE, T0)).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM rate_buckets').pluck().get()).toBe(1);
  });
});
