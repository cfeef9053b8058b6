import { mulberry32 } from './train.ts';

/**
 * Word vectors from unlabelled text, trained here rather than downloaded (no pretrained weights may be fetched):
 * co-occurrence counts within a window (weighted 1/distance), positive PMI with context smoothing 0.75
 * (Levy, Goldberg and Dagan 2015), then a rank-`dims` truncated SVD by randomised range finding (Halko et al.
 * 2011) with two power iterations. Rows are U·S^½, L2-normalised. Deterministic for a given corpus and seed.
 */
export interface WordVectorOptions {
  dims: number;
  /** Words on either side that count as context. */
  window: number;
  /** Words seen fewer times are left out of the vocabulary. */
  minCount: number;
  seed?: number;
}

/** Vocabulary (most frequent first) and unit row vectors [words × dims] for tokenised documents. */
export function trainWordVectors(docs: string[][], o: WordVectorOptions): { words: string[]; vectors: Float32Array } {
  const freq = new Map<string, number>();
  for (const d of docs) for (const w of d) freq.set(w, (freq.get(w) ?? 0) + 1);
  const words = [...freq.entries()]
    .filter(([, c]) => c >= o.minCount)
    .sort((a, b) => b[1] - a[1])
    .map(([w]) => w);
  const vocab = new Map(words.map((w, i) => [w, i]));
  const V = words.length;
  const co = new Map<number, number>();
  for (const d of docs) {
    const ids = d.map((w) => vocab.get(w) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] < 0) continue;
      for (let j = Math.max(0, i - o.window); j <= Math.min(ids.length - 1, i + o.window); j++) {
        if (j === i || ids[j] < 0) continue;
        const key = ids[i] * V + ids[j];
        co.set(key, (co.get(key) ?? 0) + 1 / Math.abs(i - j));
      }
    }
  }
  const row = new Float64Array(V);
  const col = new Float64Array(V);
  let total = 0;
  for (const [k, v] of co) {
    row[Math.floor(k / V)] += v;
    col[k % V] += v;
    total += v;
  }
  const colS = Float64Array.from(col, (c) => c ** 0.75);
  const colSum = colS.reduce((a, b) => a + b, 0);
  const ri: number[] = [];
  const ci: number[] = [];
  const vv: number[] = [];
  for (const [k, v] of co) {
    const i = Math.floor(k / V);
    const j = k % V;
    const pmi = Math.log(v / total / ((row[i] / total) * (colS[j] / colSum)));
    if (pmi > 0) [ri.push(i), ci.push(j), vv.push(pmi)];
  }
  const vectors = randomizedSvd(
    V,
    Int32Array.from(ri),
    Int32Array.from(ci),
    Float64Array.from(vv),
    o.dims,
    o.seed ?? 3,
  );
  return { words, vectors };
}

/** U_k·S^½ of the sparse symmetric-ish V×V matrix, by randomized range finding with 2 power iterations; rows normalised. */
function randomizedSvd(
  V: number,
  ri: Int32Array,
  ci: Int32Array,
  vv: Float64Array,
  k: number,
  seed: number,
): Float32Array {
  const p = k + 10;
  const rand = mulberry32(seed);
  const mul = (X: Float64Array, transpose: boolean): Float64Array => {
    // (M or Mᵀ) · X, X is [V × p] row-major
    const Y = new Float64Array(V * p);
    for (let n = 0; n < vv.length; n++) {
      const [a, b] = transpose ? [ci[n], ri[n]] : [ri[n], ci[n]];
      const v = vv[n];
      for (let c = 0; c < p; c++) Y[a * p + c] += v * X[b * p + c];
    }
    return Y;
  };
  const orth = (Y: Float64Array): Float64Array => {
    for (let c = 0; c < p; c++) {
      for (let d = 0; d < c; d++) {
        let dot = 0;
        for (let i = 0; i < V; i++) dot += Y[i * p + c] * Y[i * p + d];
        for (let i = 0; i < V; i++) Y[i * p + c] -= dot * Y[i * p + d];
      }
      let nrm = 0;
      for (let i = 0; i < V; i++) nrm += Y[i * p + c] ** 2;
      nrm = Math.sqrt(nrm) || 1;
      for (let i = 0; i < V; i++) Y[i * p + c] /= nrm;
    }
    return Y;
  };
  let Q: Float64Array = new Float64Array(V * p);
  for (let i = 0; i < Q.length; i++) Q[i] = rand() * 2 - 1;
  Q = orth(mul(Q, false));
  for (let it = 0; it < 2; it++) Q = orth(mul(orth(mul(Q, true)), false));
  // B = Qᵀ M  (p × V); C = B Bᵀ (p × p); Bᵀ = Mᵀ Q
  const Bt = mul(Q, true); // [V × p]
  const C = new Float64Array(p * p);
  for (let i = 0; i < V; i++)
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) C[a * p + b] += Bt[i * p + a] * Bt[i * p + b];
  const { values, vectors } = jacobiEigen(C, p);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]).slice(0, k);
  const out = new Float32Array(V * k);
  // U = Q · Ub ; scale by S^½ = λ^¼
  order.forEach((e, d) => {
    const s = Math.max(values[e], 0) ** 0.25;
    for (let i = 0; i < V; i++) {
      let u = 0;
      for (let a = 0; a < p; a++) u += Q[i * p + a] * vectors[a * p + e];
      out[i * k + d] = u * s;
    }
  });
  for (let i = 0; i < V; i++) {
    let n = 0;
    for (let d = 0; d < k; d++) n += out[i * k + d] ** 2;
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < k; d++) out[i * k + d] /= n;
  }
  return out;
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
function jacobiEigen(A0: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const A = Float64Array.from(A0);
  const Vm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Vm[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i * n + j] ** 2;
    if (off < 1e-18) break;
    for (let pI = 0; pI < n; pI++)
      for (let q = pI + 1; q < n; q++) {
        const apq = A[pI * n + q];
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (A[q * n + q] - A[pI * n + pI]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + pI];
          const akq = A[k * n + q];
          A[k * n + pI] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[pI * n + k];
          const aqk = A[q * n + k];
          A[pI * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = Vm[k * n + pI];
          const vkq = Vm[k * n + q];
          Vm[k * n + pI] = c * vkp - s * vkq;
          Vm[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: Array.from({ length: n }, (_, i) => A[i * n + i]), vectors: Vm };
}
