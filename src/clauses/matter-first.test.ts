import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { createMatterFirst, DRAFT_THRESHOLD, letterKind, MAX_DRAFT_ARTICLES, THRESHOLD } from './matter-first.ts';
import { defaultEvidence, evidenceConfidence, learnEvidence } from './matter-evidence.ts';
import { defaultMatters } from './matters.ts';
import { createTokenizer } from './tokenize.ts';

const CORPUS = new URL('../../corpus', import.meta.url).pathname;

describe('matters.json', () => {
  const corpus = loadCorpus(CORPUS);
  it('every key article exists in the shipped corpus and every cue compiles', () => {
    for (const m of defaultMatters().list) {
      for (const c of m.cues) expect(() => new RegExp(c)).not.toThrow();
      for (const a of m.articles) {
        const [law, article] = a.ref.split(':');
        expect(corpus.getArticle(law, article), `${m.id} ${a.ref}`).toBeDefined();
        if (a.when) expect(() => new RegExp(a.when!)).not.toThrow();
      }
      for (const s of m.statutes) expect(corpus.findLaw(s), `${m.id} ${s}`).toBeDefined();
    }
  });
});

describe('matter-first recommender', () => {
  const mf = createMatterFirst(loadCorpus(CORPUS), { tokenizer: createTokenizer() });

  // `best`: the key articles the citation model may put first, as [law, article].
  it.each([
    {
      title: '夜宵店噪音扰民',
      text: '楼下夜宵店天天营业到凌晨，吵闹声很大，居民无法休息。',
      matter: 'noise',
      best: [['噪声污染防治法', '第六十一条']],
    },
    {
      title: '开发商延期交房',
      text: '开发商合同约定去年交房，至今推迟一年多，业主要求按合同承担违约责任。',
      matter: 'housing-developer',
      best: [['民法典', '第五百七十七条']],
    },
    // A primary school is compulsory education: 义务教育法 第五十六条 (学校违反国家规定收取费用) is the specific article,
    // 教育法 第七十八条 the general one; both are the matter's key articles and the citation model puts either first.
    {
      title: '学校乱收费',
      text: '某小学向每个学生收取资料费二百元，请求教育局查处。',
      matter: 'school-fees',
      best: [
        ['教育法', '第七十八条'],
        ['义务教育法', '第五十六条'],
      ],
    },
    {
      title: '学校寒假补课',
      text: '学校利用寒假时间组织学生补课，提前半个月开学，学生没有休息时间。',
      matter: 'school-fees',
      best: [['未成年人保护法', '第三十三条']],
    },
  ])('$title → matter $matter, best candidate one of $best', ({ title, text, matter, best }) => {
    // Whether the best candidate clears the threshold is the learned citation model's call (citation-model.json).
    const r = mf.recommend(text, { title });
    expect(r.matter?.id).toBe(matter);
    const first = r.ranked[0];
    expect(best.some(([law, article]) => first.law.endsWith(law) && first.article === article)).toBe(true);
    expect(r.abstained).toBe(r.clauses.length === 0);
    for (const c of r.clauses) expect(c.confidence).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('recommends the noise article for a plain noise complaint', () => {
    const r = mf.recommend('楼下夜宵店天天营业到凌晨，吵闹声很大，居民无法休息。', { title: '夜宵店噪音扰民' });
    expect(r.clauses[0]?.article).toBe('第六十一条');
  });

  it('a complaint is about the statute matter it names, not the place where it happened; a suggestion keeps the place', () => {
    const text = '公园湖边有一个排污口，生活污水直接排入湖中，湖里全是垃圾。';
    expect(mf.recommend(text, { title: '投诉公园管理处向湖里排污' }).matter?.id).toBe('pollution');
    expect(mf.recommend('希望在公园里多设几个垃圾桶，方便游客。', { title: '建议公园增设垃圾桶' }).matter?.id).toBe(
      'public-service',
    );
  });

  it('never cites compulsory-education articles for a kindergarten', () => {
    const r = mf.recommend('孩子今年4岁，想报名离家近的幼儿园，招生说不收，请问入学政策是什么？', {
      title: '幼儿园入学',
    });
    expect(r.ranked.map((c) => `${c.law}${c.article}`)).not.toContain('中华人民共和国义务教育法第十二条');
  });

  it.each([
    ['修路', '我们村的水泥路修了一半就停了，希望尽快硬化剩下的两公里。'],
    ['反映列车停靠', '希望争取更多旅客列车在本站停靠办理客运业务。'],
  ])('abstains with a reason: %s', (title, text) => {
    const r = mf.recommend(text, { title });
    expect(r.abstained).toBe(true);
    expect(r.clauses).toEqual([]);
    expect(r.reason).toBeTruthy();
  });

  it.each([
    ['建议在梅溪湖开办图书馆', '梅溪湖没有图书馆。', 'suggestion'],
    ['咨询医保', '请问离职后可以自己交职工医保吗？', 'question'],
    ['举报村干部', '村干部侵占集体资金。', 'report'],
    ['投诉物业', '物业擅自停水，要求赔偿损失。', 'complaint'],
  ])('reads the letter kind: %s → %s', (title, text, kind) => {
    expect(letterKind(text, title)).toBe(kind);
  });
});

describe('shipped judged evidence (src/clauses/matter-evidence.json)', () => {
  const corpus = loadCorpus(CORPUS);
  const ev = defaultEvidence();
  it('exists, names only articles of the corpus and agrees with the draft threshold and count', () => {
    expect(ev).toBeDefined();
    expect(ev!.draftThreshold).toBe(DRAFT_THRESHOLD);
    expect(ev!.maxDraft).toBe(MAX_DRAFT_ARTICLES);
    for (const g of Object.values(ev!.groups)) {
      for (const key of Object.keys(g.cited)) {
        const [law, article] = key.split('#');
        expect(corpus.getArticle(law, article), key).toBeDefined();
      }
    }
  });

  it('a confidence shrinks towards the prior where a matter has few letters, and towards 0 for an article never proposed nor judged', () => {
    const small = learnEvidence(
      [
        {
          matter: 'noise',
          kind: 'complaint',
          proposed: ['噪声污染防治法#第六十一条'],
          cited: ['噪声污染防治法#第六十一条'],
        },
      ],
      { shrink: 4, draftThreshold: 0.6, maxDraft: 1 },
    );
    expect(evidenceConfidence(small, 'noise', 'complaint', '噪声污染防治法#第六十一条', 0.5, true)).toBeGreaterThan(
      0.5,
    );
    expect(evidenceConfidence(small, 'noise', 'complaint', '民法典#第一条', 0, false)).toBe(0);
    expect(evidenceConfidence(small, 'noise', 'thanks', '噪声污染防治法#第六十一条', 0.9, true)).toBe(0);
  });

  it('the pooled calibration turns a hand-set prior into the judged rate of its bin (other matters count too)', () => {
    // Ten questions whose key article had a prior of 0.4 and was judged 2 nine times: a prior of 0.4 is worth ~0.9.
    const rows = Array.from({ length: 10 }, (_, i) => ({
      matter: 'pollution',
      kind: 'question' as const,
      proposed: ['环境保护法#第四十二条'],
      cited: i < 9 ? ['环境保护法#第四十二条'] : [],
      priors: [0.4],
    }));
    const ev = learnEvidence(rows, { shrink: 2, draftThreshold: 0.6, maxDraft: 1, calibrate: true });
    expect(evidenceConfidence(ev, 'noise', 'question', '噪声污染防治法#第六十一条', 0.4, true)).toBeGreaterThan(0.7);
    expect(evidenceConfidence(ev, 'noise', 'complaint', '噪声污染防治法#第六十一条', 0.4, true)).toBeCloseTo(0.4);
    const plain = learnEvidence(rows, { shrink: 2, draftThreshold: 0.6, maxDraft: 1 });
    expect(plain.calibration).toBeUndefined();
    expect(evidenceConfidence(plain, 'noise', 'question', '噪声污染防治法#第六十一条', 0.4, true)).toBeCloseTo(0.4);
  });
});
