/**
 * Learns aggregated question-term associations for clause recommendation from the LawBench 3-8 open split
 * and writes models/clause-associations.json. Only (term, article) and (term, law) pairs seen in at least
 * MIN_COUNT different questions, and articles cited at least MIN_COUNT times, are kept: no row is stored.
 *
 *   npx tsx training/train-clauses.ts [bench.jsonl] [out.json]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadCorpus } from '../src/clauses/corpus.ts';
import { readBench } from '../eval/clauses-lawbench.ts';
import { LEARNED_FILE } from '../src/clauses/learn.ts';
import { learnAssociations } from './clauses-learn.ts';
import { createTokenizer } from '../src/clauses/tokenize.ts';
import { defaultKnowledge } from '../src/clauses/knowledge.ts';

const MIN_COUNT = 2;
const bench = process.argv[2] ?? '../shared/bench/clauses/lawbench-3-8-open.jsonl';
const out = process.argv[3] ?? `models/${LEARNED_FILE}`;
const corpus = loadCorpus(process.env.CORPUS_DIR ?? 'corpus');
const rows = readBench(bench, (p) => readFileSync(p, 'utf8'));
const learned = learnAssociations(rows, corpus, createTokenizer(defaultKnowledge().dictionaryWords()), MIN_COUNT);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(learned));
const pairs = Object.values(learned.articleTerms).reduce((s, m) => s + Object.keys(m).length, 0);
console.log(
  `${out}: ${learned.questions} training questions, ${Object.keys(learned.articleTerms).length} articles with ${pairs} term pairs, ${Object.keys(learned.lawTerms).length} laws, ${Object.keys(learned.articlePrior).length} article priors (min count ${MIN_COUNT})`,
);
