/**
 * Bootstrap over cases. Every entry in a comparison is resampled with the same case indices in each
 * replicate, so one set of replicates gives both each entry's interval and the paired test between two
 * entries (the difference is taken replicate by replicate, which keeps the correlation of shared cases).
 */
import { mulberry32 } from '../../src/random.ts';

/** A small seeded generator (mulberry32): the same seed gives the same intervals on every machine. */
export const seededRandom = mulberry32;

/** `resamples` arrays of n indices drawn with replacement. */
export function resampleIndices(n: number, resamples: number, seed: number): Uint32Array[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: resamples }, () => {
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rnd() * n);
    return idx;
  });
}

/** Linear-interpolated quantile of sorted values (type 7, as numpy's default). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

/** Percentile interval of replicate values, ignoring replicates where the metric was undefined (null/NaN). */
export function percentileInterval(values: (number | null)[], level = 0.95): [number, number] | null {
  const ok = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (ok.length === 0) return null;
  const tail = (1 - level) / 2;
  return [quantile(ok, tail), quantile(ok, 1 - tail)];
}

export interface PairedTest {
  /** a − b on all cases. */
  diff: number;
  /** 95 % percentile interval of a − b over the paired replicates. */
  interval: [number, number] | null;
  /** Two-sided bootstrap p-value: twice the smaller share of replicates on either side of zero (≤ 1). */
  p: number | null;
  /** The interval excludes zero. */
  significant: boolean;
}

/** Paired bootstrap test of a − b from replicates computed on the same resampled cases. */
export function pairedTest(
  a: number,
  b: number,
  repsA: (number | null)[],
  repsB: (number | null)[],
  level = 0.95,
): PairedTest {
  const diffs: number[] = [];
  for (let i = 0; i < repsA.length; i++) {
    const x = repsA[i];
    const y = repsB[i];
    if (x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y)) diffs.push(x - y);
  }
  const interval = percentileInterval(diffs, level);
  if (!interval) return { diff: a - b, interval: null, p: null, significant: false };
  const below = diffs.filter((d) => d <= 0).length / diffs.length;
  const above = diffs.filter((d) => d >= 0).length / diffs.length;
  const p = Math.min(1, 2 * Math.min(below, above));
  return { diff: a - b, interval, p, significant: interval[0] > 0 || interval[1] < 0 };
}
