/**
 * Issue 16, round 26: word vectors that do not need downloaded weights. Every earlier ranking design
 * read the letter as a bag of jieba tokens, so a letter and the article that governs it meet only where they share a
 * word. Count-based distributional vectors (PPMI over a ±5 token window, then a randomised SVD) learned from the
 * 1,500 instruments of ../shared/lawrefbook and the judged letters' own text (no labels) place 欠薪 near 工资 and
 * 拖欠 near 支付, so a letter can be compared with a law or an article it shares no word with.
 * The method is training/model/word-vectors.ts (issue 15's, for the emotion and risk models); this script chooses the
 * texts, adds each word's idf and writes the shipped format. Training only; the service reads the vectors as shipped
 * (src/clauses/word-vectors.ts).
 *   npx tsx scripts/judged/embed.ts --extra a.json,b.json --out /tmp/emb   (writes emb.json + emb.bin)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTokenizer } from '../../src/clauses/tokenize.ts';
import type { WordVectors } from '../../src/clauses/word-vectors.ts';
import { trainWordVectors } from '../../training/model/word-vectors.ts';
import { readLetters } from './letters.ts';

/** The vectors in the form the service reads (src/clauses/word-vectors.ts). */
export type Embeddings = WordVectors;

/**
 * Unit word vectors (training/model/word-vectors.ts: PPMI over a ±5 token window, randomised SVD, rows U·S^½) with the
 * idf of each word over the same texts (a letter's vector weights its words by it).
 */
export function trainEmbeddings(docs: string[][], dim = 200): Embeddings {
  const { words, vectors } = trainWordVectors(docs, { dims: dim, window: 5, minCount: 5 });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = Float32Array.from(words, (w) => Math.log((docs.length + 1) / ((df.get(w) ?? 0) + 1)) + 1);
  return { words: new Map(words.map((w, k) => [w, k])), dim, vec: vectors, idf };
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
