/**
 * Calibration of the matter-first confidences on the DEV letters only (never blind): for every candidate the
 * recommender ranks (above and below the threshold), the judged rate of 2 by where it came from, how sure the
 * matter was and what the letter asks; and the judges' needs-statute rate by letter kind and matter.
 *   npx tsx scripts/judged/calibrate.ts
 */
import { readFileSync } from 'node:fs';
import { loadJudgements, itemKey } from '../../eval/metrics/judged.ts';
import { loadCorpus } from '../../src/clauses/index.ts';
import { createMatterFirst } from '../../src/clauses/matter-first.ts';
import { createTokenizer } from '../../src/clauses/tokenize.ts';
import { LETTERS_FILE, REPLIES } from './letters.ts';

const dev = (
  JSON.parse(readFileSync(LETTERS_FILE, 'utf8')) as { letters: { id: string; split: string }[] }
).letters.filter((l) => l.split === 'dev');
const want = new Set(dev.map((l) => l.id));
const rows = readFileSync(REPLIES, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .filter((r) => want.has(r.id));
const judged = loadJudgements(new URL('../../eval/judged/judgements', import.meta.url).pathname);
const mf = createMatterFirst(loadCorpus(new URL('../../corpus', import.meta.url).pathname), {
  tokenizer: createTokenizer(),
});

const bins = new Map<string, { n: number; two: number; zero: number; unjudged: number }>();
const add = (k: string, s: number | undefined) => {
  const b = bins.get(k) ?? { n: 0, two: 0, zero: 0, unjudged: 0 };
  bins.set(k, b);
  if (s === undefined) b.unjudged++;
  else {
    b.n++;
    if (s >= 1.5) b.two++;
    if (s < 0.5) b.zero++;
  }
};
const needs = new Map<string, { n: number; yes: number }>();
for (const r of rows) {
  const j = judged.get(r.id);
  if (!j) continue;
  const res = mf.recommend(r.text, { title: r.title });
  const nk = `${res.kind} | ${res.matter?.id ?? '-'}`;
  const e = needs.get(nk) ?? { n: 0, yes: 0 };
  e.n++;
  if (j.needsStatute) e.yes++;
  needs.set(nk, e);
  for (const c of res.ranked.slice(0, 5)) {
    const src = c.reason.includes('法规内检索') ? 'within' : c.confidence >= 0 ? 'key' : '?';
    const conf =
      c.confidence >= 0.7 ? '≥0.7' : c.confidence >= 0.5 ? '0.5-0.7' : c.confidence >= 0.3 ? '0.3-0.5' : '<0.3';
    const s = j.scores.get(itemKey(c.law, c.article));
    add(`conf ${conf}`, s);
    add(`src ${src} kind ${res.kind}`, s);
  }
}
const fmt = (b: { n: number; two: number; zero: number; unjudged: number }) =>
  `n=${b.n} P(2)=${b.n ? (b.two / b.n).toFixed(2) : '-'} P(0)=${b.n ? (b.zero / b.n).toFixed(2) : '-'} unjudged=${b.unjudged}`;
for (const [k, b] of [...bins].sort()) console.log(k.padEnd(36), fmt(b));
console.log('\nneeds_statute by kind | matter (dev):');
for (const [k, e] of [...needs].sort()) console.log(k.padEnd(40), `${e.yes}/${e.n}`);
