import { describe, expect, it } from 'vitest';
import { parseArticleHeading, parseCnNumber } from './cn-number.ts';

describe('parseCnNumber', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['三十九', 39],
    ['一百', 100],
    ['一百零五', 105],
    ['一百二十', 120],
    ['一百十', 110],
    ['一千二百六十', 1260],
    ['一千零一', 1001],
    ['四百五十二', 452],
    ['39', 39],
  ])('%s is %d', (s, n) => {
    expect(parseCnNumber(s)).toBe(n);
  });

  it('rejects other text', () => {
    expect(parseCnNumber('条')).toBeUndefined();
  });
});

describe('parseArticleHeading', () => {
  it.each([
    ['第三十九条', { number: 39, sub: 0 }],
    ['第一百二十条之一', { number: 120, sub: 1 }],
    ['第 39 条', { number: 39, sub: 0 }],
    ['第一百二十八 条', { number: 128, sub: 0 }],
  ])('%s parses', (h, ref) => {
    expect(parseArticleHeading(h)).toEqual(ref);
  });

  it.each(['第三章', '三十九条', '第零条'])('%s is not an article', (h) => {
    expect(parseArticleHeading(h)).toBeUndefined();
  });
});
