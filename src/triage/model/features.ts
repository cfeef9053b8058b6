import { addContextFeatures, type ContextConfig } from './context.ts';
import { embeddingFeatures, wordVectors, type EmbeddingConfig } from './embedding.ts';
import { type Bag, forEachCharNgram, ScratchBag, type SparseVector } from './hashing.ts';

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
  /** A lexicon term with one of these within the two characters before it adds `lex:not:<tag>` instead. */
  negators?: string[];
  /** Also add one feature per matched lexicon term (`lexw:<term>`), so each term gets its own weight. */
  lexiconTerms?: boolean;
  /** Features of what surrounds target words: negation, person, time and plan cues (see context.ts). */
  context?: ContextConfig;
  /** A dense block of averaged word vectors instead of hashed features (see embedding.ts); needs a segmenter. */
  embedding?: EmbeddingConfig;
  /**
   * Several feature sets side by side, each L2-normalised on its own and scaled by its weight; `dim` is
   * the sum of the block dims. This is how `combineLinearModels` turns an ensemble into one linear model.
   */
  blocks?: { weight: number; features: FeatureConfig }[];
}

/** True when the features (or any block) need a word segmenter. */
export function needsSegmenter(config: FeatureConfig): boolean {
  return (
    Boolean(config.wordNgrams?.length || config.embedding) ||
    (config.blocks ?? []).some((b) => needsSegmenter(b.features))
  );
}

export type Featurizer = (text: string) => SparseVector;
export type Segmenter = (text: string) => string[];

export interface FeaturizerOptions {
  /** Needed when `wordNgrams` is non-empty. */
  segment?: Segmenter;
  /** Per-bucket inverse document frequency, as fitted by `fitIdf` (training/model/idf.ts). */
  idf?: Float32Array;
}

/** Adds the raw features of `text` to `bag` (no weighting). */
export function extractFeatures(text: string, config: FeatureConfig, bag: Bag, segment?: Segmenter): void {
  forEachCharNgram(config.boundaries ? `^${text}$` : text, config.charNgrams, bag.dim, (i) => bag.addIndex(i));
  if (config.wordNgrams?.length) {
    if (!segment) throw new Error('featurizer: wordNgrams needs a segment function');
    const words = segment(text).filter((w) => w.trim() !== '');
    for (const n of config.wordNgrams) {
      for (let i = 0; i + n <= words.length; i++) bag.add(`w${n}:${words.slice(i, i + n).join('|')}`);
    }
  }
  if (config.lexicon) addLexiconFeatures(text, config, bag);
  if (config.context) addContextFeatures(text, config.context, bag);
}

function addLexiconFeatures(text: string, config: FeatureConfig, bag: Bag): void {
  const weight = config.lexiconWeight ?? 1;
  const negators = config.negators ?? [];
  for (const [tag, terms] of Object.entries(config.lexicon ?? {})) {
    for (const term of terms) {
      let from = text.indexOf(term);
      while (from !== -1) {
        const before = text.slice(Math.max(0, from - 2), from);
        const negated = negators.some((n) => before.includes(n));
        bag.add(negated ? `lex:not:${tag}` : `lex:${tag}`, weight);
        if (config.lexiconTerms) bag.add(negated ? `lexw:not:${term}` : `lexw:${term}`, weight);
        from = text.indexOf(term, from + term.length);
      }
    }
  }
}

/** Builds a featurizer: hashed n-gram and lexicon features, sublinear tf, optional idf, L2-normalised. */
export function createFeaturizer(config: FeatureConfig, opts: FeaturizerOptions = {}): Featurizer {
  if (config.blocks?.length) return createBlockFeaturizer(config.blocks, opts);
  if (config.embedding) return createEmbeddingFeaturizer(config, opts.segment);
  if (!Number.isInteger(Math.log2(config.dim))) throw new Error(`featurizer: dim ${config.dim} is not a power of two`);
  return (text) => {
    const bag = ScratchBag.of(config.dim);
    extractFeatures(text, config, bag, opts.segment);
    return bag.toVector(opts.idf);
  };
}

function createEmbeddingFeaturizer(config: FeatureConfig, segment?: Segmenter): Featurizer {
  const e = config.embedding!;
  if (!segment) throw new Error('featurizer: an embedding block needs a segment function');
  if (config.dim < e.dims + 1)
    throw new Error(`featurizer: dim ${config.dim} is too small for ${e.dims}-dimensional vectors`);
  const vectors = wordVectors(e);
  return (text) =>
    embeddingFeatures(
      segment(text).filter((w) => w.trim() !== ''),
      vectors,
    );
}

function createBlockFeaturizer(blocks: NonNullable<FeatureConfig['blocks']>, opts: FeaturizerOptions): Featurizer {
  let offset = 0;
  const parts = blocks.map(({ weight, features }) => {
    const idf = opts.idf?.subarray(offset, offset + features.dim);
    const part = { weight, offset, featurize: createFeaturizer(features, { segment: opts.segment, idf }) };
    offset += features.dim;
    return part;
  });
  return (text) => {
    const vectors = parts.map((p) => ({ p, v: p.featurize(text) }));
    const n = vectors.reduce((s, { v }) => s + v.indices.length, 0);
    const indices = new Int32Array(n);
    const values = new Float32Array(n);
    let k = 0;
    for (const { p, v } of vectors) {
      for (let j = 0; j < v.indices.length; j++, k++)
        [indices[k], values[k]] = [v.indices[j] + p.offset, v.values[j] * p.weight];
    }
    return { indices, values };
  };
}
