import { describe, expect, it } from 'vitest';
import { affinity, fitProfiles, profileSearch, termCounts, vectorOf } from './affinity.ts';

const doc = (words: string, two: string[], zero: string[] = []) => ({
  tokens: termCounts(words.split(' ')),
  two: new Set(two),
  zero: new Set(zero),
});
// Made-up token lists, not letters: wages letters cite 劳动合同法, noise letters cite 噪声法.
const DOCS = [
  doc('拖欠 工资 老板 工地', ['劳动合同法#第三十条'], ['噪声法#第一条']),
  doc('工资 拖欠 包工头 工地', ['劳动合同法#第三十条']),
  doc('噪音 夜间 施工 工地', ['噪声法#第一条'], ['劳动合同法#第三十条']),
  doc('噪音 广场舞 夜间 小区', ['噪声法#第一条']),
];

describe('text–article affinity profiles', () => {
  const pr = fitProfiles(DOCS);

  it('gives a letter a higher affinity to the article its words go with', () => {
    const v = vectorOf(termCounts(['拖欠', '工资', '工地']), pr.idf);
    const [wagePos] = affinity(pr, v, '劳动合同法#第三十条');
    const [noisePos] = affinity(pr, v, '噪声法#第一条');
    expect(wagePos).toBeGreaterThan(noisePos);
  });

  it('counts the supporting letters and is zero for an article without a profile', () => {
    const v = vectorOf(termCounts(['拖欠']), pr.idf);
    expect(affinity(pr, v, '劳动合同法#第三十条')[2]).toBeCloseTo(Math.log1p(2));
    expect(affinity(pr, v, '劳动合同法#第三十条')[3]).toBeCloseTo(Math.log1p(1));
    expect(affinity(pr, v, '物权法#第一条')).toEqual([0, 0, 0, 0]);
  });

  it('proposes the closest supported articles first', () => {
    const v = vectorOf(termCounts(['噪音', '夜间']), pr.idf);
    expect(profileSearch(pr, v, 1).map((h) => h.key)).toEqual(['噪声法#第一条']);
  });

  it('keeps token weights only: tokens of a single training letter are not in the profiles', () => {
    expect(pr.idf.has('老板')).toBe(false);
    expect([...pr.pos.values()].some((p) => p.c.has('广场舞'))).toBe(false);
  });
});
