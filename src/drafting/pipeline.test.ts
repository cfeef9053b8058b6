import { beforeAll, describe, expect, it } from 'vitest';
import { createMatterFirst, type MatterFirst } from '../clauses/matter-first.ts';
import { createTokenizer } from '../clauses/tokenize.ts';
import { routeFor } from '../clauses/route.ts';
import { createManualClock } from '../clock.ts';
import { createDrafter } from './drafter.ts';
import { missingElements } from './structure.ts';
import { emotionOf, PROMPTS_DIR, shippedCorpus, WAGE_PETITION } from './testing/inputs.ts';

// The drafter on the real recommender and router: what the service does for a wage petition.
describe('drafting on recommended articles and the procedural route', () => {
  const corpus = shippedCorpus();
  let recommender: MatterFirst;
  beforeAll(() => {
    recommender = createMatterFirst(corpus, { tokenizer: createTokenizer() });
  });
  const drafter = createDrafter({ corpus, promptsDir: PROMPTS_DIR, clock: createManualClock('2026-03-20T02:00:00Z') });
  const LABOUR = /劳动合同法|劳动法|农民工工资|劳动争议调解仲裁法|劳动保障监察条例|工资支付/;

  it('a wage petition gets labour-law articles with exact numbers and the 30-day review right', async () => {
    const clauses = recommender.recommend(WAGE_PETITION, { k: 5, title: '关于拖欠工资的投诉' }).clauses;
    expect(clauses.length).toBeGreaterThan(0);
    const route = routeFor(WAGE_PETITION, { category: '劳动和社会保障' });
    const input = { text: WAGE_PETITION, petitionerName: '张三', clauses, route, emotion: emotionOf('angry', 0.6) };

    const notice = await drafter.draft(input);
    expect(route.code).toBe('arbitration');
    expect(notice.kind).toBe('non_acceptance');
    expect(missingElements(notice.reply, 'non_acceptance')).toEqual([]);

    const fresh = await drafter.draft({ ...input, kind: 'opinion' });
    expect(missingElements(fresh.reply, 'opinion')).toEqual(['placeholder']);
    const opinion = await drafter.draft({ ...input, kind: 'opinion', findings: '该公司尚欠工资属实', outcome: '支持' });
    expect(missingElements(opinion.reply, 'opinion')).toEqual([]);
    expect(opinion.citations.filter((c) => !/信访/.test(c.law)).length).toBeLessThanOrEqual(3);
    const labour = opinion.citations.filter((c) => LABOUR.test(c.law));
    expect(labour.length).toBeGreaterThan(0);
    for (const c of opinion.citations) {
      const a = corpus.getArticle(c.law, c.article);
      expect(a).toBeDefined();
    }
    for (const c of labour) {
      const a = corpus.getArticle(c.law, c.article)!;
      expect(opinion.reply).toContain(`《${a.law}》${a.article}规定：“${a.text.replace(/\s+/g, '').slice(0, 30)}`);
    }
    expect(opinion.reply).toMatch(/自收到本意见书之日起30日内[^。]*请求复查（《信访工作条例》第三十五条）/);
  });
});
