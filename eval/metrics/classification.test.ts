import { describe, expect, it } from 'vitest';
import { accuracy, classificationMetrics, confusion, macroF1, perClass, type LabelPair } from './classification.ts';

// Hand-computed: gold a a a b b c, predicted a a b b (error) a.
// a: tp 2, fp 1, fn 1 → P 2/3 R 2/3 F1 2/3; b: tp 1, fp 1, fn 1 → 1/2 each; c: tp 0 → 0.
const PAIRS: LabelPair[] = [
  { gold: 'a', pred: 'a' },
  { gold: 'a', pred: 'a' },
  { gold: 'a', pred: 'b' },
  { gold: 'b', pred: 'b' },
  { gold: 'b', pred: null },
  { gold: 'c', pred: 'a' },
];
const LABELS = ['a', 'b', 'c'];

describe('classification metrics', () => {
  it.each([
    ['a', 2 / 3, 2 / 3, 2 / 3, 3],
    ['b', 1 / 2, 1 / 2, 1 / 2, 2],
    ['c', 0, 0, 0, 1],
  ])('class %s has P %d, R %d, F1 %d, support %d', (label, p, r, f1, support) => {
    const m = perClass(PAIRS, LABELS)[label];
    expect(m.precision).toBeCloseTo(p, 10);
    expect(m.recall).toBeCloseTo(r, 10);
    expect(m.f1).toBeCloseTo(f1, 10);
    expect(m.support).toBe(support);
  });

  it('counts errors as wrong in accuracy (3 of 6)', () => {
    expect(accuracy(PAIRS)).toBe(0.5);
  });

  it('averages F1 over the label set: (2/3 + 1/2 + 0) / 3 = 7/18', () => {
    expect(macroF1(PAIRS, LABELS)).toBeCloseTo(7 / 18, 10);
  });

  it('puts errors and unknown predictions in their own columns', () => {
    const c = confusion([...PAIRS, { gold: 'c', pred: 'zzz' }], LABELS);
    expect(c.predicted).toEqual(['a', 'b', 'c', 'zzz', '(error)']);
    expect(c.matrix).toEqual([
      [2, 1, 0, 0, 0],
      [0, 1, 0, 0, 1],
      [1, 0, 0, 1, 0],
    ]);
  });

  it('flattens per-class figures with dotted names', () => {
    const m = classificationMetrics(PAIRS, LABELS);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['accuracy', 'macro_f1', 'precision.a', 'recall.b', 'f1.c']));
    expect(m['recall.b']).toBe(0.5);
  });

  it('gives a perfect classifier 1 everywhere', () => {
    const pairs = LABELS.map((l) => ({ gold: l, pred: l }));
    expect(macroF1(pairs, LABELS)).toBe(1);
    expect(accuracy(pairs)).toBe(1);
  });
});
