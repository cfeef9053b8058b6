/**
 * Issue 16: the learners behind src/clauses/citation-model.json (training only; the service just scores).
 * Two logistic regressions fitted by full-batch gradient descent: the needs_statute classifier on char 1–2-grams
 * and the re-ranker on the candidate features of citation-model.ts.
 */
import type { CitationModel } from '../../src/clauses/citation-model.ts';

/** Char 1–2-gram logistic regression (binary presence, L2-normalised). */
export type NeedsModel = { bias: number; weights: Record<string, number> };

/** The letter's char 1- and 2-grams (whitespace removed). */
export function letterGrams(text: string): Set<string> {
  const s = text.replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) {
    out.add(s[i]);
    if (i + 1 < s.length) out.add(s.slice(i, i + 2));
  }
  return out;
}

/** Logit of P(the letter needs a substantive statute) by the char n-gram classifier. */
export function needsLogit(needs: NeedsModel, text: string): number {
  let sum = 0;
  let n = 0;
  for (const g of letterGrams(text)) {
    const w = needs.weights[g];
    if (w !== undefined) (sum += w), n++;
  }
  return needs.bias + (n ? sum / Math.sqrt(n) : 0);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Char n-gram logistic regression of the judges' needs_statute label (grams seen in ≥ minDf training letters). */
export function fitNeeds(
  docs: { grams: Set<string>; y: number }[],
  opts = { minDf: 3, l2: 0.01, iters: 200, lr: 2 },
): NeedsModel {
  const df = new Map<string, number>();
  for (const d of docs) for (const g of d.grams) df.set(g, (df.get(g) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [g, n] of df) if (n >= opts.minDf) vocab.set(g, vocab.size);
  const rows = docs.map((d) => {
    const idx = [...d.grams].map((g) => vocab.get(g)).filter((i): i is number => i !== undefined);
    return { idx, v: idx.length ? 1 / Math.sqrt(idx.length) : 0, y: d.y };
  });
  const w = new Float64Array(vocab.size);
  let b = Math.log((docs.filter((d) => d.y).length + 1) / (docs.filter((d) => !d.y).length + 1));
  const grad = new Float64Array(vocab.size);
  for (let it = 0; it < opts.iters; it++) {
    grad.fill(0);
    let gb = 0;
    for (const r of rows) {
      let z = b;
      for (const i of r.idx) z += w[i] * r.v;
      const e = sigmoid(z) - r.y;
      gb += e;
      for (const i of r.idx) grad[i] += e * r.v;
    }
    for (let i = 0; i < w.length; i++) w[i] -= opts.lr * (grad[i] / rows.length + opts.l2 * w[i]);
    b -= opts.lr * (gb / rows.length);
  }
  const weights: Record<string, number> = {};
  for (const [g, i] of vocab) if (Math.abs(w[i]) >= 1e-3) weights[g] = Number(w[i].toFixed(4));
  return { bias: Number(b.toFixed(4)), weights };
}

/** Each feature's mean and standard deviation over the rows (1 where a feature does not vary). */
function standardisation(rows: { x: number[] }[], d: number) {
  const mean = new Array(d).fill(0);
  const scale = new Array(d).fill(1);
  for (let j = 0; j < d; j++) {
    const m = rows.reduce((a, r) => a + r.x[j], 0) / Math.max(1, rows.length);
    const sd = Math.sqrt(rows.reduce((a, r) => a + (r.x[j] - m) ** 2, 0) / Math.max(1, rows.length));
    mean[j] = m;
    scale[j] = sd > 1e-9 ? sd : 1;
  }
  return { mean, scale };
}

/** Dense logistic regression over standardised features (the re-ranker); masked features are held at zero. */
export function fitReranker(
  rows: { x: number[]; y: number }[],
  names: readonly string[],
  opts: { l2: number; iters?: number; lr?: number; mask?: Set<string> },
): CitationModel['reranker'] {
  const d = names.length;
  const { mean, scale } = standardisation(rows, d);
  const live = names.map((n) => !opts.mask?.has(n));
  const xs = rows.map((r) => r.x.map((v, j) => (live[j] ? (v - mean[j]) / scale[j] : 0)));
  const w = new Array(d).fill(0);
  let b = 0;
  const lr = opts.lr ?? 0.5;
  for (let it = 0; it < (opts.iters ?? 400); it++) {
    const g = new Array(d).fill(0);
    let gb = 0;
    xs.forEach((x, k) => {
      let z = b;
      for (let j = 0; j < d; j++) z += w[j] * x[j];
      const e = sigmoid(z) - rows[k].y;
      gb += e;
      for (let j = 0; j < d; j++) g[j] += e * x[j];
    });
    for (let j = 0; j < d; j++) w[j] -= lr * (g[j] / xs.length + opts.l2 * w[j]);
    b -= lr * (gb / xs.length);
  }
  const r4 = (x: number) => Number(x.toFixed(4));
  return {
    features: [...names],
    mean: mean.map(r4),
    scale: scale.map(r4),
    weights: w.map((x, j) => (live[j] ? r4(x) : 0)),
    bias: r4(b),
  };
}

/**
 * Gradient-boosted regression trees on the re-ranker's features (logistic loss, Newton leaves, quantile bins):
 * the experiment of round 19, whether interactions between the features (affinity × evidence, source × rank)
 * separate correct articles better than the linear re-ranker. Training only; not shipped.
 */
export type TreeNode = { f: number; cut: number; l: number; r: number } | { leaf: number };
export type Boosted = { base: number; lr: number; trees: TreeNode[][] };

export function boostedLogit(m: Boosted, x: number[]): number {
  let z = m.base;
  for (const t of m.trees) {
    let n = t[0];
    while (!('leaf' in n)) n = t[x[n.f] <= n.cut ? n.l : n.r];
    z += m.lr * n.leaf;
  }
  return z;
}
export const boostedProbability = (m: Boosted, x: number[]) => sigmoid(boostedLogit(m, x));

export function fitBoosted(
  rows: { x: number[]; y: number }[],
  opts = { rounds: 150, depth: 3, lr: 0.1, minLeaf: 30, lambda: 1, bins: 32 },
): Boosted {
  const n = rows.length;
  const d = rows[0]?.x.length ?? 0;
  // Cut points per feature: distinct quantiles of the column.
  const cuts: number[][] = [];
  for (let j = 0; j < d; j++) {
    const col = rows.map((r) => r.x[j]).sort((a, b) => a - b);
    const cs = new Set<number>();
    for (let b = 1; b < opts.bins; b++) cs.add(col[Math.floor((b / opts.bins) * (n - 1))]);
    cuts.push([...cs].sort((a, b) => a - b));
  }
  const bin = new Uint8Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const c = cuts[j];
      let k = 0;
      while (k < c.length && rows[i].x[j] > c[k]) k++;
      bin[i * d + j] = k;
    }
  const pos = rows.reduce((s, r) => s + r.y, 0);
  const base = Math.log((pos + 1) / (n - pos + 1));
  const F = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: TreeNode[][] = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(F[i]);
      g[i] = p - rows[i].y;
      h[i] = Math.max(1e-6, p * (1 - p));
    }
    const tree: TreeNode[] = [];
    const grow = (idx: Uint32Array, depth: number): number => {
      let G = 0;
      let H = 0;
      for (const i of idx) (G += g[i]), (H += h[i]);
      const at = tree.length;
      tree.push({ leaf: -G / (H + opts.lambda) });
      if (depth >= opts.depth || idx.length < 2 * opts.minLeaf) return at;
      const parent = (G * G) / (H + opts.lambda);
      let best = { gain: 1e-9, f: -1, b: -1 };
      const hg = new Float64Array(opts.bins);
      const hh = new Float64Array(opts.bins);
      const hc = new Uint32Array(opts.bins);
      for (let j = 0; j < d; j++) {
        hg.fill(0), hh.fill(0), hc.fill(0);
        for (const i of idx) {
          const b = bin[i * d + j];
          (hg[b] += g[i]), (hh[b] += h[i]), hc[b]++;
        }
        let gl = 0;
        let hl = 0;
        let cl = 0;
        for (let b = 0; b < cuts[j].length; b++) {
          (gl += hg[b]), (hl += hh[b]), (cl += hc[b]);
          if (cl < opts.minLeaf || idx.length - cl < opts.minLeaf) continue;
          const gain = (gl * gl) / (hl + opts.lambda) + ((G - gl) * (G - gl)) / (H - hl + opts.lambda) - parent;
          if (gain > best.gain) best = { gain, f: j, b };
        }
      }
      if (best.f < 0) return at;
      const left = idx.filter((i) => bin[i * d + best.f] <= best.b);
      const right = idx.filter((i) => bin[i * d + best.f] > best.b);
      const l = grow(left, depth + 1);
      const r = grow(right, depth + 1);
      tree[at] = { f: best.f, cut: cuts[best.f][best.b], l, r };
      return at;
    };
    grow(
      Uint32Array.from({ length: n }, (_, i) => i),
      0,
    );
    for (let i = 0; i < n; i++) F[i] += opts.lr * boostedLogit({ base: 0, lr: 1, trees: [tree] }, rows[i].x);
    trees.push(tree);
  }
  return { base, lr: opts.lr, trees };
}

/**
 * Round 24 experiment: a conditional logit over each letter's candidates (a listwise re-ranker). The pointwise
 * re-ranker learns P(judged 2) for each candidate alone; this one learns which candidate of the letter is the judged-2
 * one, the choice the draft's first citation makes. Letters without a judged-2 candidate teach it nothing. Same
 * standardisation as fitReranker; the score is w·x (not a probability).
 */
export function fitListwise(
  groups: { x: number[]; y: number }[][],
  names: readonly string[],
  opts: { l2: number; iters?: number; lr?: number },
): CitationModel['reranker'] {
  const d = names.length;
  const { mean, scale } = standardisation(groups.flat(), d);
  const gs = groups
    .filter((g) => g.some((r) => r.y) && g.some((r) => !r.y))
    .map((g) => g.map((r) => ({ x: r.x.map((v, j) => (v - mean[j]) / scale[j]), y: r.y })));
  const w = new Array(d).fill(0);
  const lr = opts.lr ?? 0.5;
  for (let it = 0; it < (opts.iters ?? 300); it++) {
    const grad = new Array(d).fill(0);
    for (const g of gs) {
      const s = g.map((r) => r.x.reduce((a, v, j) => a + v * w[j], 0));
      const max = Math.max(...s);
      const e = s.map((v) => Math.exp(v - max));
      const z = e.reduce((a, b) => a + b, 0);
      const zp = e.reduce((a, v, k) => a + (g[k].y ? v : 0), 0);
      // −log Σ_pos P: gradient P(all) − P(pos | pos set).
      for (let k = 0; k < g.length; k++) {
        const c = e[k] / z - (g[k].y ? e[k] / zp : 0);
        for (let j = 0; j < d; j++) grad[j] += c * g[k].x[j];
      }
    }
    for (let j = 0; j < d; j++) w[j] -= lr * (grad[j] / Math.max(1, gs.length) + opts.l2 * w[j]);
  }
  const r4 = (x: number) => Number(x.toFixed(4));
  return { features: [...names], mean: mean.map(r4), scale: scale.map(r4), weights: w.map(r4), bias: 0 };
}
