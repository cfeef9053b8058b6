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
