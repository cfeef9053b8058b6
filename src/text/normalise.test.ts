import { describe, expect, it } from 'vitest';
import { createNormaliser, hasVisibleText } from './normalise.ts';

const normalise = createNormaliser();

describe('createNormaliser', () => {
  it.each([
    ['我們要求政府還錢，乾脆去北京上訪', '我们要求政府还钱,干脆去北京上访'],
    ['拖欠工資１２３４５元', '拖欠工资12345元'],
    ['ＡＢＣ　物業費', 'ABC 物业费'],
    ['  多个   空格\n\t换行  ', '多个空格换行'],
  ])('normalises %s', (input, expected) => {
    expect(normalise(input).text).toBe(expected);
  });

  it('maps a span of the normalised text back to the original characters', () => {
    const original = '  我們　要求  退還押金１０００元！';
    const n = normalise(original);
    const start = n.text.indexOf('退还押金1000元');
    const end = start + '退还押金1000元'.length;
    expect(n.originalSlice(start, end)).toBe('退還押金１０００元');
    const span = n.toOriginal(start, end);
    expect(original.slice(span.start, span.end)).toBe('退還押金１０００元');
  });

  it('maps a span that covers collapsed whitespace onto the whole original run', () => {
    const n = normalise('跳楼   threat');
    expect(n.text).toBe('跳楼 threat');
    expect(n.originalSlice(0, n.text.length)).toBe('跳楼   threat');
  });

  it.each([
    ['a zero-width space', '我要跳\u200b楼'],
    ['a soft hyphen', '我要跳\u00ad楼'],
    ['a word joiner and a BOM', '我要\u2060跳\ufeff楼'],
    ['a space', '我要跳 楼'],
    ['an ideographic space', '我要跳\u3000楼'],
    ['a filler character', '我要跳*楼'],
  ])('removes %s inside a word, and the span still points into the original', (_what, original) => {
    const n = normalise(original);
    expect(n.text).toBe('我要跳楼');
    const start = n.text.indexOf('跳楼');
    const span = n.toOriginal(start, start + 2);
    expect(original.slice(span.start, span.end).replace(/[\s\u200b\u00ad\u2060\ufeff*]/g, '')).toBe('跳楼');
    expect(original[span.start]).toBe('跳');
    expect(original[span.end - 1]).toBe('楼');
  });

  it('keeps a space between Latin words and between a word and a number', () => {
    expect(normalise('call 110 now').text).toBe('call 110 now');
    expect(normalise('工资 3000 元').text).toBe('工资 3000 元');
  });

  it.each([
    ['', false],
    ['\u200b\u200b\u200b', false],
    [' \u00ad\n\ufeff ', false],
    ['　', false],
    ['好', true],
    ['\u200b工资\u200b', true],
  ])('hasVisibleText(%j) is %s', (s, expected) => {
    expect(hasVisibleText(s)).toBe(expected);
  });

  it('keeps one offset per normalised character plus the end', () => {
    const n = normalise('繁體字ＡＢ');
    expect(n.offsets).toHaveLength(n.text.length + 1);
    expect(n.offsets.at(-1)).toBe(n.original.length);
  });

  it('rejects a span outside the text', () => {
    expect(() => normalise('abc').toOriginal(2, 9)).toThrow(RangeError);
  });
});
