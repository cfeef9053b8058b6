/**
 * Clause recommendation speed and memory. On the shipped corpus: index build time and recommend p50/p95;
 * on ../shared/lawrefbook (or BENCH_BIG_DIR): load + build time, query p50/p95 and heap after GC.
 *
 *   node --expose-gc --import tsx scripts/bench-clauses.ts [--skip-big]
 */
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../src/clauses/corpus.ts';
import { createRecommender } from '../src/clauses/recommend.ts';
import { createCaseIndex } from '../src/clauses/cases.ts';
import { loadLearned, LEARNED_FILE } from '../src/clauses/learn.ts';
import { routeFor } from '../src/clauses/route.ts';
import { mkdtempSync } from 'node:fs';
import type { Corpus } from '../src/clauses/types.ts';

/** Self-written petition texts (not bench rows). */
const QUERIES = [
  '公司拖欠我三个月工资，老板一直推脱不给',
  '小区物业乱收费，停车费一年涨了三次，业主意见很大',
  '我家房子被强拆了，没有给任何补偿，要求政府给个说法',
  '在工地上干活摔断了腿，老板不给申请工伤认定',
  '丈夫要离婚，孩子的抚养权应该归谁，房子怎么分',
  '楼下烧烤店油烟噪音扰民，投诉多次没人管',
  '交通事故对方全责但是保险公司拖着不赔',
  '网购买到假货，商家拒绝退款还拉黑我',
  '村干部优亲厚友，低保评定不公平',
  '孩子上学被学区调整挡在门外，要求入学',
];
const ROUNDS = 30;

const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return (process.memoryUsage().heapUsed / 1e6).toFixed(0);
};
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

function percentiles(rec: { recommend(t: string, o: { k: number }): unknown }, k: number) {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const q of QUERIES) {
      const t = performance.now();
      rec.recommend(q, { k });
      times.push(performance.now() - t);
    }
  times.sort((a, b) => a - b);
  const p = (x: number) => times[Math.min(times.length - 1, Math.floor(times.length * x))].toFixed(2);
  return `p50 ${p(0.5)} ms, p95 ${p(0.95)} ms over ${times.length} queries (k=${k})`;
}

function benchCorpus(name: string, load: () => Corpus, learnedPath?: string, tokenCache?: string) {
  let t = performance.now();
  const corpus = load();
  console.log(`${name}: load ${ms(t)} (${corpus.laws.length} laws, ${corpus.articles.length} articles)`);
  const learned = learnedPath && existsSync(learnedPath) ? loadLearned(learnedPath) : undefined;
  if (tokenCache) rmSync(tokenCache, { force: true });
  t = performance.now();
  let rec = createRecommender(corpus, { learned, tokenCache });
  console.log(`${name}: index build, cold (jieba init + tokenise + index) ${ms(t)}; heap after GC ${heapMb()} MB`);
  if (tokenCache) {
    t = performance.now();
    rec = createRecommender(corpus, { learned, tokenCache });
    console.log(`${name}: index build, token cache warm (${tokenCache}) ${ms(t)}`);
  }
  rec.recommend(QUERIES[0], { k: 10 }); // warm-up
  console.log(`${name}: recommend ${percentiles(rec, 10)}`);
}

const t0 = performance.now();
benchCorpus(
  'shipped corpus',
  () => loadCorpus(process.env.CORPUS_DIR ?? 'corpus'),
  `models/${LEARNED_FILE}`,
  join(tmpdir(), `clause-tokens-${process.pid}.json`),
);
console.log(`shipped corpus: total incl. cold and warm builds ${ms(t0)}`);
let t = performance.now();
const cases = createCaseIndex('corpus/cases');
console.log(`cases: index build ${ms(t)} (${cases.cases.length} cases)`);
t = performance.now();
for (let r = 0; r < ROUNDS; r++) for (const q of QUERIES) cases.similarCases(q, 3);
console.log(`cases: similarCases mean ${((performance.now() - t) / (ROUNDS * QUERIES.length)).toFixed(2)} ms`);
t = performance.now();
for (let r = 0; r < ROUNDS; r++) for (const q of QUERIES) routeFor(q);
console.log(`route: routeFor mean ${((performance.now() - t) / (ROUNDS * QUERIES.length)).toFixed(3)} ms`);

// Start-up of the clause index as the service builds it (analysis/resources.ts: corpus + clause index with a
// token cache file), cold then warm cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'clauses-bench-'));
for (const run of ['cold cache', 'warm cache']) {
  t = performance.now();
  const learnedPath = join('models', LEARNED_FILE);
  createRecommender(loadCorpus(process.env.CORPUS_DIR ?? 'corpus'), {
    learned: existsSync(learnedPath) ? loadLearned(learnedPath) : undefined,
    tokenCache: join(cacheDir, 'clause-tokens.json'),
  });
  console.log(`start-up clause index (${run}): ${ms(t)}`);
}
rmSync(cacheDir, { recursive: true, force: true });

const big = process.env.BENCH_BIG_DIR ?? '../shared/lawrefbook';
if (!process.argv.includes('--skip-big') && existsSync(big)) benchCorpus('lawrefbook', () => loadCorpus(big));
console.log(`rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
