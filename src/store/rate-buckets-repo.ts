import { openDb, readMigrations, type Db } from './db.ts';
import { dialectOf } from './dialect.ts';

/** A bucket holds at most `burst` tokens and gains `perMs` tokens a millisecond. */
export interface BucketRule {
  burst: number;
  perMs: number;
}

/** What a take did: whether a token was taken, and the tokens left afterwards (fractional). */
export interface Taken {
  took: boolean;
  tokens: number;
}

// The refill as SQL over the stored row, the same on both backends. Parameters carry their type (CAST) because
// PostgreSQL cannot infer one from `@now - at_ms` alone when the row's side is an expression. A clock behind the
// stored at_ms (another instance's, a little slow) refills nothing rather than draining the bucket.
const NOW = 'CAST(@now AS BIGINT)';
const BURST = 'CAST(@burst AS DOUBLE PRECISION)';
const ELAPSED = `CASE WHEN ${NOW} > rate_buckets.at_ms THEN ${NOW} - rate_buckets.at_ms ELSE 0 END`;
const GROWN = `(rate_buckets.tokens + ${ELAPSED} * CAST(@perMs AS DOUBLE PRECISION))`;
const REFILLED = `(CASE WHEN ${GROWN} < ${BURST} THEN ${GROWN} ELSE ${BURST} END)`;
const TAKES = `(CASE WHEN ${REFILLED} >= 1 THEN 1 ELSE 0 END)`;

/**
 * Refill, take one token if there is one, and say what happened, in one statement: two instances taking from
 * the same bucket at once queue on its row (the conflict locks it) instead of both reading the old count.
 * `took` is stored only so that RETURNING can tell a refusal (tokens unchanged) from a take.
 */
const TAKE_SQL = `INSERT INTO rate_buckets (scope, id, tokens, at_ms, took)
  VALUES (@scope, @id, ${BURST} - 1, ${NOW}, 1)
  ON CONFLICT (scope, id) DO UPDATE SET
    tokens = ${REFILLED} - ${TAKES},
    took = ${TAKES},
    at_ms = CASE WHEN ${NOW} > rate_buckets.at_ms THEN ${NOW} ELSE rate_buckets.at_ms END
  RETURNING tokens, took`;

/** The migration that creates rate_buckets, for the private in-memory database of a SQLite deployment. */
const MIGRATION = '020-rate-buckets';

/** The token buckets of the rate limits (migration 020); the limits themselves are in http/auth/rate-limit.ts. */
export function createRateBucketsRepo(db: Db) {
  const s = {
    take: db.prepare(TAKE_SQL),
    tokens: db.prepare(`SELECT ${REFILLED} FROM rate_buckets WHERE scope = @scope AND id = @id`).pluck(),
    // A bucket that has refilled to the brim says nothing a missing row would not.
    purge: db.prepare(`DELETE FROM rate_buckets WHERE scope = @scope AND ${GROWN} >= ${BURST}`),
  };
  const args = (scope: string, id: string, rule: BucketRule, now: number) => ({
    scope,
    id,
    burst: rule.burst,
    perMs: rule.perMs,
    now: Math.floor(now),
  });
  return {
    /** Refills the bucket to `now` and takes one token when at least one is there. */
    take(scope: string, id: string, rule: BucketRule, now: number): Taken {
      const r = s.take.get(args(scope, id, rule, now)) as { tokens: number; took: number };
      return { took: r.took === 1, tokens: r.tokens };
    },
    /** The tokens the bucket holds at `now` (a full bucket when it has no row); takes nothing. */
    tokens(scope: string, id: string, rule: BucketRule, now: number): number {
      return (s.tokens.get(args(scope, id, rule, now)) as number | undefined) ?? rule.burst;
    },
    /** Forgets the buckets of a scope that are full again at `now`; returns how many. */
    purge(scope: string, rule: BucketRule, now: number): number {
      const { id: _, ...p } = args(scope, '', rule, now);
      return s.purge.run(p).changes;
    },
  };
}

export type RateBucketsRepo = ReturnType<typeof createRateBucketsRepo>;

/**
 * The buckets the service counts in. On PostgreSQL the shared table, so every instance counts against one limit.
 * A SQLite deployment is a single process: its buckets live in a private in-memory SQLite database with the same
 * table and the same statement (one code path), because a write to the database file on every request would
 * cost an fsync. `close` closes that private database (nothing on PostgreSQL).
 */
export function openRateBuckets(db: Db): RateBucketsRepo & { close(): void } {
  if (dialectOf(db) === 'postgres') return { ...createRateBucketsRepo(db), close: () => undefined };
  const own = openDb(
    ':memory:',
    readMigrations().filter((m) => m.name === MIGRATION),
  );
  return { ...createRateBucketsRepo(own), close: () => void own.close() };
}
