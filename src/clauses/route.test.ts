import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { ROUTES, routeFor } from './route.ts';

const corpus = loadCorpus(new URL('../../corpus/', import.meta.url).pathname);
const FIXTURES = readFileSync(new URL('../../fixtures/routes.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; text: string; title?: string; expect: { route: string } });

describe('routeFor', () => {
  it('covers every route code with at least four labelled fixtures', () => {
    for (const r of ROUTES) expect(FIXTURES.filter((f) => f.expect.route === r.code).length).toBeGreaterThanOrEqual(4);
    expect(FIXTURES.length).toBeGreaterThanOrEqual(40);
  });

  it('routes at least 90% of the labelled fixtures correctly', () => {
    const wrong = FIXTURES.filter((f) => routeFor(f.text).code !== f.expect.route).map((f) => f.id);
    expect(wrong.length / FIXTURES.length).toBeLessThanOrEqual(0.1);
  });

  it('sends unpaid wages to labour arbitration or labour inspection under Art. 31 (2)', () => {
    const r = routeFor('公司拖欠我三个月工资，老板一直推脱不给', { category: '劳动和社会保障' });
    expect(r.code).toBe('arbitration');
    expect(r.receiver).toMatch(/劳动人事争议仲裁委员会/);
    expect(r.receiver).toMatch(/劳动保障监察/);
    expect(r.basis).toBe('《信访工作条例》第三十一条第（二）项');
    expect(r.articles[0]).toMatchObject({ law: '信访工作条例', article: '第三十一条', number: 31 });
  });

  it.each([
    ['法院判决生效了对方不执行', 'litigation', '第二十二条'],
    ['举报村支书贪污扶贫款', 'accusation', '第三十条'],
    ['建议在小区门口增设公交站', 'suggestion', '第二十九条'],
    ['单位发的慰问金少了一半', 'investigation', '第三十二条'],
  ])('routes “%s” to %s with %s of 信访工作条例', (text, code, heading) => {
    const r = routeFor(text);
    expect(r.code).toBe(code);
    expect(r.articles.map((a) => a.article)).toContain(heading);
  });

  it('carries only articles that exist in the corpus, with their exact headings and titles', () => {
    for (const f of FIXTURES) {
      const r = routeFor(f.text);
      expect(r.articles.length).toBeGreaterThan(0);
      expect(r.articles[0].law).toBe('信访工作条例');
      for (const a of r.articles) {
        const found = corpus.getArticle(a.law, a.article);
        expect(found, `${a.law} ${a.article}`).toBeDefined();
        expect(found!.number).toBe(a.number);
        expect(corpus.findLaw(a.law)!.title).toBe(a.law);
      }
    }
  });
});
