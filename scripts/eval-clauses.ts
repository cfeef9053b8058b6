/**
 * Clause recommendation on LawBench 3-8 (../shared/bench/clauses/lawbench-3-8-open.jsonl, the open split).
 * Scored: citations whose statute is in the corpus (titles with or without 中华人民共和国); a citation with
 * article null would count as hit by any article of that law (the open split has none). hit@k = a cited
 * article in the top k; MRR@10; coverage = questions with at least one in-corpus citation.
 *
 * The learned associations (training/train-clauses.ts) are scored only by 5-fold cross-validation (row i in
 * fold i mod 5, trained on the other four). A second, independent check: citations (《title》第X条) that
 * government replies in ../shared/bench/replies/teddy-fj4-open.jsonl make, against the message text.
 *
 *   npx tsx scripts/eval-clauses.ts [bench.jsonl] [replies.jsonl]
 */
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../src/clauses/corpus.ts';
import {
  crossValidate,
  extractCitations,
  readBench,
  score,
  type BenchRow,
  type Metrics,
} from '../eval/clauses-lawbench.ts';
import { existsSync } from 'node:fs';
import { createKnowledge, defaultKnowledge } from '../src/clauses/knowledge.ts';
import { learnAssociations } from '../training/clauses-learn.ts';
import { createRecommender } from '../src/clauses/recommend.ts';
import { createTokenizer } from '../src/clauses/tokenize.ts';

const FOLDS = 5;
const K = 10;
const bench = process.argv[2] ?? '../shared/bench/clauses/lawbench-3-8-open.jsonl';
const corpus = loadCorpus(process.env.CORPUS_DIR ?? 'corpus');
const rows = readBench(bench, (p) => readFileSync(p, 'utf8'));
const tokenize = createTokenizer(defaultKnowledge().dictionaryWords());
const empty = createKnowledge({ categories: {}, topics: [] });

const line = (name: string, m: Metrics) =>
  console.log(
    `${name.padEnd(44)} hit@1 ${m.hit1.toFixed(3)}  hit@5 ${m.hit5.toFixed(3)}  hit@10 ${m.hit10.toFixed(3)}  MRR@10 ${m.mrr10.toFixed(3)}  (scored ${m.scored}/${m.questions}, coverage ${m.coverage.toFixed(3)})`,
  );

console.log(
  `bench ${bench}: ${rows.length} questions; corpus ${corpus.laws.length} laws, ${corpus.articles.length} articles`,
);
const plain = createRecommender(corpus, {
  tokenizer: tokenize,
  knowledge: empty,
  weights: { title: 0, chapter: 0, lawScore: 0, lawPrior: 0, anchor: 0 },
});
line(
  'plain BM25 (jieba, no fields/priors)',
  score(rows, corpus, (r) => plain.recommend(r.question, { k: K })),
);
const fields = createRecommender(corpus, {
  tokenizer: tokenize,
  knowledge: empty,
  weights: { lawPrior: 0, anchor: 0 },
});
line(
  '+ title/chapter fields, law-level score',
  score(rows, corpus, (r) => fields.recommend(r.question, { k: K })),
);
const shipped = createRecommender(corpus, { tokenizer: tokenize });
line(
  '+ term map, law priors, anchors (no enrichment)',
  score(rows, corpus, (r) => shipped.recommend(r.question, { k: K })),
);
const cv = crossValidate(rows, corpus, FOLDS, (train) => {
  const rec = createRecommender(corpus, {
    tokenizer: tokenize,
    learned: learnAssociations(train, corpus, tokenize, 2),
  });
  return (r) => rec.recommend(r.question, { k: K });
});
line(`+ learned associations, ${FOLDS}-fold CV`, cv);
for (const [name, weights] of [
  ['  CV, citation prior only', { enrich: 0 }],
  ['  CV, term enrichment only', { popularity: 0 }],
] as const) {
  const m = crossValidate(rows, corpus, FOLDS, (train) => {
    const rec = createRecommender(corpus, {
      tokenizer: tokenize,
      weights,
      learned: learnAssociations(train, corpus, tokenize, 2),
    });
    return (r) => rec.recommend(r.question, { k: K });
  });
  line(name, m);
}

const repliesPath = process.argv[3] ?? '../shared/bench/replies/teddy-fj4-open.jsonl';
if (existsSync(repliesPath)) {
  const replies = readFileSync(repliesPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; title: string; text: string; reply: string })
    .map((r): BenchRow => ({ id: r.id, question: `${r.title}。${r.text}`, cited: extractCitations(r.reply) }))
    .filter((r) => r.cited.length);
  console.log(`\nreplies ${repliesPath}: ${replies.length} replies cite 《…》第X条 (independent check, small)`);
  line(
    'plain BM25',
    score(replies, corpus, (r) => plain.recommend(r.question, { k: K })),
  );
  line(
    'shipped, no enrichment',
    score(replies, corpus, (r) => shipped.recommend(r.question, { k: K })),
  );
  const learned = learnAssociations(rows, corpus, tokenize, 2);
  const full = createRecommender(corpus, { tokenizer: tokenize, learned });
  line(
    'shipped + learned (trained on all LawBench open)',
    score(replies, corpus, (r) => full.recommend(r.question, { k: K })),
  );
}
