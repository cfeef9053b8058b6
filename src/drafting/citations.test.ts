import { describe, expect, it } from 'vitest';
import { canonicalHeading, checkCitations, parseCitations } from './citations.ts';
import { shippedCorpus } from './testing/inputs.ts';

const corpus = shippedCorpus();
const LCL = '中华人民共和国劳动合同法';

describe('parseCitations', () => {
  it.each([
    ['依据《劳动合同法》第三十条', [[LCL, '第三十条']]],
    [
      '《中华人民共和国劳动合同法》第三十条、第八十五条',
      [
        [LCL, '第三十条'],
        [LCL, '第八十五条'],
      ],
    ],
    ['根据劳动合同法第30条第一款', [[LCL, '第三十条']]],
    ['《信访工作条例》第三十一条第六项', [['信访工作条例', '第三十一条']]],
    ['《刑法》第一百二十条之一', [['中华人民共和国刑法', '第一百二十条之一']]],
    ['《某某管理办法》第三条', [['某某管理办法', '第三条']]],
    ['依照《劳动法》的规定', []],
  ])('reads %s', (text, expected) => {
    expect(parseCitations(text, corpus).map((c) => [c.law, c.article])).toEqual(expected);
  });

  it('canonicalises Arabic and Chinese numerals alike', () => {
    expect(canonicalHeading('第108条')).toBe('第一百零八条');
    expect(canonicalHeading('第一百零八条')).toBe('第一百零八条');
  });
});

describe('checkCitations', () => {
  const allowed = [{ law: LCL, article: '第三十条' }];

  it('keeps an allowed citation that exists and reports it', () => {
    const r = checkCitations('依据《劳动合同法》第三十条，应当支付。', allowed, corpus);
    expect(r.text).toBe('依据《劳动合同法》第三十条，应当支付。');
    expect(r.citations).toEqual(allowed);
    expect(r.removed).toEqual([]);
  });

  it('removes a real article that was not retrieved, and flags it', () => {
    const r = checkCitations('依据《刑法》第一条，予以支持。', allowed, corpus);
    expect(r.text).toBe('依据有关规定，予以支持。');
    expect(r.removed).toEqual([{ law: '中华人民共和国刑法', article: '第一条' }]);
  });

  it('removes an article that does not exist even when it is in the allowed list', () => {
    const r = checkCitations('《劳动合同法》第九百条', [{ law: LCL, article: '第九百条' }], corpus);
    expect(r.removed).toEqual([{ law: LCL, article: '第九百条' }]);
    expect(r.citations).toEqual([]);
  });

  it('cuts only the failing item from a list', () => {
    const r = checkCitations('《劳动合同法》第三十条、第八十五条', allowed, corpus);
    expect(r.text).toBe('《劳动合同法》第三十条');
    expect(r.removed).toEqual([{ law: LCL, article: '第八十五条' }]);
  });

  it('catches a known law cited without 《》', () => {
    const r = checkCitations('按照刑法第一条处理', allowed, corpus);
    expect(r.text).toBe('按照有关规定处理');
  });

  it('removes citations of laws outside the corpus', () => {
    const r = checkCitations('根据《某某管理办法》第三条', allowed, corpus);
    expect(r.text).toBe('根据有关规定');
    expect(r.removed).toEqual([{ law: '某某管理办法', article: '第三条' }]);
  });
});
