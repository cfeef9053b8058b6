import { mulberry32 } from '../../src/random.ts';
import { createFeaturizer, type FeatureConfig, type Segmenter } from '../../src/triage/model/features.ts';
import { fitIdf } from './idf.ts';
import type { SparseVector } from '../../src/triage/model/hashing.ts';
import { minimiseLbfgs } from './lbfgs.ts';
import { LinearModel } from '../../src/triage/model/linear-model.ts';

export type ClassWeight = 'balanced' | 'none' | Record<string, number>;

export interface TrainOptions {
  /** Training texts and their labels, same length. */
  texts: string[];
  labels: string[];
  features: FeatureConfig;
  /** Label order of the model; defaults to the sorted distinct labels. */
  labelSet?: string[];
  /** Needed when `features.wordNgrams` is non-empty. */
  segment?: Segmenter;
  /** Weight features by idf fitted on these texts. */
  idf?: boolean;
  /**
   * 'logreg': multinomial logistic regression with exact L2, fitted by L-BFGS (the default);
   * 'softmax': the same model by AdaGrad SGD (faster on large data, weaker regularisation);
   * 'cnb': complement naive Bayes.
   */
  algorithm?: 'logreg' | 'softmax' | 'cnb';
  /** logreg: L2 strength λ in mean loss + λ/2 ‖W‖² (default 1e-4). */
  lambda?: number;
  /** logreg: L-BFGS iterations (default 150). */
  maxIter?: number;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per update on the touched weights. */
  l2?: number;
  /** 'balanced' weights each class by n / (k × n_class), which evens out skewed training priors. */
  classWeight?: ClassWeight;
  /**
   * softmax only: per-text target distributions over `labelSet` (soft targets) in place of the one-hot labels;
   * the class weight still follows each text's label.
   */
  targets?: number[][];
  /** CNB smoothing. */
  alpha?: number;
  seed?: number;
  meta?: Record<string, unknown>;
}

/** Trains a linear model on (text, label) pairs and returns it ready to predict and save. */
export function trainLinearModel(o: TrainOptions): LinearModel {
  if (o.texts.length !== o.labels.length) throw new Error('trainLinearModel: texts and labels differ in length');
  const labelSet = o.labelSet ?? [...new Set(o.labels)].sort();
  const y = o.labels.map((l) => {
    const i = labelSet.indexOf(l);
    if (i < 0) throw new Error(`trainLinearModel: label ${l} is not in the label set`);
    return i;
  });
  const idf = o.idf ? fitIdf(o.texts, o.features, o.segment) : undefined;
  const featurize = createFeaturizer(o.features, { idf, segment: o.segment });
  const xs = o.texts.map(featurize);
  const cw = classWeights(y, labelSet, o.classWeight ?? 'none');
  const k = labelSet.length;
  const { weights, bias } =
    o.algorithm === 'cnb'
      ? trainComplementNB(xs, y, k, o.features.dim, cw, o.alpha ?? 0.3)
      : o.algorithm === 'softmax'
        ? trainSoftmax(xs, y, k, o.features.dim, cw, o, o.targets)
        : trainLogReg(xs, y, k, o.features.dim, cw, o);
  centreRows(weights, k);
  return new LinearModel(labelSet, o.features, weights, bias, { idf, segment: o.segment, featurize, meta: o.meta });
}

function classWeights(y: number[], labelSet: string[], cw: ClassWeight): Float64Array {
  const k = labelSet.length;
  if (cw === 'none') return new Float64Array(k).fill(1);
  if (cw === 'balanced') {
    const n = new Float64Array(k);
    for (const c of y) n[c]++;
    return Float64Array.from(n, (nc) => (nc ? y.length / (k * nc) : 0));
  }
  return Float64Array.from(labelSet, (l) => cw[l] ?? 1);
}

/**
 * Multinomial logistic regression, mean class-weighted cross-entropy + λ/2 ‖W‖², by L-BFGS.
 * Only buckets that occur in training get parameters, which keeps memory small.
 */
export function trainLogReg(
  xs: SparseVector[],
  y: number[],
  k: number,
  dim: number,
  cw: Float64Array,
  o: { lambda?: number; maxIter?: number },
): { weights: Float32Array; bias: Float32Array } {
  const lambda = o.lambda ?? 1e-4;
  const slot = new Int32Array(dim).fill(-1);
  let used = 0;
  for (const x of xs) for (const i of x.indices) if (slot[i] < 0) slot[i] = used++;
  const cols = xs.map((x) => Int32Array.from(x.indices, (i) => slot[i]));
  const nw = used * k;
  const n = xs.length;
  const z = new Float64Array(k);
  const objective = (p: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const col = cols[i];
      for (let c = 0; c < k; c++) z[c] = p[nw + c];
      for (let j = 0; j < col.length; j++) for (let c = 0; c < k; c++) z[c] += x.values[j] * p[col[j] * k + c];
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[c] - max);
      const lse = max + Math.log(sum);
      const w = cw[y[i]] / n;
      loss += w * (lse - z[y[i]]);
      for (let c = 0; c < k; c++) {
        const g = w * (Math.exp(z[c] - lse) - (c === y[i] ? 1 : 0));
        grad[nw + c] += g;
        for (let j = 0; j < col.length; j++) grad[col[j] * k + c] += g * x.values[j];
      }
    }
    for (let q = 0; q < nw; q++) {
      loss += 0.5 * lambda * p[q] * p[q];
      grad[q] += lambda * p[q];
    }
    return loss;
  };
  const p = minimiseLbfgs(objective, new Float64Array(nw + k), { maxIter: o.maxIter ?? 150 });
  const weights = new Float32Array(dim * k);
  for (let i = 0; i < dim; i++) if (slot[i] >= 0) for (let c = 0; c < k; c++) weights[i * k + c] = p[slot[i] * k + c];
  return { weights, bias: Float32Array.from(p.subarray(nw)) };
}

/**
 * Multinomial logistic regression by AdaGrad SGD with lazy L2; deterministic for a given seed. With `targets`, each
 * text's cross-entropy is taken against its target distribution instead of its one-hot label.
 */
export function trainSoftmax(
  xs: SparseVector[],
  y: number[],
  k: number,
  dim: number,
  cw: Float64Array,
  o: { epochs?: number; learningRate?: number; l2?: number; seed?: number },
  targets?: number[][],
): { weights: Float32Array; bias: Float32Array } {
  if (targets && targets.length !== xs.length) throw new Error('trainSoftmax: one target distribution per text');
  const epochs = o.epochs ?? 15;
  const lr = o.learningRate ?? 0.5;
  const l2 = o.l2 ?? 1e-5;
  const w = new Float64Array(dim * k);
  const g2 = new Float64Array(dim * k);
  const b = new Float64Array(k);
  const gb = new Float64Array(k);
  const order = xs.map((_, i) => i);
  const rand = mulberry32(o.seed ?? 1);
  const z = new Float64Array(k);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, rand);
    for (const i of order) {
      const x = xs[i];
      z.set(b);
      for (let j = 0; j < x.indices.length; j++) {
        const row = x.indices[j] * k;
        for (let c = 0; c < k; c++) z[c] += x.values[j] * w[row + c];
      }
      softmaxInPlace(z);
      const t = targets?.[i];
      for (let c = 0; c < k; c++) z[c] = cw[y[i]] * (z[c] - (t ? t[c] : c === y[i] ? 1 : 0));
      for (let c = 0; c < k; c++) {
        gb[c] += z[c] * z[c];
        b[c] -= (lr * z[c]) / Math.sqrt(gb[c] + 1e-8);
      }
      for (let j = 0; j < x.indices.length; j++) {
        const row = x.indices[j] * k;
        for (let c = 0; c < k; c++) {
          const g = z[c] * x.values[j] + l2 * w[row + c];
          g2[row + c] += g * g;
          w[row + c] -= (lr * g) / Math.sqrt(g2[row + c] + 1e-8);
        }
      }
    }
  }
  return { weights: Float32Array.from(w), bias: Float32Array.from(b) };
}

/**
 * Complement naive Bayes (Rennie et al. 2003) with normalised weights, expressed as a linear model:
 * score_c = −Σ x_i · w_ci, so its weights are stored negated. Class weights scale the complement counts.
 */
export function trainComplementNB(
  xs: SparseVector[],
  y: number[],
  k: number,
  dim: number,
  cw: Float64Array,
  alpha: number,
): { weights: Float32Array; bias: Float32Array } {
  const perClass = new Float64Array(dim * k);
  const total = new Float64Array(dim);
  xs.forEach((x, i) => {
    for (let j = 0; j < x.indices.length; j++) {
      perClass[x.indices[j] * k + y[i]] += x.values[j] * cw[y[i]];
      total[x.indices[j]] += x.values[j] * cw[y[i]];
    }
  });
  const seen: number[] = [];
  for (let i = 0; i < dim; i++) if (total[i] > 0) seen.push(i);
  const weights = new Float32Array(dim * k);
  for (let c = 0; c < k; c++) {
    let denom = 0;
    for (const i of seen) denom += total[i] - perClass[i * k + c] + alpha;
    const logs = seen.map((i) => Math.log((total[i] - perClass[i * k + c] + alpha) / denom));
    const absSum = logs.reduce((s, v) => s + Math.abs(v), 0);
    // Normalised weights (Rennie's fix for skewed classes), rescaled so logits land in a usable softmax range.
    seen.forEach((i, n) => (weights[i * k + c] = (-logs[n] / absSum) * seen.length));
  }
  // Buckets no training text touched stay zero: they carry no evidence.
  return { weights, bias: new Float32Array(k) };
}

/** Subtracting a per-feature constant leaves the softmax unchanged and makes most rows near zero. */
function centreRows(w: Float32Array, k: number): void {
  for (let r = 0; r < w.length; r += k) {
    let mean = 0;
    for (let c = 0; c < k; c++) mean += w[r + c];
    mean /= k;
    for (let c = 0; c < k; c++) w[r + c] -= mean;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c] - max);
  for (let c = 0; c < z.length; c++) z[c] /= sum;
}

/** Small seeded PRNG so training is reproducible. */
export { mulberry32 };

export function shuffle<T>(a: T[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
