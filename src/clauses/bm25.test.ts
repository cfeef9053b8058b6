import { describe, expect, it } from 'vitest';
import { Bm25Index, topK } from './bm25.ts';

describe('Bm25Index', () => {
  const index = Bm25Index.fromDocs([
    [
      ['工资', 1],
      ['拖欠', 1],
    ],
    [
      ['工资', 1],
      ['加班', 1],
      ['加班', 1],
    ],
    [
      ['物业', 1],
      ['收费', 1],
    ],
  ]);

  it('scores documents that share rarer query terms higher', () => {
    const scores = new Float32Array(3);
    index.scoreInto(
      new Map([
        ['拖欠', 1],
        ['工资', 1],
      ]),
      scores,
    );
    expect(topK(scores, 3)).toEqual([0, 1]);
    expect(index.idf('拖欠')).toBeGreaterThan(index.idf('工资'));
    expect(index.df('工资')).toBe(2);
  });

  it('ignores unknown terms and leaves unmatched documents at zero', () => {
    const scores = new Float32Array(3);
    index.scoreInto(new Map([['离婚', 1]]), scores);
    expect([...scores]).toEqual([0, 0, 0]);
  });
});

describe('topK', () => {
  it.each([
    [[0.1, 0.5, 0, 0.3, 0.9], 3, [4, 1, 3]],
    [[0.2, 0.2, 0.1], 2, [0, 1]],
    [[0, 0], 5, []],
    [[1, 2, 3, 4, 5, 6], 4, [5, 4, 3, 2]],
  ])('picks the best of %j (k=%i) in order', (scores, k, want) => {
    expect(topK(Float32Array.from(scores), k)).toEqual(want);
  });
});
