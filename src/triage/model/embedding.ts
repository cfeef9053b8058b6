import type { SparseVector } from './hashing.ts';

/**
 * Word vectors as a feature block: the mean of the unit vectors of a text's known words, L2-normalised, plus one
 * indicator for "no known word". Vectors let a model trained on one kind of text generalise to words it never
 * saw labelled (开心 near 高兴, 气愤 near 愤怒), which is what a cross-domain n-gram model lacks. The vectors are
 * saved in the model's feature config (int8), so a loaded model rebuilds the same features.
 */
export interface EmbeddingConfig {
  /** Vector length; the block uses dims + 1 features (the last is the indicator). */
  dims: number;
  /** Vocabulary, in row order of `vectors`. */
  words: string[];
  /** base64 Int8 [words × dims]; value = int8 / 127 (rows are unit vectors). */
  vectors: string;
  /** How the vectors were made (corpus, window, counts), for the record. */
  about?: string;
}

export interface WordVectors {
  dims: number;
  index: Map<string, number>;
  /** Row-major [words × dims], dequantised. */
  data: Float32Array;
}

/** Quantises unit row vectors [words × dims] into the saved config. */
export function embeddingConfig(words: string[], dims: number, vectors: Float32Array, about?: string): EmbeddingConfig {
  const q = Int8Array.from(vectors, (v) => Math.max(-127, Math.min(127, Math.round(v * 127))));
  return { dims, words, vectors: Buffer.from(q.buffer).toString('base64'), about };
}

const decoded = new WeakMap<EmbeddingConfig, WordVectors>();

/** Decodes the saved vectors once per config object. */
export function wordVectors(c: EmbeddingConfig): WordVectors {
  let v = decoded.get(c);
  if (!v) {
    const q = new Int8Array(Buffer.from(c.vectors, 'base64'));
    if (q.length !== c.words.length * c.dims) throw new Error('embedding: vectors do not match words × dims');
    const data = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) data[i] = q[i] / 127;
    v = { dims: c.dims, index: new Map(c.words.map((w, i) => [w, i])), data };
    decoded.set(c, v);
  }
  return v;
}

/** The block's features for already segmented words: indices 0..dims-1 the mean vector, dims the indicator. */
export function embeddingFeatures(words: string[], v: WordVectors): SparseVector {
  const { dims, index, data } = v;
  const mean = new Float64Array(dims);
  let known = 0;
  for (const w of words) {
    const i = index.get(w);
    if (i === undefined) continue;
    for (let d = 0; d < dims; d++) mean[d] += data[i * dims + d];
    known++;
  }
  if (known === 0) return { indices: Int32Array.of(dims), values: Float32Array.of(1) };
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += mean[d] * mean[d];
  norm = Math.sqrt(norm) || 1;
  const indices = new Int32Array(dims);
  const values = new Float32Array(dims);
  for (let d = 0; d < dims; d++) [indices[d], values[d]] = [d, mean[d] / norm];
  return { indices, values };
}
