import { describe, expect, it } from 'vitest';
import { routeFor } from '../clauses/index.ts';
import { testConfig } from '../config.ts';
import { loadResources } from './resources.ts';

// The service's one wiring path for the clauses capability (createDeps → loadResources → createAnalyzer).
describe('loadResources', () => {
  it('wires the corpus, the clause recommender and the case index, shared by apps with the same folders', async () => {
    const config = testConfig();
    const r = await loadResources(config);
    const text = '公司拖欠我两个月工资';
    expect(r.recommender.recommend(text, { k: 5 }).length).toBeGreaterThan(0);
    expect(r.caseIndex.similar('加班费', 1)).toHaveLength(1);
    expect(routeFor(text).code).toBe('arbitration');
    expect(r.corpus.getArticle('信访工作条例', 31)!.article).toBe('第三十一条');
    expect(await loadResources(testConfig())).toBe(r);
  });
});
