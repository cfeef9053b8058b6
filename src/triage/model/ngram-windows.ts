import type { FeatureConfig } from './features.ts';
import { fnv1a, type SparseVector } from './hashing.ts';

/**
 * Features of many spans of one text, hashing each character n-gram once. A span's vector equals what the
 * model's featurizer gives for `text.slice(start, end)` (character n-grams only: sublinear tf, idf, L2), so a
 * model can read every sentence window of a petition for the cost of hashing it once.
 */
export function createSpanFeaturizer(config: FeatureConfig, text: string, idf?: Float32Array): (start: number, end: number) => SparseVector {
  if (!supportsSpans(config)) throw new Error('span featurizer: only character n-gram features are supported');
  const grams: { start: number; end: number; index: number }[] = [];
  const chars = [...text];
  const offsets: number[] = [];
  let at = 0;
  for (const ch of chars) {
    offsets.push(at);
    at += ch.length;
  }
  offsets.push(at);
  for (const n of config.charNgrams) {
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      if (n === 1 && /\s/.test(g)) continue;
      grams.push({ start: offsets[i], end: offsets[i + n], index: fnv1a(`c${n}:${g}`) & (config.dim - 1) });
    }
  }
  // By start, so a span reads only the n-grams that begin inside it.
  grams.sort((a, b) => a.start - b.start);
  return (start, end) => {
    const counts = new Map<number, number>();
    for (let k = firstAtOrAfter(grams, start); k < grams.length && grams[k].start < end; k++) {
      const g = grams[k];
      if (g.end <= end) counts.set(g.index, (counts.get(g.index) ?? 0) + 1);
    }
    return toVector(counts, idf);
  };
}

function firstAtOrAfter(grams: { start: number }[], start: number): number {
  let lo = 0;
  let hi = grams.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (grams[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a feature configuration is plain character n-grams, which spans can share. */
export function supportsSpans(config: FeatureConfig): boolean {
  return !config.wordNgrams?.length && !config.lexicon && !config.context && !config.embedding && !config.blocks?.length && !config.boundaries;
}

// As FeatureBag.toVector: sublinear tf, optional idf, L2; values rounded to float32 like the featurizer's.
function toVector(counts: Map<number, number>, idf?: Float32Array): SparseVector {
  const entries = [...counts.entries()].sort((a, b) => a[0] - b[0]);
  const indices = new Int32Array(entries.length);
  const values = new Float32Array(entries.length);
  let norm = 0;
  entries.forEach(([i, c], k) => {
    let v = c > 0 ? 1 + Math.log(c) : c;
    if (idf) v *= idf[i];
    indices[k] = i;
    values[k] = v;
    norm += v * v;
  });
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < values.length; k++) values[k] /= norm;
  return { indices, values };
}
