import { describe, expect, it } from 'vitest';
import { routeFor } from '../clauses/index.ts';
import type { MatterFirstResult } from '../clauses/matter-first.ts';
import { createDrafter } from '../drafting/drafter.ts';
import type { DraftInput } from '../drafting/types.ts';
import { createTestApp } from '../testing/test-app.ts';
import { createTriage } from '../triage/triage.ts';
import { createAnalyzer } from './analyzer.ts';

// Issue 16: one story per petition, articles only with confidence, abstention with a reason.
describe('analysis: one story per petition', () => {
  it('wage arrears: labour category, 人社 department, a labour route and labour articles, each with a confidence', async () => {
    const t = await createTestApp();
    const a = t.deps.analyzer.analyze({
      title: '讨薪',
      text: '我们是建筑工地的农民工，施工单位拖欠我们十二个人半年的工资共八万元，多次讨要无果，请求政府督促支付。',
    });
    expect(a.matter?.id).toBe('wage-arrears');
    expect(a.category.label).toBe('劳动和社会保障');
    expect(a.department).toMatch(/人力资源和社会保障/);
    expect(a.category.department).toBe(a.department);
    expect(['arbitration', 'duty']).toContain(a.route.code);
    expect(a.abstained).toBe(false);
    expect(a.clauses.length).toBeGreaterThan(0);
    for (const c of a.clauses) {
      expect(c.law).toMatch(/劳动|工资/);
      expect(c.confidence).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('neighbour noise goes to the police or street office, not to environment alone, with noise-law articles', async () => {
    const t = await createTestApp();
    const a = t.deps.analyzer.analyze({
      title: '楼下夜宵店噪音扰民',
      text: '楼下夜宵店每天营业到凌晨两点，吵闹声很大，居民无法入睡，报警后仍然如此，请求处理。',
      similarK: 3,
    });
    expect(a.matter?.id).toBe('noise');
    expect(a.department).toMatch(/公安派出所/);
    expect(a.clauses.every((c) => /噪声/.test(c.law))).toBe(true);
    expect(a.similar_cases).toEqual([]);
  });

  it.each([
    ['a bus schedule suggestion', '希望增加公交班次', '建议把12路公交车的末班车时间延长到晚上十点，方便下晚班的市民。'],
    ['a question about a transit card', '咨询公交卡办理', '请问老年人公交卡在哪里办理，需要带什么材料？'],
  ])('abstains with a reason on %s and the draft cites no substantive article', async (_name, title, text) => {
    const t = await createTestApp();
    const a = t.deps.analyzer.analyze({ title, text });
    expect(a.abstained).toBe(true);
    expect(a.abstain_reason).toBeTruthy();
    expect(a.clauses).toEqual([]);
    const d = await t.deps.analyzer.draft({ title, text });
    expect(d.citations.filter((c) => !/信访/.test(c.law))).toEqual([]);
  });

  it('a suggestion is answered under Art. 29 and a report about an official under Art. 30', async () => {
    const t = await createTestApp();
    const s = await t.deps.analyzer.draft({
      title: '建议在新区建一个图书馆',
      text: '新区至今没有图书馆，建议先在文化中心借一间房开办读书室，方便市民借阅。',
    });
    expect(s.kind).toBe('suggestion_reply');
    expect(s.citations).toContainEqual({ law: '信访工作条例', article: '第二十九条' });
    const r = await t.deps.analyzer.draft({
      title: '举报村干部贪污',
      text: '我村村干部贪污挪用修路资金二十万元，请求纪委调查。',
    });
    expect(r.analysis.route.code).toBe('accusation');
    expect(r.citations).toContainEqual({ law: '信访工作条例', article: '第三十条' });
    expect(r.citations.filter((c) => !/信访/.test(c.law))).toEqual([]);
  });
});

// Issue 16, round 11: the citation model's sources reach beyond the recognised matter (candidate-sources.ts), so the
// draft follows its decision rather than the matter's needsStatute flag alone.
describe('analysis: the citation decision beyond the matter', () => {
  async function withResult(r: MatterFirstResult) {
    const t = await createTestApp();
    const res = t.deps.resources;
    const drafter = createDrafter({
      corpus: res.corpus,
      promptsDir: new URL('../../prompts/', import.meta.url).pathname,
      clock: t.deps.clock,
    });
    return createAnalyzer({
      triage: createTriage(res.triage.parts),
      recommender: res.recommender,
      routeFor,
      drafter,
      corpus: res.corpus,
      matterFirst: { ...res.matterFirst, recommend: () => r },
    });
  }
  const title = '楼下饭店油烟噪声';
  const text = '楼下饭店每天凌晨还在营业，噪声很大，居民无法入睡，请求处理。';

  it('a letter of no recognised matter cites the article the model decided on', async () => {
    const t = await createTestApp();
    const a = t.deps.resources.corpus.getArticle('噪声污染防治法', '第六十一条')!;
    const c = { ...a, score: 0.99, confidence: 0.99, reason: ['评判条文检索'] };
    const an = await withResult({ kind: 'complaint', clauses: [c], ranked: [c], abstained: false });
    expect(an.analyze({ title, text }).needs_statute).toBe(true);
    const d = await an.draft({ title, text });
    expect(d.citations).toContainEqual({ law: a.law, article: '第六十一条' });
  });

  it('without an article above the threshold, a letter of no statute matter still cites none', async () => {
    const an = await withResult({ kind: 'complaint', clauses: [], ranked: [], abstained: true, reason: '未识别' });
    const a = an.analyze({ title, text });
    expect(a.needs_statute).toBe(false);
    expect(a.abstained).toBe(true);
    const d = await an.draft({ title, text });
    expect(d.citations.filter((x) => !/信访/.test(x.law))).toEqual([]);
  });
});

const PROMPTS = new URL('../../prompts/', import.meta.url).pathname;

// Issue 16, round 14: with a model configured the drafter chooses among candidates the analyzer gathers.
describe('analysis: the candidates a configured model chooses from', () => {
  async function seen(text: string, title?: string) {
    const t = await createTestApp();
    const res = t.deps.resources;
    const inputs: DraftInput[] = [];
    // The real drafter, wrapped to keep what the analyzer hands it (a drafter with a model says it selects).
    const real = createDrafter({ corpus: res.corpus, promptsDir: PROMPTS, clock: t.deps.clock });
    const drafter = { selects: true, draft: (i: DraftInput) => (inputs.push(i), real.draft(i)) };
    const analyzer = createAnalyzer({
      triage: createTriage(res.triage.parts),
      recommender: res.recommender,
      routeFor,
      drafter,
      corpus: res.corpus,
    });
    await analyzer.draft({ text, title });
    return inputs[0].candidates;
  }

  it('matter-first ranking first, then the general recommender, without repeats, at most 12', async () => {
    const c = (await seen('施工单位拖欠我们十二个人半年的工资共八万元，多次讨要无果，请求政府督促支付。', '讨薪'))!;
    expect(c.length).toBeGreaterThan(0);
    expect(c.length).toBeLessThanOrEqual(12);
    expect(new Set(c.map((x) => `${x.law}|${x.article}`)).size).toBe(c.length);
    expect(c[0].law).toMatch(/劳动|工资/);
  });

  it('gives a thanks letter none', async () => {
    expect(await seen('感谢社区网格员帮我们解决了楼道灯的问题，特此致谢。', '感谢信')).toBeUndefined();
  });
});
