/** Nearest-rank percentile (the smallest value with at least p% of values at or below it); null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * p50/p95/p99 over the latencies of cases that got an answer (a timeout's latency is the timeout, not the
 * entry's speed), throughput over the whole run's wall time, errors and n over all cases.
 */
export function latencyMetrics(
  cases: { latency_ms: number; error: string | null }[],
  wallMs: number,
): Record<string, number | null> {
  const ok = cases.filter((c) => c.error === null).map((c) => c.latency_ms);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    p50_ms: round(percentile(ok, 50)),
    p95_ms: round(percentile(ok, 95)),
    p99_ms: round(percentile(ok, 99)),
    throughput_per_s: wallMs > 0 ? Math.round((cases.length / (wallMs / 1000)) * 100) / 100 : null,
    errors: cases.filter((c) => c.error !== null).length,
    n: cases.length,
  };
}
