import { describe, expect, it } from 'vitest';
import { firstHitRank, rankingMetrics, type RankedQuery } from './ranking.ts';

const q = (gold: string[], ranked: string[]): RankedQuery => ({ matches: (r) => gold.includes(r), ranked });
const NINE = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

describe('ranking metrics', () => {
  it.each([
    [q(['x'], ['x', 'y']), 1],
    [q(['z'], ['a', 'b', 'c', 'd', 'z']), 5],
    [q(['w'], [...NINE, 'w']), 10],
    [q(['w'], [...NINE, 'u', 'w']), null],
    [q(['v'], []), null],
    [q(['p', 'q'], ['a', 'q', 'p']), 2],
  ])('first hit of %# is at %s', (query, rank) => {
    expect(firstHitRank(query, 10)).toBe(rank);
  });

  it('computes hit@k and mrr@10 by hand: ranks 1, 5, 10, none', () => {
    const m = rankingMetrics([
      q(['x'], ['x']),
      q(['z'], ['a', 'b', 'c', 'd', 'z']),
      q(['w'], [...NINE, 'w']),
      q(['v'], []),
    ]);
    expect(m['hit@1']).toBe(0.25);
    expect(m['hit@5']).toBe(0.5);
    expect(m['hit@10']).toBe(0.75);
    expect(m['mrr@10']).toBeCloseTo((1 + 0.2 + 0.1) / 4, 10);
  });

  it('is null without scorable queries', () => {
    expect(rankingMetrics([])['hit@5']).toBeNull();
  });
});
