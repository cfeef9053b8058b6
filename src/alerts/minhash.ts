import type { Grams } from './matter.ts';

/**
 * MinHash over a text's bigram set, cut into LSH bands: two texts share at least one band bucket with
 * probability 1 − (1 − J^ROWS)^BANDS, J being their bigram Jaccard. With 48 bands of 3 rows a pair at the
 * cluster threshold (J = 0.5) is a candidate with probability 0.9984, at 0.6 with 0.99999, and a repeat
 * (J ≥ 0.8) always in practice (1 − 0.488^48 ≈ 1 − 10⁻¹⁵); unrelated letters (J ≈ 0.05) share a bucket
 * about 0.6 % of the time. Candidates are always checked with the exact Jaccard afterwards.
 */
export const BANDS = 48;
export const ROWS = 3;
const HASHES = BANDS * ROWS;

// Fixed seeds: buckets are stored, so the hash family must never change between runs.
const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => fmix(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The band buckets of a bigram set (one per band, band number in the high bits), or none for an empty set. */
export function bandBuckets(grams: Grams): number[] {
  if (grams.length === 0) return [];
  const mins = new Uint32Array(HASHES).fill(0xffffffff);
  for (let g = 0; g < grams.length; g++) {
    const base = fmix(grams[g]);
    for (let i = 0; i < HASHES; i++) {
      const h = fmix(base ^ SEEDS[i]);
      if (h < mins[i]) mins[i] = h;
    }
  }
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) h = fmix(Math.imul(h ^ mins[b * ROWS + r], 0x01000193));
    // Band number × 2^32 + 32-bit hash: below 2^38, exact in a JS number and a SQLite integer.
    out.push(b * 0x1_0000_0000 + h);
  }
  return out;
}
