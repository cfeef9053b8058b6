/**
 * Issue 16, round 24 (experiment): can a discriminative text classifier pick the governing article (or law) better
 * than the centroid profiles? A softmax regression over the letter's TF-IDF jieba tokens, classes = articles judged 2
 * in ≥ minPos training letters, plus NONE (no statute) and OTHER (a statute outside the classes). Cross-validated by
 * writer (real letters are their own group). Aggregates only; no letter text is printed.
 *   npx tsx scripts/judged/textclf.ts --extra a.json,b.json [--level article|law] [--dense <embed.ts output> [--sparse false]]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadJudgements } from '../../eval/metrics/judged.ts';
import { lawOfKey } from '../../src/clauses/affinity.ts';
import { createTokenizer } from '../../src/clauses/tokenize.ts';
import { letterVector, loadWordVectors } from '../../src/clauses/word-vectors.ts';
import { termCounts } from './affinity.ts';
import { fitSoftmax, softmaxScores, type TextDoc } from './softmax.ts';
import { readLetters } from './letters.ts';

const { values } = parseArgs({
  options: {
    extra: { type: 'string' },
    level: { type: 'string', default: 'article' },
    minPos: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '12' },
    l2: { type: 'string', default: '1e-4' },
    lr: { type: 'string', default: '0.5' },
    dense: { type: 'string' },
    /** --sparse false: the word-vector only, without the tokens' weights (what ships). */
    sparse: { type: 'string', default: 'true' },
  },
});
const SETS = ['letters.json', 'letters-fresh.json', 'letters-fresh-2.json', ...(values.extra?.split(',') ?? [])];
const ids: string[] = [];
for (const f of SETS) {
  const file = new URL(`../../eval/judged/${f}`, import.meta.url).pathname;
  for (const l of (JSON.parse(readFileSync(file, 'utf8')) as { letters: { id: string }[] }).letters) ids.push(l.id);
}
const rows = readLetters(ids);
const judged = loadJudgements(new URL('../../eval/judged/judgements', import.meta.url).pathname);
const tokenizer = createTokenizer();
const text = (id: string) => {
  const r = rows.get(id)!;
  return r.title ? `${r.title}。${r.text}` : r.text;
};
const level = values.level === 'law' ? (k: string) => lawOfKey(k) : (k: string) => k;
const cited = (id: string) =>
  new Set([...(judged.get(id)?.scores ?? [])].filter(([k, s]) => s >= 1.5 && !k.startsWith('信访')).map(([k]) => k));
const needs = (id: string) => Boolean(judged.get(id)?.needsStatute);
const docs = new Map<string, TextDoc>(
  ids.map((id) => [id, { tokens: termCounts(tokenizer(text(id))), labels: new Set([...cited(id)].map(level)) }]),
);
// Round 26: the letter's word-vector (embed.ts output, read as the service reads it) as extra features.
if (values.dense) {
  const e = loadWordVectors(values.dense);
  for (const d of docs.values()) d.dense = letterVector(e, d.tokens);
}
const hash = (s: string) => parseInt(createHash('sha1').update(s).digest('hex').slice(0, 8), 16);
const group = (id: string) => /^(w\d+)-/.exec(id)?.[1] ?? id;
const fold = (id: string) => hash(`${group(id)}|cv`) % 5;

let statute = 0;
let top1 = 0;
let top3 = 0;
let inClasses = 0;
const t0 = Date.now();
for (let f = 0; f < 5; f++) {
  const train = ids.filter((id) => fold(id) !== f).map((id) => docs.get(id)!);
  const model = fitSoftmax(train, {
    minPos: Number(values.minPos),
    epochs: Number(values.epochs),
    l2: Number(values.l2),
    lr: Number(values.lr),
    sparse: values.sparse !== 'false',
  });
  for (const id of ids.filter((x) => fold(x) === f)) {
    if (!needs(id)) continue;
    const two = docs.get(id)!.labels;
    statute++;
    if ([...two].some((k) => model.classes.includes(k))) inClasses++;
    const ranked = softmaxScores(model, docs.get(id)!.tokens, docs.get(id)!.dense)
      .filter((c) => !c.label.startsWith('∅'))
      .slice(0, 3);
    if (ranked[0] && two.has(ranked[0].label)) top1++;
    if (ranked.some((c) => two.has(c.label))) top3++;
  }
}
console.log(
  `${values.level}: ${ids.length} letters, statute ${statute}: a class among the correct ${inClasses}; top-1 ${top1} (${(top1 / statute).toFixed(3)}), top-3 ${top3} (${(top3 / statute).toFixed(3)}); ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
