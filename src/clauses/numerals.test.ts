import { describe, expect, it } from 'vitest';
import { chineseToInt, intToChinese } from './numerals.ts';

describe('chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十一', 21],
    ['一百', 100],
    ['一百零八', 108],
    ['一百一十', 110],
    ['一百二十八', 128],
    ['四百五十二', 452],
    ['一千零七十九', 1079],
    ['一千二百六十', 1260],
    ['一千零一', 1001],
    ['〇', 0],
    ['两千', 2000],
  ])('reads %s as %i', (s, n) => {
    expect(chineseToInt(s)).toBe(n);
  });

  it('rejects non-numerals', () => {
    expect(chineseToInt('条')).toBeNaN();
    expect(chineseToInt('')).toBeNaN();
  });

  it('round-trips 1..2000', () => {
    for (let n = 1; n <= 2000; n++) expect(chineseToInt(intToChinese(n))).toBe(n);
  });

  it.each([
    [12, '十二'],
    [108, '一百零八'],
    [110, '一百一十'],
    [1079, '一千零七十九'],
    [39, '三十九'],
  ])('writes %i as %s', (n, s) => {
    expect(intToChinese(n)).toBe(s);
  });
});
