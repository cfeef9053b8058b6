import type { BucketRule, Taken } from '../../store/rate-buckets-repo.ts';

/**
 * Where the buckets are counted (store/rate-buckets-repo.ts): on PostgreSQL one table every instance shares, so a
 * limit holds for the deployment and not per instance; on SQLite a private in-memory database of the one process.
 */
export interface Buckets {
  take(scope: string, id: string, rule: BucketRule, now: number): Taken;
  tokens(scope: string, id: string, rule: BucketRule, now: number): number;
  purge(scope: string, rule: BucketRule, now: number): number;
}

const retryAfterS = (tokens: number, rule: BucketRule) => Math.max(1, Math.ceil((1 - tokens) / rule.perMs / 1000));

/** Per-key token bucket: `burst` requests at once, refilled at `perMin` a minute. perMin 0 turns it off. */
export function createRateLimiter(opts: { perMin: number; burst: number; now: () => number; buckets: Buckets }) {
  const rule = { burst: opts.burst, perMs: opts.perMin / 60_000 };
  return {
    /** Takes one token for `id`; when none is left, says how many seconds until one is. */
    take(id: string): { ok: true } | { ok: false; retryAfterS: number } {
      if (opts.perMin === 0) return { ok: true };
      const t = opts.buckets.take('requests', id, rule, opts.now());
      return t.took ? { ok: true } : { ok: false, retryAfterS: retryAfterS(t.tokens, rule) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Failed sign-ins and unknown bearer keys allowed per client address: 10 at once, then 10 a minute. */
export const AUTH_FAILURES = { burst: 10, perMin: 10 } as const;
/** Every this many failures (on one instance), the addresses whose bucket has refilled are forgotten. */
const PURGE_EVERY = 1_000;

/**
 * Per client address, a bucket of allowed credential failures (wrong key at /login, unknown Bearer key).
 * Only failures take a token, but an address with none left is refused before its credential is even
 * checked, so a guesser cannot tell a hit from a miss while blocked. On PostgreSQL the count is shared, so a
 * guesser gains nothing by spreading attempts over the instances behind a load balancer.
 */
export function createFailureLimiter(opts: { perMin: number; burst: number; now: () => number; buckets: Buckets }) {
  const rule = { burst: opts.burst, perMs: opts.perMin / 60_000 };
  let failures = 0;
  return {
    /** Seconds until the address may try again, or 0 when it may try now. */
    retryAfterS(id: string): number {
      const tokens = opts.buckets.tokens('auth_failures', id, rule, opts.now());
      return tokens >= 1 ? 0 : retryAfterS(tokens, rule);
    },
    /** Records one failure from the address. */
    fail(id: string): void {
      opts.buckets.take('auth_failures', id, rule, opts.now());
      if (++failures % PURGE_EVERY === 0) opts.buckets.purge('auth_failures', rule, opts.now());
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;
