import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Article, Corpus } from './types.ts';
import { loadCorpus } from './corpus.ts';
import { createRecommender, type Recommender } from './recommend.ts';
import { routeFor } from './route.ts';
import { createCaseIndex, type CaseIndex } from './cases.ts';
import { loadLearned, LEARNED_FILE } from './learn.ts';
import { defaultKnowledge } from './knowledge.ts';
import { createTokenizer } from './tokenize.ts';

export interface ClausesOptions {
  /** CORPUS_DIR: the shipped corpus/ or any LawRefBook folder. */
  corpusDir: string;
  /** MODELS_DIR: clause-associations.json is used when present. */
  modelsDir?: string;
  /** Where to cache article tokens between start-ups (e.g. ./data/cache); none when absent. */
  cacheDir?: string;
  includeRepealed?: boolean;
}

export interface Clauses {
  corpus: Corpus;
  recommender: Recommender;
  routeFor: typeof routeFor;
  /** Undefined when the corpus folder has no cases/manifest.json (e.g. LawRefBook). */
  cases?: CaseIndex;
  getArticle(law: string, numberOrHeading: number | string): Article | undefined;
}

/** Loads the corpus and builds the clause index, the case index and the route lookup (one jieba shared). */
export function createClauses(opts: ClausesOptions): Clauses {
  const corpus = loadCorpus(opts.corpusDir, { includeRepealed: opts.includeRepealed });
  const knowledge = defaultKnowledge();
  const tokenizer = createTokenizer(knowledge.dictionaryWords());
  const learnedPath = opts.modelsDir ? join(opts.modelsDir, LEARNED_FILE) : undefined;
  const recommender = createRecommender(corpus, {
    tokenizer,
    knowledge,
    learned: learnedPath && existsSync(learnedPath) ? loadLearned(learnedPath) : undefined,
    tokenCache: opts.cacheDir ? join(opts.cacheDir, 'clause-tokens.json') : undefined,
  });
  const casesDir = join(opts.corpusDir, 'cases');
  const cases = existsSync(join(casesDir, 'manifest.json'))
    ? lazyCaseIndex(() => createCaseIndex(casesDir, { tokenizer }))
    : undefined;
  return { corpus, recommender, routeFor, cases, getArticle: corpus.getArticle };
}

/** Builds the case index on first use, keeping it off the start-up path (~0.3 s of jieba). */
function lazyCaseIndex(build: () => CaseIndex): CaseIndex {
  let index: CaseIndex | undefined;
  const get = () => (index ??= build());
  return {
    get cases() {
      return get().cases;
    },
    similarCases: (text, k) => get().similarCases(text, k),
    similar: (text, k) => get().similar(text, k),
  };
}
