import type { Db } from '../store/db.ts';
import { createPetitionTextsRead, petitionTextsInWindow } from '../store/petition-texts-read.ts';
import { bigrams, jaccardAtLeast, type Grams } from './matter.ts';
import { createMatchIndex, type MatchIndex } from './match-index.ts';

/**
 * A petition's text as the petitioner wrote it (the stored text unsealed in memory, never written anywhere),
 * undefined for an unknown id. Without it the finder compares the stored texts.
 */
export type TextAsWritten = (id: string) => string | undefined;

/** Bigram Jaccard at or above which a text is the same letter sent again (a date or a phrase changed). */
export const NEAR_DUPLICATE = 0.8;
const DAY_MS = 86_400_000;
const CACHE_SIZE = 5000;
/**
 * Band buckets a candidate must share. A pair at J = 0.8 shares each of the 48 bands with probability 0.512
 * (24.6 on average) and fewer than 6 with probability 2.7·10⁻⁹; a pair at J = 0.3 shares at least one with
 * probability 0.73 but 6 only rarely, so the exact check sees the near-duplicates, not the whole topic.
 */
const REPEAT_MIN_BANDS = 6;

/**
 * Finds repeat petitions by their wording, for petitioners whose identity is not recorded
 * (Arts. 19 and 36); the case service already finds repeats by identity. Feeds RiskContext.repeatCount.
 *
 * Candidates come from the match index (MinHash LSH bands, alerts/match-index.ts), not from a scan of the
 * window, and each is checked with the exact bigram Jaccard: the cost does not grow with the window and no
 * earlier petition of the window is left unexamined.
 */
export function createRepeatFinder(
  db: Db,
  index: MatchIndex = createMatchIndex(db),
  opts: { textAsWritten?: TextAsWritten } = {},
) {
  index.catchUp();
  const texts = createPetitionTextsRead(db);
  const written = opts.textAsWritten ?? texts.textOf;
  // Stored texts never change, so their bigram sets can be kept (bounded, oldest dropped first).
  const cache = new Map<string, Grams>();
  const gramsOf = (id: string): Grams => {
    let g = cache.get(id);
    if (!g) {
      g = bigrams(written(id) ?? '');
      cache.set(id, g);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return g;
  };
  /** The lookup of nearDuplicates without indexing the petition (scripts read a kept database with it). */
  function lookup(p: { id: string; text: string; receivedAt: string }, windowDays: number, max: number, grams: Grams) {
    const at = new Date(p.receivedAt).getTime();
    const from = new Date(at - windowDays * DAY_MS).toISOString();
    const to = new Date(at).toISOString();
    // The index holds the stored (sealed) form; the exact check compares what the petitioners wrote, since the
    // sealer may find a number or a name in one sending and not in the other (a cue word changed) and so make
    // two copies of one letter differ where they are stored. Read only once there is a candidate to check.
    let own: Grams | undefined;
    const found: string[] = [];
    for (const c of index.candidates({ except: p.id, grams, from, to, minBands: REPEAT_MIN_BANDS })) {
      own ??= opts.textAsWritten ? bigrams(opts.textAsWritten(p.id) ?? p.text) : grams;
      if (jaccardAtLeast(own, gramsOf(c.id), NEAR_DUPLICATE) > 0 && found.push(c.id) >= max) break;
    }
    return found;
  }
  return {
    /**
     * Ids of petitions received in the `windowDays` before this one whose text nearly equals it, the most similar
     * first (most shared band buckets, then newest), so that `max` keeps the closest. Indexes the petition itself.
     */
    nearDuplicates(p: { id: string; text: string; receivedAt: string }, windowDays: number, max = Infinity): string[] {
      const grams = bigrams(p.text);
      const found = lookup(p, windowDays, max, grams);
      index.add(p, grams);
      return found;
    },
    /** nearDuplicates without indexing: writes nothing. */
    lookup: (p: { id: string; text: string; receivedAt: string }, windowDays: number, max = Infinity) =>
      lookup(p, windowDays, max, bigrams(p.text)),
  };
}

/** The exact scan the index replaces (every petition of the window, no cap): the reference for recall tests and the benchmark. */
export function exactNearDuplicates(
  db: Db,
  p: { id: string; text: string; receivedAt: string },
  windowDays: number,
): string[] {
  const at = new Date(p.receivedAt).getTime();
  const grams = bigrams(p.text);
  const rows = petitionTextsInWindow(
    db,
    new Date(at - windowDays * DAY_MS).toISOString(),
    new Date(at).toISOString(),
    p.id,
  );
  return rows.filter((r) => jaccardAtLeast(grams, bigrams(r.text), NEAR_DUPLICATE) > 0).map((r) => r.id);
}
