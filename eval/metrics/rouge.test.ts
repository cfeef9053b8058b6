import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL } from './rouge.ts';

describe('character ROUGE-L', () => {
  it.each([
    ['abcd', 'acbd', 0.75], // LCS 3: P 3/4, R 3/4
    ['ab', 'abcd', 2 / 3], // LCS 2: P 1, R 1/2
    ['依法予以支持', '予以支持', 0.8], // LCS 4: P 4/6, R 1
    ['a b\n', 'ab', 1], // whitespace ignored
    ['', 'abc', 0],
    ['xyz', 'abc', 0],
  ])('of %j against %j is %d', (cand, ref, f) => {
    expect(rougeL(cand, ref)).toBeCloseTo(f, 10);
  });

  it('finds the LCS length', () => {
    expect(lcsLength([...'ABCBDAB'], [...'BDCABA'])).toBe(4);
  });
});
