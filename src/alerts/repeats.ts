import type { Db } from '../store/db.ts';
import { bigrams, jaccardAtLeast, type Grams } from './matter.ts';

/** Bigram Jaccard at or above which a text is the same letter sent again (a date or a phrase changed). */
export const NEAR_DUPLICATE = 0.8;
/** Most earlier petitions compared with a new one. */
const SCAN_LIMIT = 5000;
const DAY_MS = 86_400_000;
const CACHE_SIZE = 5000;

/**
 * Finds repeat petitions by their wording, for petitioners whose identity is not recorded
 * (Arts. 19 and 36); the case service already finds repeats by identity. Feeds RiskContext.repeatCount.
 */
export function createRepeatFinder(db: Db) {
  // Ids and times only: the covering index (store/migrations/007) answers without reading any row.
  const earlier = db
    .prepare(`SELECT id FROM petitions WHERE received_at >= ? AND received_at <= ? AND id != ? ORDER BY received_at DESC LIMIT ?`)
    .pluck();
  const textOf = db.prepare('SELECT text FROM petitions WHERE id = ?').pluck();
  // Stored texts never change, so their bigram sets can be kept (bounded, oldest dropped first).
  const cache = new Map<string, Grams>();
  const gramsOf = (id: string): Grams => {
    let g = cache.get(id);
    if (!g) {
      g = bigrams((textOf.get(id) as string | undefined) ?? '');
      cache.set(id, g);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return g;
  };
  return {
    /** Ids of petitions received in the `windowDays` before this one whose text nearly equals it. */
    nearDuplicates(p: { id: string; text: string; receivedAt: string }, windowDays: number, max = Infinity): string[] {
      const at = new Date(p.receivedAt).getTime();
      const grams = bigrams(p.text);
      const ids = earlier.all(new Date(at - windowDays * DAY_MS).toISOString(), p.receivedAt, p.id, SCAN_LIMIT) as string[];
      const found: string[] = [];
      for (const id of ids) {
        if (jaccardAtLeast(grams, gramsOf(id), NEAR_DUPLICATE) > 0 && found.push(id) >= max) break;
      }
      return found;
    },
  };
}
