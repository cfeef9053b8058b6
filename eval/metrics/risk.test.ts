import { describe, expect, it } from 'vitest';
import { auroc, riskMetrics, type RiskPair } from './risk.ts';

const s = (label: 0 | 1, score: number) => ({ label, score });

describe('auroc', () => {
  it.each([
    // positives 0.9 0.6 0.4 vs negatives 0.7 0.4 0.1: 3 + 2 + 1.5 (the 0.4 tie counts a half) = 6.5 of 9
    ['with a tie', [s(1, 0.9), s(1, 0.6), s(1, 0.4), s(0, 0.7), s(0, 0.4), s(0, 0.1)], 6.5 / 9],
    ['perfectly separated', [s(1, 0.9), s(1, 0.8), s(0, 0.2), s(0, 0.1)], 1],
    ['inverted', [s(1, 0.1), s(0, 0.9)], 0],
    ['all tied', [s(1, 0.5), s(0, 0.5), s(1, 0.5), s(0, 0.5)], 0.5],
  ])('is right %s', (_name, scored, expected) => {
    expect(auroc(scored as { label: 0 | 1; score: number }[])).toBeCloseTo(expected, 10);
  });

  it('is null when one class is missing', () => {
    expect(auroc([s(1, 0.3), s(1, 0.4)])).toBeNull();
  });
});

describe('riskMetrics', () => {
  // label 1: red .9, yellow .6, green .4, error; label 0: red .7, green .2, yellow .5
  const PAIRS: RiskPair[] = [
    { label: 1, level: 'red', score: 0.9 },
    { label: 1, level: 'yellow', score: 0.6 },
    { label: 1, level: 'green', score: 0.4 },
    { label: 1, level: null, score: null },
    { label: 0, level: 'red', score: 0.7 },
    { label: 0, level: 'green', score: 0.2 },
    { label: 0, level: 'yellow', score: 0.5 },
  ];

  it.each([
    ['recall_high', 2 / 4],
    ['precision_high', 2 / 4],
    ['red_recall', 1 / 4],
    ['false_red', 1],
    ['false_red_rate', 1 / 3],
    ['auroc', 6 / 9],
  ])('%s is %d', (name, expected) => {
    expect(riskMetrics(PAIRS)[name]).toBeCloseTo(expected, 10);
  });
});
