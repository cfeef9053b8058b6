import { describe, expect, it } from 'vitest';
import { latencyMetrics, percentile } from './latency.ts';

const TEN = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10];

describe('percentile (nearest rank)', () => {
  it.each([
    [TEN, 50, 50],
    [TEN, 95, 100],
    [TEN, 99, 100],
    [TEN, 10, 10],
    [[5, 1, 3], 50, 3],
    [[5, 1, 3], 95, 5],
    [[7], 99, 7],
  ])('of %j at p%d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('is null for no values', () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe('latencyMetrics', () => {
  it('takes percentiles over answered cases and throughput over all cases', () => {
    const cases = [
      { latency_ms: 10, error: null },
      { latency_ms: 20, error: null },
      { latency_ms: 5000, error: 'timeout after 5000 ms' },
      { latency_ms: 30, error: null },
    ];
    expect(latencyMetrics(cases, 2000)).toEqual({
      p50_ms: 20,
      p95_ms: 30,
      p99_ms: 30,
      throughput_per_s: 2,
      errors: 1,
      n: 4,
    });
  });
});
