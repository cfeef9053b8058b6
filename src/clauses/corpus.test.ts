import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus, normaliseTitle } from './corpus.ts';
import { parseLaw } from './parse.ts';

const DIR = new URL('../../corpus/', import.meta.url).pathname;
const MANIFEST = JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')) as {
  file: string;
  articles: number;
  status: string;
}[];
const corpus = loadCorpus(DIR, { includeRepealed: true });
/** Lines the manifest's regex counts: `第X条 ` without the 之Y variants. */
const REGEX_COUNTED = /^第[零〇一二三四五六七八九十百千]+条 /;

describe('loadCorpus on the shipped corpus', () => {
  it.each(MANIFEST.map((m) => [m.file, m] as const))(
    '%s: regex-matched article count equals the manifest',
    (file, m) => {
      const law = corpus.findLaw(file.replace(/\.md$/, ''))!;
      const counted = law.articles.filter(
        (a) => !a.article.includes('之') && !(file === 'xingshi-susong-fa.md' && a.number === 128),
      );
      expect(counted.length).toBe(m.articles);
    },
  );

  it('counts 6,551 regex-matched articles in all', () => {
    expect(MANIFEST.reduce((s, m) => s + m.articles, 0)).toBe(6551);
    const text = MANIFEST.map((m) => readFileSync(DIR + m.file, 'utf8')).join('\n');
    expect(text.split('\n').filter((l) => REGEX_COUNTED.test(l)).length).toBe(6551);
  });

  it('reads 刑法 with its 之Y articles (505) and 刑事诉讼法 with the misspaced Art. 128 (308)', () => {
    expect(corpus.findLaw('刑法')!.articles).toHaveLength(505);
    const ccp = corpus.findLaw('中华人民共和国刑事诉讼法')!;
    expect(ccp.articles).toHaveLength(308);
    expect(ccp.articles.map((a) => a.number)).toEqual(Array.from({ length: 308 }, (_, i) => i + 1));
    expect(corpus.getArticle('刑事诉讼法', 128)!.text).toMatch(/^侦查人员对于与犯罪有关的场所/);
    const a = corpus.getArticle('刑法', '第一百二十条之一')!;
    expect(a).toMatchObject({ number: 120, article: '第一百二十条之一', chapter: '第二编 分则 第二章 危害公共安全罪' });
    expect(corpus.getArticle('刑法', 120)!.article).toBe('第一百二十条');
  });

  it('numbers 民法典 1..1260 across its joined parts, with part, 分编, 章 and 节 in the chapter', () => {
    const civil = corpus.findLaw('民法典')!;
    expect(civil.articles.map((a) => a.number)).toEqual(Array.from({ length: 1260 }, (_, i) => i + 1));
    expect(corpus.getArticle('民法典', 1079)!.chapter).toBe('婚姻家庭编 第四章 离婚');
    expect(corpus.getArticle('民法典', 1)!.chapter).toBe('总则 第一章 基本规定');
    expect(corpus.getArticle('民法典', 27)!.chapter).toBe('总则 第二章 自然人 第二节 监护');
    expect(corpus.getArticle('民法典', 1260)!.chapter).toBe('附则');
  });

  it('keeps the info block and 刑法 annexes out of article text', () => {
    expect(corpus.getArticle('工资支付暂行规定', 1)!.text).toMatch(/^为维护劳动者通过劳动获得劳动报酬的权利/);
    expect(corpus.getArticle('刑法', 452)!.text).not.toMatch(/附件一\n/);
    expect(corpus.getArticle('信访工作条例', 31)!.text).toContain('（六）不属于以上情形的');
  });

  it('gives every article its exact text as found in its file', () => {
    for (const law of corpus.laws) {
      const file = readFileSync(`${DIR}${law.id}.md`, 'utf8');
      for (const a of law.articles) for (const line of a.text.split('\n')) expect(file.includes(line)).toBe(true);
    }
  });

  it('leaves repealed instruments out by default and takes status from the manifest', () => {
    const current = loadCorpus(DIR);
    expect(current.findLaw('xinfang-tiaoli-2005')).toBeUndefined();
    expect(corpus.findLaw('xinfang-tiaoli-2005')!.status).toBe('已废止');
    expect(current.laws).toHaveLength(61);
    expect(current.findLaw('治安管理处罚法')!.status).toBe('已被修订');
  });

  it.each([
    ['中华人民共和国劳动合同法', '劳动合同法'],
    ['《劳动合同法》', '劳动合同法'],
    ['信访工作条例', '信访工作条例'],
  ])('matches the title %s', (cited, plain) => {
    expect(normaliseTitle(cited)).toBe(plain);
    expect(corpus.findLaw(cited)).toBeDefined();
  });
});

describe('parseLaw quirks', () => {
  it('splits chapter headings on any whitespace and reads a file without a final newline', () => {
    const md =
      '# 某条例\n\n2020年1月1日 发布\n\n<!-- INFO END -->\n\n## 第一章\u3000总  则\n\n第一条 甲。\n\n（一）乙；\n\n### 第一节\u2002一般规定\n\n第二条 丙。';
    const law = parseLaw(md, { lawId: 'x' });
    expect(law.title).toBe('某条例');
    expect(law.articles.map((a) => [a.article, a.chapter, a.text])).toEqual([
      ['第一条', '第一章 总则', '甲。\n（一）乙；'],
      ['第二条', '第一章 总则 第一节 一般规定', '丙。'],
    ]);
  });
});

const LAWREFBOOK = new URL('../../../shared/lawrefbook/', import.meta.url).pathname;

describe.skipIf(!existsSync(LAWREFBOOK))('loadCorpus on ../shared/lawrefbook (no manifest)', () => {
  const big = loadCorpus(LAWREFBOOK);

  it('reads every instrument file (not _index.md) and all 64,612 regex-matched articles plus 之Y and typo lines', () => {
    expect(big.laws).toHaveLength(1512);
    expect(big.laws.every((l) => !l.id.endsWith('_index') && l.status === 'unknown')).toBe(true);
    const regexMatched = big.articles.filter((a) => !a.article.includes('之')).length;
    // 64,612 regex lines + 5 `第X 条` typos (刑事诉讼法 and its SPC interpretation) + 1 `笫五十四条`.
    expect(regexMatched).toBe(64_612 + 5 + 1);
  });

  it('finds articles across the split 民法典 parts and picks the newest version of a title', () => {
    expect(big.getArticle('中华人民共和国民法典', 1079)!.text).toMatch(/^夫妻一方要求离婚的/);
    expect(big.getArticle('民法典', 1)!.lawId).toBe('民法典/总则');
    expect(big.getArticle('刑事诉讼法', 128)!.text).toMatch(/^侦查人员对于与犯罪有关的场所/);
  });
});
