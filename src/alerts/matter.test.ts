import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { announcesGroupAction, bigrams, extractEntities, jaccard, jaccardAtLeast, sameEntity } from './matter.ts';

describe('extractEntities', () => {
  it.each([
    ['我在宏达建筑公司打工，今年三月以来宏达建筑公司一直拖欠工资', [['employer', '宏达建筑公司']]],
    ['我们是阳光花园小区的业主，物业公司乱收费', [['estate', '阳光花园小区']]],
    ['我住在和平村，村里的土地被占', [['village', '和平村']]],
    ['张家村村民反映', [['village', '张家村']]],
    ['我孩子在实验小学就读，学校乱收费', [['school', '实验小学']]],
    ['东方红机械厂的工人', [['employer', '东方红机械厂']]],
  ])('finds the named body in %s', (text, expected) => {
    expect(extractEntities(text).map((e) => [e.kind, e.name])).toEqual(expected);
  });

  it.each([
    '某建筑公司拖欠我们工资',
    '我们村村民的承包地',
    '农村低保',
    '物业公司乱收费',
    '我们三十多名工人明天去市政府门口聚集',
  ])('finds no named body in the generic %s', (text) => {
    expect(extractEntities(text)).toEqual([]);
  });

  it('takes 阳光花园小区 and 阳光花园, or 宏达公司工地 and 宏达公司, for one body', () => {
    const [a] = extractEntities('阳光花园小区停水');
    const [b] = extractEntities('我家在阳光花园，停水三天');
    expect(sameEntity(a, b)).toBe(true);
    const [c] = extractEntities('宏达公司工地欠薪');
    const [d] = extractEntities('举报宏达公司');
    expect(sameEntity(c, d)).toBe(true);
    expect(sameEntity(c, extractEntities('举报宏远公司')[0])).toBe(false);
  });
});

describe('jaccard over character bigrams', () => {
  it('is 1 for the same wording and low for unrelated texts', () => {
    const a = bigrams('宏达建筑公司拖欠工资，请求帮助。');
    expect(jaccard(a, bigrams('宏达建筑公司拖欠工资 请求帮助'))).toBe(1);
    expect(jaccard(a, bigrams('小区门口路灯坏了两个月'))).toBeLessThan(0.1);
  });
});

describe('announcesGroupAction', () => {
  const gathering = (weight: number) => [{ code: 'gathering', evidence: '聚集', start: 0, end: 2, weight }];
  it.each([
    ['我们三十多名工人明天去市政府门口聚集', gathering(0.45), true],
    ['明天去市政府门口聚集', gathering(0.45), false],
    ['听说有三十多名工人在市政府门口聚集', gathering(0.05), false],
    ['我们三十多名工人都很着急', [], false],
  ])('%s → %s', (text, signals, expected) => {
    expect(announcesGroupAction(text, signals)).toBe(expected);
  });
});

describe('jaccardAtLeast', () => {
  it('equals jaccard whenever jaccard reaches the bound, and is 0 otherwise', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'工资拖欠半年公司老板电话不接请求帮助ab1'), maxLength: 40 }),
        fc.string({ unit: fc.constantFrom(...'工资拖欠半年公司老板电话不接请求帮助ab1'), maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, y, min) => {
          const exact = jaccard(bigrams(x), bigrams(y));
          expect(jaccardAtLeast(bigrams(x), bigrams(y), min)).toBe(exact >= min ? exact : 0);
        },
      ),
    );
  });
});
