import { FeatureBag, type SparseVector } from './hashing.ts';

/**
 * What a hashing featurizer extracts. Saved inside the model JSON so a loaded model
 * rebuilds exactly the features it was trained on.
 */
export interface FeatureConfig {
  /** Number of hash buckets, a power of two (e.g. 2 ** 18). */
  dim: number;
  /** Character n-gram orders, e.g. [1, 2, 3]. */
  charNgrams: number[];
  /** Word n-gram orders over the injected segmenter's tokens, e.g. [1, 2]; empty for none. */
  wordNgrams?: number[];
  /** Lexicon entries: each term found in the text adds the feature `lex:<tag>` (and counts). */
  lexicon?: Record<string, string[]>;
  /** Weight of lexicon features relative to one n-gram occurrence. */
  lexiconWeight?: number;
  /** Mark text boundaries with ^ and $ in character n-grams. */
  boundaries?: boolean;
}

export type Featurizer = (text: string) => SparseVector;
export type Segmenter = (text: string) => string[];

export interface FeaturizerOptions {
  /** Needed when `wordNgrams` is non-empty. */
  segment?: Segmenter;
  /** Per-bucket inverse document frequency, as fitted by `fitIdf`. */
  idf?: Float32Array;
}

/** Adds the raw features of `text` to `bag` (no weighting). */
export function extractFeatures(text: string, config: FeatureConfig, bag: FeatureBag, segment?: Segmenter): void {
  const chars = [...(config.boundaries ? `^${text}$` : text)];
  for (const n of config.charNgrams) {
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      if (n === 1 && /\s/.test(g)) continue;
      bag.add(`c${n}:${g}`);
    }
  }
  if (config.wordNgrams?.length) {
    if (!segment) throw new Error('featurizer: wordNgrams needs a segment function');
    const words = segment(text).filter((w) => w.trim() !== '');
    for (const n of config.wordNgrams) {
      for (let i = 0; i + n <= words.length; i++) bag.add(`w${n}:${words.slice(i, i + n).join('|')}`);
    }
  }
  if (config.lexicon) {
    const weight = config.lexiconWeight ?? 1;
    for (const [tag, terms] of Object.entries(config.lexicon)) {
      for (const term of terms) {
        let from = text.indexOf(term);
        while (from !== -1) {
          bag.add(`lex:${tag}`, weight);
          from = text.indexOf(term, from + term.length);
        }
      }
    }
  }
}

/** Builds a featurizer: hashed n-gram and lexicon features, sublinear tf, optional idf, L2-normalised. */
export function createFeaturizer(config: FeatureConfig, opts: FeaturizerOptions = {}): Featurizer {
  if (!Number.isInteger(Math.log2(config.dim))) throw new Error(`featurizer: dim ${config.dim} is not a power of two`);
  return (text) => {
    const bag = new FeatureBag(config.dim);
    extractFeatures(text, config, bag, opts.segment);
    return bag.toVector(opts.idf);
  };
}

/** Smoothed idf per hash bucket, ln((1 + N) / (1 + df)) + 1, fitted on training texts only. */
export function fitIdf(texts: string[], config: FeatureConfig, segment?: Segmenter): Float32Array {
  const df = new Float32Array(config.dim);
  for (const t of texts) {
    const bag = new FeatureBag(config.dim);
    extractFeatures(t, config, bag, segment);
    for (const i of bag.counts.keys()) df[i] += 1;
  }
  const idf = new Float32Array(config.dim);
  for (let i = 0; i < config.dim; i++) idf[i] = Math.log((1 + texts.length) / (1 + df[i])) + 1;
  return idf;
}
