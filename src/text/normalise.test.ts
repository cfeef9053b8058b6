import { describe, expect, it } from 'vitest';
import { createNormaliser } from './normalise.ts';

const normalise = createNormaliser();

describe('createNormaliser', () => {
  it.each([
    ['我們要求政府還錢，乾脆去北京上訪', '我们要求政府还钱,干脆去北京上访'],
    ['拖欠工資１２３４５元', '拖欠工资12345元'],
    ['ＡＢＣ　物業費', 'ABC 物业费'],
    ['  多个   空格\n\t换行  ', '多个 空格 换行'],
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
    const n = normalise('跳楼   威胁');
    expect(n.text).toBe('跳楼 威胁');
    expect(n.originalSlice(0, n.text.length)).toBe('跳楼   威胁');
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
