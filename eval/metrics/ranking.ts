/** One query: the keys of its gold items and the entry's ranked keys (a gold key may match several ranked keys). */
export interface RankedQuery {
  /** Returns true when the ranked item satisfies one of the gold items. */
  matches: (rankedKey: string) => boolean;
  ranked: string[];
}

/** 1-based rank of the first ranked item that matches a gold item within the top k, or null. */
export function firstHitRank(q: RankedQuery, k: number): number | null {
  const idx = q.ranked.slice(0, k).findIndex((r) => q.matches(r));
  return idx === -1 ? null : idx + 1;
}

/** hit@1, hit@5, hit@10 (share of queries with a gold item in the top k) and mrr@10 (mean 1/rank, 0 if none). */
export function rankingMetrics(queries: RankedQuery[]): Record<string, number | null> {
  if (queries.length === 0) return { 'hit@1': null, 'hit@5': null, 'hit@10': null, 'mrr@10': null };
  const ranks = queries.map((q) => firstHitRank(q, 10));
  const hit = (k: number) => ranks.filter((r) => r !== null && r <= k).length / queries.length;
  return {
    'hit@1': hit(1),
    'hit@5': hit(5),
    'hit@10': hit(10),
    'mrr@10': ranks.reduce<number>((s, r) => s + (r === null ? 0 : 1 / r), 0) / queries.length,
  };
}
