import type { FeatureConfig } from './features.ts';
import { forEachCharNgram, ScratchBag, type SparseVector } from './hashing.ts';

/**
 * Features of many spans of one text, hashing each character n-gram once. A span's vector equals what the
 * model's featurizer gives for `text.slice(start, end)` (character n-grams only: sublinear tf, idf, L2), so a
 * model can read every sentence window of a petition for the cost of hashing it once.
 */
export function createSpanFeaturizer(
  config: FeatureConfig,
  text: string,
  idf?: Float32Array,
): (start: number, end: number) => SparseVector {
  if (!supportsSpans(config)) throw new Error('span featurizer: only character n-gram features are supported');
  const grams: { start: number; end: number; index: number }[] = [];
  forEachCharNgram(text, config.charNgrams, config.dim, (index, start, end) => grams.push({ start, end, index }));
  // By start, so a span reads only the n-grams that begin inside it.
  grams.sort((a, b) => a.start - b.start);
  return (start, end) => {
    // The featurizer's own bag, so the weighting (sublinear tf, idf, L2) is the same code.
    const bag = ScratchBag.of(config.dim);
    for (let k = firstAtOrAfter(grams, start); k < grams.length && grams[k].start < end; k++) {
      const g = grams[k];
      if (g.end <= end) bag.addIndex(g.index);
    }
    return bag.toVector(idf);
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
  return (
    !config.wordNgrams?.length &&
    !config.lexicon &&
    !config.context &&
    !config.embedding &&
    !config.blocks?.length &&
    !config.boundaries
  );
}
