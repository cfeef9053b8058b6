/** Per-key token bucket: `burst` requests at once, refilled at `perMin` a minute. perMin 0 turns it off. */
export function createRateLimiter(opts: { perMin: number; burst: number; now: () => number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = opts.perMin / 60_000;
  return {
    /** Takes one token for `id`; when none is left, says how many seconds until one is. */
    take(id: string): { ok: true } | { ok: false; retryAfterS: number } {
      if (opts.perMin === 0) return { ok: true };
      const now = opts.now();
      const b = buckets.get(id) ?? { tokens: opts.burst, at: now };
      b.tokens = Math.min(opts.burst, b.tokens + (now - b.at) * perMs);
      b.at = now;
      buckets.set(id, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Failed sign-ins and unknown bearer keys allowed per client address: 10 at once, then 10 a minute. */
export const AUTH_FAILURES = { burst: 10, perMin: 10 } as const;
/** Addresses remembered at most; beyond it, addresses whose bucket has refilled are forgotten. */
const MAX_ADDRESSES = 10_000;

/**
 * Per client address, a bucket of allowed credential failures (wrong key at /login, unknown Bearer key).
 * Only failures take a token, but an address with none left is refused before its credential is even
 * checked, so a guesser cannot tell a hit from a miss while blocked.
 */
export function createFailureLimiter(opts: { perMin: number; burst: number; now: () => number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = opts.perMin / 60_000;
  const refill = (id: string) => {
    const now = opts.now();
    const b = buckets.get(id) ?? { tokens: opts.burst, at: now };
    b.tokens = Math.min(opts.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    return b;
  };
  return {
    /** Seconds until the address may try again, or 0 when it may try now. */
    retryAfterS(id: string): number {
      const b = refill(id);
      return b.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    },
    /** Records one failure from the address. */
    fail(id: string): void {
      const b = refill(id);
      b.tokens = Math.max(0, b.tokens - 1);
      buckets.set(id, b);
      if (buckets.size > MAX_ADDRESSES)
        for (const [k] of buckets) if (refill(k).tokens >= opts.burst) buckets.delete(k);
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;
