/**
 * Issue 16, round 24: a softmax regression from a letter's TF-IDF jieba tokens to the article (or law) a legal officer
 * judged to govern it. Discriminative, unlike the centroid profiles of affinity.ts: the weights learn which tokens
 * separate one article from its neighbours. Classes are labels judged 2 in ≥ minPos training letters, plus ∅none
 * (a letter with no judged-2 article) and ∅other (judged-2 articles, none of them a class). Fitted by SGD on sparse
 * unit vectors; training only here.
 */
import { vectorOf } from '../../src/clauses/affinity.ts';
import { type DenseSoftmax, NONE, OTHER } from '../../src/clauses/letter-classifier.ts';

/** dense: an optional unit vector (round 26, embed.ts) read as extra features after the vocabulary. */
export type TextDoc = { tokens: Map<string, number>; labels: Set<string>; dense?: Float32Array };
export type SoftmaxModel = {
  classes: string[];
  vocab: Map<string, number>;
  /** token → idf, for the tokens of the vocabulary. */
  idf: Map<string, number>;
  /** (vocab + dense dims) × classes, row-major by feature. */
  w: Float32Array;
  b: Float64Array;
  /** Round 26: the weight of the dense block (a letter's word-vector) against the unit TF-IDF block. */
  denseScale: number;
};

// The two extra classes are named where the service reads the classifiers.
export { NONE, OTHER };

type Sparse = { idx: Int32Array; val: Float64Array };

/** The letter's unit TF-IDF vector (affinity.ts vectorOf, as the profiles use) as vocabulary indices. */
function sparseOf(
  tokens: Map<string, number>,
  m: Pick<SoftmaxModel, 'vocab' | 'idf' | 'denseScale'>,
  dense?: Float32Array,
): Sparse {
  const v = [...vectorOf(tokens, m.idf)];
  const d = dense ?? new Float32Array(0);
  const idx = Int32Array.from([...v.map(([t]) => m.vocab.get(t)!), ...Array.from(d.keys(), (c) => m.vocab.size + c)]);
  const val = Float64Array.from([...v.map(([, x]) => x), ...[...d].map((x) => x * m.denseScale)]);
  return { idx, val };
}

/** Logits → probabilities, in place. */
function softmaxInPlace(z: Float64Array) {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) (z[c] = Math.exp(z[c] - max)), (sum += z[c]);
  for (let c = 0; c < z.length; c++) z[c] /= sum;
}

/** A small deterministic generator for the SGD order. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
}

export function fitSoftmax(
  docs: TextDoc[],
  opts: {
    minPos?: number;
    minDf?: number;
    epochs?: number;
    lr?: number;
    l2?: number;
    seed?: number;
    /** false: the dense block only (round 26: what ships; the tokens' weights would be megabytes). */
    sparse?: boolean;
    denseScale?: number;
  } = {},
): SoftmaxModel {
  const { minPos = 3, minDf = 2, epochs = 12, lr = 0.5, l2 = 1e-4, seed = 1, sparse = true, denseScale = 3 } = opts;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tokens.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vocab = new Map<string, number>();
  if (sparse) for (const [t, n] of df) if (n >= minDf) vocab.set(t, vocab.size);
  const idf = new Map([...vocab.keys()].map((t) => [t, Math.log((docs.length + 1) / (df.get(t)! + 1)) + 1]));
  const count = new Map<string, number>();
  for (const d of docs) for (const l of d.labels) count.set(l, (count.get(l) ?? 0) + 1);
  const classes = [
    NONE,
    OTHER,
    ...[...count]
      .filter(([, n]) => n >= minPos)
      .map(([l]) => l)
      .sort(),
  ];
  const cix = new Map(classes.map((c, i) => [c, i]));
  const C = classes.length;
  const xs = docs.map((d) => sparseOf(d.tokens, { vocab, idf, denseScale }, d.dense));
  const D = docs[0]?.dense?.length ?? 0;
  const ys = docs.map((d) => {
    const own = [...d.labels].map((l) => cix.get(l)).filter((i): i is number => i !== undefined);
    return own.length ? own : [d.labels.size ? 1 : 0];
  });
  const w = new Float32Array((vocab.size + D) * C);
  const b = new Float64Array(C);
  // The prior as the starting bias.
  for (const y of ys) for (const c of y) b[c] += 1 / y.length;
  for (let c = 0; c < C; c++) b[c] = Math.log((b[c] + 0.5) / docs.length);
  const z = new Float64Array(C);
  const order = docs.map((_, i) => i);
  const rand = rng(seed);
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const step = lr / (1 + e * 0.3);
    for (const k of order) {
      const { idx, val } = xs[k];
      z.set(b);
      for (let n = 0; n < idx.length; n++) {
        const row = idx[n] * C;
        const v = val[n];
        for (let c = 0; c < C; c++) z[c] += w[row + c] * v;
      }
      softmaxInPlace(z);
      for (const c of ys[k]) z[c] -= 1 / ys[k].length;
      for (let c = 0; c < C; c++) b[c] -= step * z[c];
      for (let n = 0; n < idx.length; n++) {
        const row = idx[n] * C;
        const v = step * val[n];
        for (let c = 0; c < C; c++) w[row + c] -= v * z[c];
      }
    }
    // L2 as a shrink once an epoch (the per-step decay of every weight would cost a dense pass each letter).
    const shrink = 1 - step * l2 * docs.length;
    if (shrink < 1) for (let i = 0; i < w.length; i++) w[i] *= shrink;
  }
  return { classes, vocab, idf, w, b, denseScale };
}

/** Every class with its probability, most probable first. */
export function softmaxScores(
  m: SoftmaxModel,
  tokens: Map<string, number>,
  dense?: Float32Array,
): { label: string; p: number }[] {
  const C = m.classes.length;
  const { idx, val } = sparseOf(tokens, m, dense);
  const z = Float64Array.from(m.b);
  for (let n = 0; n < idx.length; n++) {
    const row = idx[n] * C;
    for (let c = 0; c < C; c++) z[c] += m.w[row + c] * val[n];
  }
  softmaxInPlace(z);
  return m.classes.map((label, c) => ({ label, p: z[c] })).sort((a, b) => b.p - a.p);
}

/** A dense-only model (sparse: false) as the service reads it (src/clauses/letter-classifier.ts). */
export function toDenseSoftmax(m: SoftmaxModel): DenseSoftmax {
  if (m.vocab.size) throw new Error('only a dense-only model (sparse: false) ships');
  return { classes: m.classes, scale: m.denseScale, w: [...m.w], b: [...m.b] };
}
