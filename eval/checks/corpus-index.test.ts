import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createCorpusIndex, loadCorpusIndex, normaliseLawTitle } from './corpus-index.ts';

describe('normaliseLawTitle', () => {
  it.each([
    ['中华人民共和国民法典', '民法典'],
    ['《中华人民共和国劳动合同法》', '劳动合同法'],
    ['民法典', '民法典'],
    ['治安管理处罚法（2012）', '治安管理处罚法'],
    [' 信访工作条例 ', '信访工作条例'],
  ])('%s → %s', (t, n) => {
    expect(normaliseLawTitle(t)).toBe(n);
  });
});

describe('corpus index', () => {
  const idx = createCorpusIndex([
    { title: '中华人民共和国刑法', articles: ['第一条', '第一百二十条之一', '第三十九条'] },
  ]);

  it.each([
    ['刑法', '第三十九条', true],
    ['《中华人民共和国刑法》', 39, true],
    ['刑法', '第一百二十条之一', true],
    ['刑法', '第一百二十条', false],
    ['刑法', '第四十条', false],
    ['公司法', '第一条', false],
  ])('%s %s exists: %s', (law, art, exists) => {
    expect(idx.hasArticle(law, art)).toBe(exists);
  });

  it('reads the shipped corpus, leaving out the repealed 信访条例', () => {
    const corpus = loadCorpusIndex(join(import.meta.dirname, '../../corpus'));
    expect(corpus.hasArticle('中华人民共和国劳动合同法', '第三十条')).toBe(true);
    expect(corpus.hasArticle('民法典', 1260)).toBe(true);
    expect(corpus.hasArticle('民法典', 1261)).toBe(false);
    expect(corpus.hasArticle('刑事诉讼法', '第一百二十八条')).toBe(true);
    expect(corpus.hasArticle('刑法', '第一百二十条之一')).toBe(true);
    expect(corpus.hasLaw('信访工作条例')).toBe(true);
    expect(corpus.hasLaw('信访条例')).toBe(false);
    expect(corpus.laws.size).toBe(61);
  });
});
