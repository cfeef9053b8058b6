import { readFileSync, writeFileSync } from 'node:fs';
import { createSegmenter } from '../../text/segment.ts';
import { createFeaturizer, needsSegmenter, type FeatureConfig, type Featurizer, type Segmenter } from './features.ts';
import type { SparseVector } from './hashing.ts';
import type { DecodedModelJson } from './model-cache.ts';

export const LINEAR_MODEL_FORMAT = 'xinfang-linear/1';

/** A linear classifier over hashed features: logits = x·W + b, probabilities by softmax. */
export class LinearModel {
  readonly featurize: Featurizer;

  constructor(
    readonly labels: string[],
    readonly features: FeatureConfig,
    /** Row-major [dim × labels.length]. */
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    readonly opts: {
      idf?: Float32Array;
      segment?: Segmenter;
      featurize?: Featurizer;
      meta?: Record<string, unknown>;
    } = {},
  ) {
    if (weights.length !== features.dim * labels.length)
      throw new Error('LinearModel: weights do not match dim × labels');
    // A model with word n-grams gets the project's jieba segmenter unless the caller brings its own.
    const segment = opts.segment ?? (!opts.featurize && needsSegmenter(features) ? createSegmenter().cut : undefined);
    this.featurize = opts.featurize ?? createFeaturizer(features, { idf: opts.idf, segment });
  }

  /** Raw scores per label for an already featurized vector. */
  logits(x: SparseVector): Float64Array {
    const k = this.labels.length;
    const out = Float64Array.from(this.bias);
    for (let j = 0; j < x.indices.length; j++) {
      const row = x.indices[j] * k;
      const v = x.values[j];
      for (let c = 0; c < k; c++) out[c] += v * this.weights[row + c];
    }
    return out;
  }

  /** Probabilities in label order. */
  probaVector(x: SparseVector): Float64Array {
    return softmax(this.logits(x));
  }

  /** Probabilities per label for a text. */
  predictProba(text: string): Record<string, number> {
    const p = this.probaVector(this.featurize(text));
    return Object.fromEntries(this.labels.map((l, i) => [l, p[i]]));
  }

  /** The most probable label for a text. */
  predict(text: string): string {
    const p = this.probaVector(this.featurize(text));
    return this.labels[argmax(p)];
  }

  /** Serialisable form: int8-quantised weights, rows that are all zero are dropped. */
  toJSON(): LinearModelJson {
    return serialise(this);
  }

  /** Writes the model as JSON. */
  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.toJSON()));
  }
}

export interface LinearModelJson {
  format: typeof LINEAR_MODEL_FORMAT;
  labels: string[];
  features: FeatureConfig;
  bias: number[];
  /** Weight = int8 × scale. */
  scale: number;
  /** base64 Uint32 feature rows kept, ascending. */
  rows: string;
  /** base64 Int8 [rows × labels]. */
  weights: string;
  /** base64 Uint8 idf per bucket, idf = idfMin + q × idfStep. */
  idf?: { min: number; step: number; data: string };
  meta?: Record<string, unknown>;
}

function serialise(m: LinearModel): LinearModelJson {
  const k = m.labels.length;
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const rows: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < m.features.dim; i++) {
    const row = Array.from({ length: k }, (_, c) => Math.round(m.weights[i * k + c] / scale));
    if (row.some((v) => v !== 0)) {
      rows.push(i);
      q.push(...row);
    }
  }
  const json: LinearModelJson = {
    format: LINEAR_MODEL_FORMAT,
    labels: m.labels,
    features: m.features,
    bias: [...m.bias],
    scale,
    rows: Buffer.from(Uint32Array.from(rows).buffer).toString('base64'),
    weights: Buffer.from(Int8Array.from(q).buffer).toString('base64'),
    meta: m.opts.meta,
  };
  if (m.opts.idf) {
    const idf = m.opts.idf;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of idf) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const step = (hi - lo) / 255 || 1;
    const data = Uint8Array.from(idf, (v) => Math.round((v - lo) / step));
    json.idf = { min: lo, step, data: Buffer.from(data.buffer).toString('base64') };
  }
  return json;
}

/** Rebuilds a model from its JSON; pass `segment` when the model uses word n-grams. */
export function linearModelFromJson(
  json: LinearModelJson,
  opts: { segment?: Segmenter; featurize?: Featurizer } = {},
): LinearModel {
  if (json.format !== LINEAR_MODEL_FORMAT) throw new Error(`linear model: unknown format ${String(json.format)}`);
  // Weights already decoded by the start-up cache (model-cache.ts) are the ones decodeWeights made from this JSON.
  const { weights, idf } = (json as DecodedModelJson).decoded ?? decodeWeights(json);
  return new LinearModel(json.labels, json.features, weights, Float32Array.from(json.bias), {
    idf,
    meta: json.meta,
    ...opts,
  });
}

/** The dense weights (int8 × scale, rows absent from the file are zero) and idf of a model JSON. */
export function decodeWeights(json: LinearModelJson): { weights: Float32Array; idf?: Float32Array } {
  const k = json.labels.length;
  const rowBuf = Buffer.from(json.rows, 'base64');
  const rows = new Uint32Array(rowBuf.buffer.slice(rowBuf.byteOffset, rowBuf.byteOffset + rowBuf.byteLength));
  const q = new Int8Array(Buffer.from(json.weights, 'base64'));
  // Plain loops, no callback per entry: a 2^20-bucket model has millions of them.
  const weights = new Float32Array(json.features.dim * k);
  const scale = json.scale;
  for (let n = 0; n < rows.length; n++) {
    const at = rows[n] * k;
    for (let c = 0; c < k; c++) weights[at + c] = q[n * k + c] * scale;
  }
  let idf: Float32Array | undefined;
  if (json.idf) {
    const { min, step } = json.idf;
    const data = Buffer.from(json.idf.data, 'base64');
    idf = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) idf[i] = min + data[i] * step;
  }
  return { weights, idf };
}

/** Reads a model JSON file written by `save`. */
export function loadLinearModel(path: string, opts: { segment?: Segmenter; featurize?: Featurizer } = {}): LinearModel {
  return linearModelFromJson(JSON.parse(readFileSync(path, 'utf8')) as LinearModelJson, opts);
}

/**
 * One linear model equal to the log-linear ensemble Σ weight·log p_model: logits add up, and the
 * per-text log-normalisers cancel in the softmax. Members must share labels (in the same order).
 */
export function combineLinearModels(
  members: { weight: number; model: LinearModel }[],
  meta?: Record<string, unknown>,
): LinearModel {
  const labels = members[0].model.labels;
  const k = labels.length;
  if (members.some((m) => m.model.labels.join() !== labels.join()))
    throw new Error('combineLinearModels: members disagree on labels');
  const dim = members.reduce((s, m) => s + m.model.features.dim, 0);
  const weights = new Float32Array(dim * k);
  const bias = new Float32Array(k);
  const anyIdf = members.some((m) => m.model.opts.idf);
  const idf = anyIdf ? new Float32Array(dim).fill(1) : undefined;
  let offset = 0;
  for (const { weight, model } of members) {
    // The block featurizer scales each block's values by its weight, so the rows are copied as they are.
    weights.set(model.weights, offset * k);
    for (let c = 0; c < k; c++) bias[c] += model.bias[c] * weight;
    if (idf && model.opts.idf) idf.set(model.opts.idf, offset);
    offset += model.features.dim;
  }
  const features: FeatureConfig = {
    dim,
    charNgrams: [],
    blocks: members.map((m) => ({ weight: m.weight, features: m.model.features })),
  };
  return new LinearModel(labels, features, weights, bias, {
    idf,
    segment: members.find((m) => m.model.opts.segment)?.model.opts.segment,
    meta,
  });
}

export function softmax(z: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]);
  const out = new Float64Array(z.length);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += out[i] = Math.exp(z[i] - max);
  for (let i = 0; i < z.length; i++) out[i] /= sum;
  return out;
}

export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}
