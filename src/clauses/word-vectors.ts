import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Issue 16, round 26: distributional word vectors, so that the citation model can compare a letter with a statute it
 * shares no word with (欠薪 and 劳动报酬, 吵 and 噪声). They are count-based (PPMI over a ±5 token window, then a
 * randomised SVD) and learned here, without downloaded weights, from the instruments of ../shared/lawrefbook and the
 * training letters' text (scripts/judged/embed.ts). Shipped as word-vectors.json (words, idf) and word-vectors.bin
 * (int8, `scale` per unit); this file only reads them.
 */
export type WordVectors = { words: Map<string, number>; dim: number; vec: Float32Array; idf: Float32Array };

const HeaderSchema = z.object({
  dim: z.number().int().positive(),
  scale: z.number().positive(),
  words: z.array(z.string()),
  idf: z.array(z.number()),
});
export const WORD_VECTORS_BASE = new URL('./word-vectors', import.meta.url).pathname;

/** Reads `<base>.json` and `<base>.bin`; the int8 values times `scale` are the vectors. */
export function loadWordVectors(base = WORD_VECTORS_BASE): WordVectors {
  const h = HeaderSchema.parse(JSON.parse(readFileSync(`${base}.json`, 'utf8')));
  const bin = readFileSync(`${base}.bin`);
  if (bin.length !== h.words.length * h.dim)
    throw new Error(`${base}.bin 长度 ${bin.length} 与词表 ${h.words.length} × ${h.dim} 不符`);
  const q = new Int8Array(bin.buffer, bin.byteOffset, bin.length);
  // A plain loop: Float32Array.from with a map function takes most of a second on 5 million values.
  const vec = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) vec[i] = q[i] * h.scale;
  return { words: new Map(h.words.map((w, i) => [w, i])), dim: h.dim, vec, idf: Float32Array.from(h.idf) };
}

/** A letter's unit vector: its tokens' word vectors weighted by (1 + log tf) × idf; zero when no token is known. */
export function letterVector(wv: WordVectors, tokens: Map<string, number>): Float32Array {
  const out = new Float32Array(wv.dim);
  for (const [t, n] of tokens) {
    const i = wv.words.get(t);
    if (i === undefined) continue;
    const w = (1 + Math.log(n)) * wv.idf[i];
    for (let c = 0; c < wv.dim; c++) out[c] += w * wv.vec[i * wv.dim + c];
  }
  let ss = 0;
  for (const x of out) ss += x * x;
  const norm = Math.sqrt(ss) || 1;
  for (let c = 0; c < wv.dim; c++) out[c] /= norm;
  return out;
}

let shipped: WordVectors | undefined;
/** The shipped vectors, read once per process. */
export function defaultWordVectors(): WordVectors {
  shipped ??= loadWordVectors();
  return shipped;
}
