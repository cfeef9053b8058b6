/** Clause recommendation (法条推送), the procedural route of 信访工作条例, and similar cases. */
export { loadCorpus, buildCorpus, normaliseTitle, type LoadOptions } from './corpus.ts';
export {
  createRecommender,
  DEFAULT_WEIGHTS,
  type Recommender,
  type RecommenderOptions,
  type RecommendOptions,
  type Weights,
} from './recommend.ts';
export { routeFor, ROUTES, type RouteOptions, type RouteResult } from './route.ts';
export { createCaseIndex, type CaseIndex, type CaseDoc } from './cases.ts';
export { loadLearned, LEARNED_FILE, type Learned } from './learn.ts';
export { createKnowledge, defaultKnowledge, loadKnowledge, type Knowledge } from './knowledge.ts';
export { chineseToInt, intToChinese } from './numerals.ts';
export type { Article, ClauseHit, Corpus, Law, Route, SimilarCase } from './types.ts';

import type { Article, Corpus } from './types.ts';

/** One article by law (id, or title with or without 中华人民共和国 / 《》) and number or heading (第X条, 第X条之Y). */
export function getArticle(corpus: Corpus, law: string, numberOrHeading: number | string): Article | undefined {
  return corpus.getArticle(law, numberOrHeading);
}
