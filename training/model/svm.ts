import {
  createFeaturizer,
  type FeatureConfig,
  type Featurizer,
  type Segmenter,
} from '../../src/triage/model/features.ts';
import { fitIdf } from './idf.ts';
import type { SparseVector } from '../../src/triage/model/hashing.ts';
import { LinearModel } from '../../src/triage/model/linear-model.ts';
import { mulberry32, shuffle, type ClassWeight } from './train.ts';

/**
 * Linear SVM over TF-IDF features, as LIBLINEAR's `-s 1` (L2-regularised squared-hinge loss, solved in the dual by
 * coordinate descent, Hsieh et al. 2008), one-vs-rest, with a regularised bias feature (B = 1). Scores become
 * probabilities through a logit transform fitted on cross-validated margins: a temperature over the one-vs-rest
 * margins (softmax(m / T)), or Platt scaling (sigmoid(a·m + b)) for two labels. The result is an ordinary
 * LinearModel (same JSON format and inference), because both transforms are affine in the margins.
 *
 *   const fitted = trainLinearSvm({ texts, labels, features: { dim: 2 ** 19, charNgrams: [1, 2, 3] }, C: 0.3 });
 *   const model = calibrateSvm(fitted, fitTemperature(oofMargins, y));
 */
/** A TF-IDF + linear SVM design: its features, class weights, minimum document frequency and the values of C tried. */
export interface SvmDesign {
  features: FeatureConfig;
  classWeight: ClassWeight;
  minDf: number;
  grid: number[];
}

export interface SvmOptions {
  texts: string[];
  labels: string[];
  features: FeatureConfig;
  labelSet?: string[];
  segment?: Segmenter;
  /** Cost of the squared hinge loss; larger means weaker regularisation. */
  C: number;
  /** 'balanced' multiplies C per example by n / (k × n_class) of its one-vs-rest side's class. */
  classWeight?: ClassWeight;
  /** Per-row multiplier of C (e.g. in-domain rows weigh more); same length as `texts`. */
  sampleWeight?: ArrayLike<number>;
  /** Feature buckets seen in fewer training texts than this get idf 0 (dropped): smaller files, less noise. */
  minDf?: number;
  /** Stop when the projected-gradient spread falls below this (LIBLINEAR's default 0.1). */
  eps?: number;
  maxIter?: number;
  seed?: number;
  meta?: Record<string, unknown>;
}

/** An SVM before calibration: logits are raw margins (two labels: [0, m] with m the margin of labels[1]). */
export interface FittedSvm {
  model: LinearModel;
  featurize: Featurizer;
}

export type SvmCalibration = { kind: 'temperature'; temperature: number } | { kind: 'platt'; a: number; b: number };

/** Fits TF-IDF (sublinear tf, smooth idf, L2 per document) and one-vs-rest L2-loss SVMs. */
export function trainLinearSvm(o: SvmOptions): FittedSvm {
  if (o.texts.length !== o.labels.length) throw new Error('trainLinearSvm: texts and labels differ in length');
  const labelSet = o.labelSet ?? [...new Set(o.labels)].sort();
  const y = o.labels.map((l) => {
    const i = labelSet.indexOf(l);
    if (i < 0) throw new Error(`trainLinearSvm: label ${l} is not in the label set`);
    return i;
  });
  const idf = fitIdf(o.texts, o.features, o.segment);
  if ((o.minDf ?? 1) > 1) pruneRare(idf, o.texts.length, o.minDf!);
  const featurize = createFeaturizer(o.features, { idf, segment: o.segment });
  const xs = o.texts.map(featurize);
  const { weights, bias } = fitSvmVectors(xs, y, labelSet.length, o.features.dim, o);
  const model = new LinearModel(labelSet, o.features, weights, bias, {
    idf,
    segment: o.segment,
    featurize,
    meta: o.meta,
  });
  return { model, featurize };
}

/** idf = ln((1+N)/(1+df)) + 1, so df < minDf ⇔ idf > ln((1+N)/minDf) + 1. */
function pruneRare(idf: Float32Array, n: number, minDf: number): void {
  const limit = Math.log((1 + n) / minDf) + 1 + 1e-6;
  for (let i = 0; i < idf.length; i++) if (idf[i] > limit) idf[i] = 0;
}

/** One-vs-rest dual coordinate descent on feature vectors; weights row-major [dim × k]. */
export function fitSvmVectors(
  xs: SparseVector[],
  y: number[],
  k: number,
  dim: number,
  o: {
    C: number;
    classWeight?: ClassWeight;
    sampleWeight?: ArrayLike<number>;
    eps?: number;
    maxIter?: number;
    seed?: number;
    labelSet?: string[];
  },
): { weights: Float32Array; bias: Float32Array } {
  const weights = new Float32Array(dim * k);
  const bias = new Float32Array(k);
  const qd = Float64Array.from(xs, (x) => x.values.reduce((s, v) => s + v * v, 0) + 1);
  const classes = k === 2 ? [1] : [...Array(k).keys()];
  for (const c of classes) {
    const sign = Int8Array.from(y, (yi) => (yi === c ? 1 : -1));
    const cost = perExampleCost(sign, o.C, o.classWeight ?? 'none');
    if (o.sampleWeight) for (let i = 0; i < cost.length; i++) cost[i] *= o.sampleWeight[i];
    const { w, b } = dualCd(xs, sign, cost, qd, dim, o);
    for (let i = 0; i < dim; i++) if (w[i] !== 0) weights[i * k + c] = w[i];
    bias[c] = b;
  }
  return { weights, bias };
}

function perExampleCost(sign: Int8Array, C: number, cw: ClassWeight): Float64Array {
  if (cw !== 'balanced') return new Float64Array(sign.length).fill(C);
  const nPos = sign.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
  const nNeg = sign.length - nPos;
  return Float64Array.from(sign, (s) => (C * sign.length) / (2 * (s > 0 ? nPos : nNeg) || 1));
}

/** LIBLINEAR's solve_l2r_l1l2_svc for the squared hinge (upper bound ∞, diagonal 1/(2C_i)), without shrinking. */
function dualCd(
  xs: SparseVector[],
  sign: Int8Array,
  cost: Float64Array,
  qd: Float64Array,
  dim: number,
  o: { eps?: number; maxIter?: number; seed?: number },
): { w: Float64Array; b: number } {
  const n = xs.length;
  const w = new Float64Array(dim);
  let b = 0;
  const alpha = new Float64Array(n);
  const order = [...Array(n).keys()];
  const rand = mulberry32(o.seed ?? 1);
  const eps = o.eps ?? 0.1;
  for (let iter = 0; iter < (o.maxIter ?? 1000); iter++) {
    shuffle(order, rand);
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (const i of order) {
      const x = xs[i];
      const diag = 0.5 / cost[i];
      let wx = b;
      for (let j = 0; j < x.indices.length; j++) wx += w[x.indices[j]] * x.values[j];
      const g = sign[i] * wx - 1 + diag * alpha[i];
      const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
      pgMax = Math.max(pgMax, pg);
      pgMin = Math.min(pgMin, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const old = alpha[i];
      alpha[i] = Math.max(old - g / (qd[i] + diag), 0);
      const d = (alpha[i] - old) * sign[i];
      for (let j = 0; j < x.indices.length; j++) w[x.indices[j]] += d * x.values[j];
      b += d;
    }
    if (pgMax - pgMin < eps) break;
  }
  return { w, b };
}

/** Applies a fitted calibration to the margins, giving a LinearModel whose softmax is the calibrated probability. */
export function calibrateSvm(fitted: FittedSvm, cal: SvmCalibration, meta?: Record<string, unknown>): LinearModel {
  const m = fitted.model;
  const k = m.labels.length;
  const weights = Float32Array.from(m.weights);
  const bias = Float32Array.from(m.bias);
  if (cal.kind === 'temperature') {
    for (let i = 0; i < weights.length; i++) weights[i] /= cal.temperature;
    for (let c = 0; c < k; c++) bias[c] /= cal.temperature;
  } else {
    if (k !== 2) throw new Error('calibrateSvm: Platt scaling needs two labels');
    for (let i = 1; i < weights.length; i += 2) weights[i] *= cal.a;
    bias[1] = bias[1] * cal.a + cal.b;
  }
  const allMeta = {
    ...m.opts.meta,
    ...meta,
    svm: { ...(m.opts.meta?.svm as object | undefined), ...(meta?.svm as object | undefined), calibration: cal },
  };
  return new LinearModel(m.labels, m.features, weights, bias, {
    idf: m.opts.idf,
    segment: m.opts.segment,
    featurize: fitted.featurize,
    meta: allMeta,
  });
}

/** Temperature T minimising the log loss of softmax(margins / T) (golden-section search over log T). */
export function fitTemperature(margins: ArrayLike<number>[], y: number[]): number {
  const nll = (t: number) => {
    let s = 0;
    margins.forEach((m, i) => {
      let max = -Infinity;
      for (let c = 0; c < m.length; c++) max = Math.max(max, m[c] / t);
      let z = 0;
      for (let c = 0; c < m.length; c++) z += Math.exp(m[c] / t - max);
      s += max + Math.log(z) - m[y[i]] / t;
    });
    return s;
  };
  return Math.exp(goldenMin((lt) => nll(Math.exp(lt)), Math.log(0.01), Math.log(10)));
}

function goldenMin(f: (x: number) => number, lo: number, hi: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  for (let it = 0; it < 60; it++) {
    const c = b - r * (b - a);
    const d = a + r * (b - a);
    if (f(c) < f(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

/** Platt scaling with Platt's smoothed targets, by Newton's method on (a, b). */
export function fitPlatt(margins: number[], positive: boolean[]): { a: number; b: number } {
  const nPos = positive.filter(Boolean).length;
  const nNeg = positive.length - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const t = positive.map((p) => (p ? hi : lo));
  let a = 1;
  let b = 0;
  for (let it = 0; it < 100; it++) {
    let [ga, gb, haa, hab, hbb] = [0, 0, 1e-9, 0, 1e-9];
    margins.forEach((m, i) => {
      const p = 1 / (1 + Math.exp(-(a * m + b)));
      const d = p - t[i];
      const h = p * (1 - p);
      [ga, gb] = [ga + d * m, gb + d];
      [haa, hab, hbb] = [haa + h * m * m, hab + h * m, hbb + h];
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

/**
 * Out-of-fold raw margins for every C of `grid`: for each fold, idf and features are fitted on the other folds
 * only, then one SVM per C. Rows with fold < 0 are always training rows. Returns margins[gridIndex][row].
 */
export function svmOutOfFold(o: Omit<SvmOptions, 'C'> & { folds: number[]; grid: number[] }): Float64Array[][] {
  const labelSet = o.labelSet ?? [...new Set(o.labels)].sort();
  const out = o.grid.map(() => new Array<Float64Array>(o.texts.length));
  for (const f of [...new Set(o.folds)].filter((f) => f >= 0).sort()) {
    const tr = o.folds.flatMap((g, i) => (g !== f ? [i] : []));
    const te = o.folds.flatMap((g, i) => (g === f ? [i] : []));
    const texts = tr.map((i) => o.texts[i]);
    const idf = fitIdf(texts, o.features, o.segment);
    if ((o.minDf ?? 1) > 1) pruneRare(idf, texts.length, o.minDf!);
    const featurize = createFeaturizer(o.features, { idf, segment: o.segment });
    const xs = texts.map(featurize);
    const xt = te.map((i) => featurize(o.texts[i]));
    const y = tr.map((i) => labelSet.indexOf(o.labels[i]));
    o.grid.forEach((C, g) => {
      const sampleWeight = o.sampleWeight && tr.map((i) => o.sampleWeight![i]);
      const { weights, bias } = fitSvmVectors(xs, y, labelSet.length, o.features.dim, { ...o, sampleWeight, C });
      const m = new LinearModel(labelSet, o.features, weights, bias, { featurize });
      te.forEach((i, n) => (out[g][i] = m.logits(xt[n])));
    });
  }
  return out;
}
