/**
 * Issue 16, round 26 (experiment): word vectors that do not need downloaded weights. Every earlier ranking design
 * read the letter as a bag of jieba tokens, so a letter and the article that governs it meet only where they share a
 * word. Count-based distributional vectors (PPMI over a ±5 token window, then a randomised SVD) learned from the
 * 1,500 instruments of ../shared/lawrefbook and the judged letters' own text (no labels) place 欠薪 near 工资 and
 * 拖欠 near 支付, so a letter can be compared with a law or an article it shares no word with.
 * Training only; the service reads the vectors as shipped (src/clauses/word-vectors.ts).
 * The same method is in training/model/word-vectors.ts (issue 15, the emotion and risk models), written before this
 * and not noticed in time: that one counts every context word in one Map, this one caps the context at the 8,000 most
 * frequent words in a dense array. Each copy made a shipped artefact (that one's are pinned by models/manifest.json,
 * these vectors by the citation model fitted on them and measured on blind-9), so neither can switch without
 * refitting and measuring again; the next refit of the citation model should use the other's trainer and delete this
 * copy.
 *   npx tsx scripts/judged/embed.ts --extra a.json,b.json --out /tmp/emb   (writes emb.json + emb.bin)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTokenizer } from '../../src/clauses/tokenize.ts';
import type { WordVectors } from '../../src/clauses/word-vectors.ts';
import { readLetters } from './letters.ts';

/** idf: per word, over the texts the vectors were learned from (a letter's vector weights its words by it). */
export type Embeddings = WordVectors;

/** Symmetric eigen-decomposition by cyclic Jacobi: a (n×n, row-major, overwritten) → values and vectors (columns). */
export function jacobiEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

type Csr = { rows: number; cols: number; ptr: Int32Array; idx: Int32Array; val: Float32Array };

/** y (rows×l) = A x (cols×l), both row-major. */
function mul(a: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.rows * l);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.ptr[i]; p < a.ptr[i + 1]; p++) {
      const j = a.idx[p];
      const w = a.val[p];
      for (let c = 0; c < l; c++) y[i * l + c] += w * x[j * l + c];
    }
  }
  return y;
}

/** y (cols×l) = Aᵀ x (rows×l). */
function mulT(a: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.cols * l);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.ptr[i]; p < a.ptr[i + 1]; p++) {
      const j = a.idx[p];
      const w = a.val[p];
      for (let c = 0; c < l; c++) y[j * l + c] += w * x[i * l + c];
    }
  }
  return y;
}

/** Gram matrix yᵀy (l×l) of a row-major m×l matrix. */
function gram(y: Float64Array, m: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  for (let i = 0; i < m; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) {
      const ya = y[o + a];
      if (ya === 0) continue;
      for (let b = a; b < l; b++) g[a * l + b] += ya * y[o + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
  return g;
}

/** y · m (m: l×k row-major) → rows×k. */
function rightMul(y: Float64Array, rows: number, l: number, m: Float64Array, k: number): Float64Array {
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++)
    for (let a = 0; a < l; a++) {
      const ya = y[i * l + a];
      if (ya === 0) continue;
      for (let b = 0; b < k; b++) out[i * k + b] += ya * m[a * k + b];
    }
  return out;
}

/** An orthonormal basis of y's columns through its Gram matrix (eigen route; small directions dropped). */
function orth(y: Float64Array, m: number, l: number): Float64Array {
  const { values, vectors } = jacobiEigen(gram(y, m, l), l);
  const max = Math.max(...values);
  const t = new Float64Array(l * l);
  for (let b = 0; b < l; b++) {
    const s = values[b] > max * 1e-12 ? 1 / Math.sqrt(values[b]) : 0;
    for (let a = 0; a < l; a++) t[a * l + b] = vectors[a * l + b] * s;
  }
  return rightMul(y, m, l, t, l);
}

function gaussian(seed: number) {
  let s = seed >>> 0 || 1;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s + 0.5) / 2 ** 32);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Rank-k left singular vectors and values of A (randomised, Halko et al. 2011, with q power iterations). */
export function randomSvd(a: Csr, k: number, q = 2, seed = 7): { u: Float64Array; s: Float64Array; k: number } {
  const l = k + 16;
  const g = gaussian(seed);
  const omega = Float64Array.from({ length: a.cols * l }, g);
  let y = orth(mul(a, omega, l), a.rows, l);
  for (let it = 0; it < q; it++) y = orth(mul(a, orth(mulT(a, y, l), a.cols, l), l), a.rows, l);
  // B = Qᵀ A; its left singular vectors come from B Bᵀ = (Aᵀ Q)ᵀ (Aᵀ Q).
  const z = mulT(a, y, l);
  const { values, vectors } = jacobiEigen(gram(z, a.cols, l), l);
  const order = [...values.keys()].sort((i, j) => values[j] - values[i]).slice(0, k);
  const pick = new Float64Array(l * k);
  for (let a2 = 0; a2 < l; a2++) for (let b = 0; b < k; b++) pick[a2 * k + b] = vectors[a2 * l + order[b]];
  return {
    u: rightMul(y, a.rows, l, pick, k),
    s: Float64Array.from(order, (i) => Math.sqrt(Math.max(0, values[i]))),
    k,
  };
}

/** PPMI (context distribution smoothed, α = 0.75) of windowed co-occurrence, rows = words, columns = context words. */
export function ppmi(
  docs: string[][],
  opts: { words: number; contexts: number; window: number; minCount: number },
): { words: string[]; m: Csr } {
  const freq = new Map<string, number>();
  for (const d of docs) for (const t of d) freq.set(t, (freq.get(t) ?? 0) + 1);
  const byFreq = [...freq].filter(([, n]) => n >= opts.minCount).sort((a, b) => b[1] - a[1]);
  const words = byFreq.slice(0, opts.words).map(([w]) => w);
  const wix = new Map(words.map((w, i) => [w, i]));
  const C = Math.min(opts.contexts, words.length);
  const counts = new Float32Array(words.length * C);
  for (const d of docs) {
    const ix = d.map((t) => wix.get(t) ?? -1);
    for (let i = 0; i < ix.length; i++) {
      if (ix[i] < 0) continue;
      for (let j = Math.max(0, i - opts.window); j <= Math.min(ix.length - 1, i + opts.window); j++) {
        if (j === i || ix[j] < 0 || ix[j] >= C) continue;
        counts[ix[i] * C + ix[j]] += 1 / Math.abs(i - j);
      }
    }
  }
  const rowSum = new Float64Array(words.length);
  const colSum = new Float64Array(C);
  let total = 0;
  for (let i = 0; i < words.length; i++)
    for (let j = 0; j < C; j++) {
      const x = counts[i * C + j];
      rowSum[i] += x;
      colSum[j] += x;
      total += x;
    }
  let colAlpha = 0;
  for (let j = 0; j < C; j++) colAlpha += colSum[j] ** 0.75;
  const ptr = new Int32Array(words.length + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = 0; j < C; j++) {
      const x = counts[i * C + j];
      if (x <= 0) continue;
      const pmi = Math.log(x / total / ((rowSum[i] / total) * (colSum[j] ** 0.75 / colAlpha)));
      if (pmi > 0) {
        idx.push(j);
        val.push(pmi);
      }
    }
    ptr[i + 1] = idx.length;
  }
  return { words, m: { rows: words.length, cols: C, ptr, idx: Int32Array.from(idx), val: Float32Array.from(val) } };
}

/** Unit word vectors U·S^½ of the PPMI matrix. */
export function trainEmbeddings(docs: string[][], dim = 200): Embeddings {
  const { words, m } = ppmi(docs, { words: 40000, contexts: 8000, window: 5, minCount: 5 });
  const { u, s } = randomSvd(m, dim);
  const vec = new Float32Array(words.length * dim);
  for (let i = 0; i < words.length; i++) {
    let ss = 0;
    for (let c = 0; c < dim; c++) ss += (u[i * dim + c] * Math.sqrt(s[c])) ** 2;
    const n = Math.sqrt(ss) || 1;
    for (let c = 0; c < dim; c++) vec[i * dim + c] = (u[i * dim + c] * Math.sqrt(s[c])) / n;
  }
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = Float32Array.from(words, (w) => Math.log((docs.length + 1) / ((df.get(w) ?? 0) + 1)) + 1);
  return { words: new Map(words.map((w, i) => [w, i])), dim, vec, idf };
}

/** Writes the shipped format (src/clauses/word-vectors.ts): int8 values of the unit vectors, one scale for all. */
export function saveEmbeddings(e: Embeddings, base: string) {
  let max = 0;
  for (const x of e.vec) max = Math.max(max, Math.abs(x));
  const scale = max / 127;
  const q = Int8Array.from(e.vec, (x) => Math.round(x / scale));
  const header = { dim: e.dim, scale, words: [...e.words.keys()], idf: [...e.idf].map((x) => Number(x.toFixed(4))) };
  writeFileSync(`${base}.json`, `${JSON.stringify(header)}\n`);
  writeFileSync(`${base}.bin`, Buffer.from(q.buffer));
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? markdownFiles(p) : p.endsWith('.md') && !f.startsWith('_') ? [p] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      extra: { type: 'string' },
      out: { type: 'string', default: '/tmp/emb' },
      dim: { type: 'string', default: '200' },
      'no-letters': { type: 'boolean' },
      'exclude-fold': { type: 'string' },
    },
  });
  const tokenizer = createTokenizer();
  const t0 = Date.now();
  const docs: string[][] = [];
  const lawDir = new URL('../../../shared/lawrefbook', import.meta.url).pathname;
  for (const f of markdownFiles(lawDir)) {
    const body = readFileSync(f, 'utf8').split('<!-- INFO END -->').pop() ?? '';
    for (const para of body.split(/\n+/)) if (para.trim()) docs.push(tokenizer(para));
  }
  const lawDocs = docs.length;
  const sets = ['letters.json', 'letters-fresh.json', 'letters-fresh-2.json', ...(values.extra?.split(',') ?? [])];
  const ids = sets.flatMap((f) =>
    (
      JSON.parse(readFileSync(new URL(`../../eval/judged/${f}`, import.meta.url).pathname, 'utf8')) as {
        letters: { id: string }[];
      }
    ).letters.map((l) => l.id),
  );
  // --exclude-fold f: leave out the letters of learned.ts's outer fold f (CV_BY=writer, seed 0, 5 folds), so that
  // cross-validated figures never see a test letter's text, even unlabelled.
  const hash = (s: string) => parseInt(createHash('sha1').update(s).digest('hex').slice(0, 8), 16);
  const out = values['exclude-fold'] === undefined ? -1 : Number(values['exclude-fold']);
  const kept = ids.filter((id) => out < 0 || hash(`${/^(w\d+)-/.exec(id)?.[1] ?? id}|cv`) % 5 !== out);
  if (!values['no-letters'])
    for (const r of readLetters(kept).values()) docs.push(tokenizer(r.title ? `${r.title}。${r.text}` : r.text));
  console.log(
    `${lawDocs} statute paragraphs, ${docs.length - lawDocs} letters, tokenised in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  const e = trainEmbeddings(docs, Number(values.dim));
  saveEmbeddings(e, values.out!);
  console.log(
    `${e.words.size} words × ${e.dim} in ${((Date.now() - t0) / 1000).toFixed(0)} s → ${values.out}.json/.bin`,
  );
}
