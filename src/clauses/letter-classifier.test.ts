import { describe, expect, it } from 'vitest';
import {
  classifierFeatures,
  denseScores,
  LetterClassifierSchema,
  NONE,
  type DenseSoftmax,
} from './letter-classifier.ts';

// Two dimensions, three classes: dimension 0 points at 劳动合同法, dimension 1 at ∅none.
const law: DenseSoftmax = {
  classes: [NONE, '劳动合同法', '噪声污染防治法'],
  scale: 1,
  w: [0, 4, 0, 4, 0, 0],
  b: [0, 0, 0],
};

describe('letter classifiers (round 26)', () => {
  it('scores every class, probabilities summing to 1, most probable first', () => {
    const s = denseScores(law, Float32Array.from([1, 0]));
    expect(s[0].label).toBe('劳动合同法');
    expect(s.reduce((t, c) => t + c.p, 0)).toBeCloseTo(1);
    expect(denseScores(law, Float32Array.from([0, 1]))[0].label).toBe(NONE);
  });

  it('gives a candidate its law’s probability and rank, its article’s probability and P(none)', () => {
    const laws = [
      { label: NONE, p: 0.5 },
      { label: '劳动合同法', p: 0.36 },
      { label: '噪声污染防治法', p: 0.14 },
    ];
    const articles = [
      { label: '劳动合同法#第三十条', p: 0.25 },
      { label: NONE, p: 0.2 },
    ];
    const f = classifierFeatures(laws, articles);
    expect(f('劳动合同法#第三十条')).toEqual([0.6, 0, 0.5, 1, 0.2]);
    const [p, rank, a, known] = f('噪声污染防治法#第六十一条');
    expect([p, rank, a, known]).toEqual([Math.sqrt(0.14), Math.log(2), 0, 0]);
    // A law the classifier does not know ranks after every law it does.
    expect(f('民法典#第一条').slice(0, 2)).toEqual([0, Math.log(3)]);
  });

  it('refuses a vector of another size than the weights were fitted on', () => {
    expect(() => denseScores(law, Float32Array.from([1, 0, 0]))).toThrow(/不符/);
  });

  it('the schema refuses a classifier without weights', () => {
    expect(() => LetterClassifierSchema.parse({ law, article: { ...law, w: 'x' } })).toThrow();
  });
});
