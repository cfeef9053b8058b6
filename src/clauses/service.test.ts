import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClauses } from './service.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'clauses-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('createClauses', () => {
  it('wires corpus, recommender, cases and routes, and writes a token cache that a second start-up reuses', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const opts = { corpusDir: join(root, 'corpus'), modelsDir: join(root, 'models'), cacheDir };
    const first = createClauses(opts);
    expect(existsSync(join(cacheDir, 'clause-tokens.json'))).toBe(true);
    const second = createClauses(opts);
    const text = '公司拖欠我两个月工资';
    expect(second.recommender.recommend(text, { k: 5 })).toEqual(first.recommender.recommend(text, { k: 5 }));
    expect(first.cases!.similar('加班费', 1)).toHaveLength(1);
    expect(first.routeFor(text).code).toBe('arbitration');
    expect(first.getArticle('信访工作条例', 31)!.article).toBe('第三十一条');
  });
});
