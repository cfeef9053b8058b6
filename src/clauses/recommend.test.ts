import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { createRecommender } from './recommend.ts';
import { routeFor } from './route.ts';
import { loadLearned, LEARNED_FILE } from './learn.ts';

const corpus = loadCorpus(new URL('../../corpus/', import.meta.url).pathname);
const learned = loadLearned(new URL(`../../models/${LEARNED_FILE}`, import.meta.url).pathname);
const recommender = createRecommender(corpus, { learned });
/** Labour statutes: 劳动法, 劳动合同法, 保障农民工工资支付条例, 工资支付暂行规定, 劳动保障监察条例, 劳动争议调解仲裁法. */
const LABOUR = new Set([
  'laodong-fa',
  'laodong-hetong-fa',
  'baozhang-nongmingong-gongzi-zhifu-tiaoli',
  'gongzi-zhifu-zanxing-guiding',
  'laodong-baozhang-jiancha-tiaoli',
  'laodong-zhengyi-tiaojie-zhongcai-fa',
]);

describe('recommend', () => {
  it('answers an unpaid-wage petition with labour-law articles and the arbitration route under 信访工作条例 Art. 31', () => {
    const text = '我在建筑工地打工，包工头拖欠我们三个月工资一直不给，老板也找不到人。';
    const hits = recommender.recommend(text, { k: 5, category: '劳动和社会保障' });
    expect(hits).toHaveLength(5);
    expect(hits.filter((h) => LABOUR.has(h.lawId)).length).toBeGreaterThanOrEqual(3);
    expect(LABOUR.has(hits[0].lawId)).toBe(true);
    const route = routeFor(text, { category: '劳动和社会保障' });
    expect(route.code).toBe('arbitration');
    expect(route.articles[0]).toMatchObject({ law: '信访工作条例', article: '第三十一条' });
    expect(corpus.getArticle('信访工作条例', 31)!.text).toContain('应当通过仲裁解决的');
  });

  it.each([
    ['小区物业乱收费，停车费一年涨了三次', ['wuye-guanli-tiaoli', 'minfadian']],
    ['我家房子被强拆了，没有给任何补偿', ['guoyou-tudi-fangwu-zhengshou-buchang-tiaoli', 'tudi-guanli-fa']],
    ['在工地上干活摔断了腿，老板不给申请工伤', ['gongshang-baoxian-tiaoli', 'shehui-baoxian-fa']],
    ['丈夫要离婚，孩子的抚养权归谁', ['minfadian']],
    ['订婚后女方悔婚，彩礼能要回来吗', ['minfadian']],
  ])('maps colloquial “%s” to the governing statutes', (text, laws) => {
    const hits = recommender.recommend(text, { k: 5 });
    expect(laws).toContain(hits[0].lawId);
  });

  it('returns only articles that exist in the corpus, with their exact text, and says why', () => {
    for (const text of [
      '公司拖欠工资',
      '邻居噪音扰民',
      '交通事故对方逃逸',
      '网购买到假货商家不退款',
      '村干部贪污低保款',
    ]) {
      for (const h of recommender.recommend(text, { k: 10 })) {
        const a = corpus.getArticle(h.lawId, h.article)!;
        expect(a).toBeDefined();
        expect(h.text).toBe(a.text);
        expect(h.law).toBe(a.law);
        expect(h.number).toBe(a.number);
        expect(h.reason.length).toBeGreaterThan(0);
      }
    }
  });

  it('ranks by descending score and honours k', () => {
    const hits = recommender.recommend('拖欠农民工工资', { k: 7 });
    expect(hits).toHaveLength(7);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
  });

  it('leaves out articles that only single characters support (送养 for 不送上楼)', () => {
    const hits = recommender.recommend('气死我了，快递总是放在门口不送上楼，投诉也没人理。', { k: 5 });
    expect(hits.every((h) => h.reason.length > 0)).toBe(true);
    expect(hits.some((h) => h.text.includes('送养'))).toBe(false);
  });

  it('returns nothing for text without any known term', () => {
    expect(recommender.recommend('！！！？？？', { k: 5 })).toEqual([]);
  });

  it('works without learned associations (no bench-derived data)', () => {
    const bare = createRecommender(corpus);
    const hits = bare.recommend('公司拖欠我的工资', { k: 5 });
    expect(LABOUR.has(hits[0].lawId)).toBe(true);
  });
});
