import type { Db } from './db.ts';

const DAY_MS = 86_400_000;
/** The UTC day number of an ISO time: band and term rows carry it so a lookup reads only its window. */
export const dayOf = (iso: string) => Math.floor(new Date(iso).getTime() / DAY_MS);

/** A petition not yet in the match index (written before migration 012, or by a path that skipped it). */
export interface Unindexed {
  id: string;
  title: string | null;
  text: string;
  received_at: string;
}

/** A named-matter term: 'kind:key' (full = 1) or one of the key's suffixes (full = 0). */
export interface MatchTerm {
  term: string;
  full: 0 | 1;
}

/**
 * SQL for the match index of migration 012 (LSH band buckets and matter terms per petition). No business rules here.
 * Written to run on PostgreSQL too: `"full"` is quoted (a reserved word there), json_each values are cast before
 * they meet an integer column (they are text there), and every subquery in a FROM has an alias.
 */
export function createMatchIndexStore(db: Db) {
  const s = {
    seqOf: db.prepare('SELECT seq, terms_done FROM match_sigs WHERE petition_id = ?'),
    insertSig: db.prepare('INSERT INTO match_sigs (petition_id, received_at) VALUES (?, ?)'),
    // One statement per petition, not one per band or term (on PostgreSQL each statement is a round trip). The
    // casts give the parameters a type PostgreSQL cannot infer in a SELECT list; SQLite stores the same integers.
    // `WHERE true` keeps SQLite from reading ON CONFLICT as the join constraint of the SELECT.
    insertBands: db.prepare(
      `INSERT INTO match_bands (bucket, day, seq)
       SELECT CAST(value AS BIGINT), CAST(@day AS BIGINT), CAST(@seq AS BIGINT) FROM json_each(@buckets) WHERE true
       ON CONFLICT DO NOTHING`,
    ),
    insertTerms: db.prepare(
      `INSERT INTO match_terms (term, "full", day, seq)
       SELECT CAST(json_extract(value, '$.term') AS TEXT), CAST(json_extract(value, '$.full') AS BIGINT),
         CAST(@day AS BIGINT), CAST(@seq AS BIGINT)
       FROM json_each(@terms) WHERE true
       ON CONFLICT DO NOTHING`,
    ),
    termsDone: db.prepare('UPDATE match_sigs SET terms_done = 1 WHERE seq = ?'),
    // Band hits carry how many buckets they share (the MinHash estimate of their similarity), term hits 0; a seq hit
    // both ways keeps its band count. Most shared buckets first, so that a caller stopping at a cap keeps the closest.
    candidates: db.prepare(
      `WITH hits(seq, bands) AS (
         SELECT seq, count(*) FROM match_bands WHERE bucket IN (SELECT CAST(value AS BIGINT) FROM json_each(@buckets)) AND day BETWEEN @d0 AND @d1
           GROUP BY seq HAVING count(*) >= @minBands
         UNION ALL SELECT seq, 0 FROM match_terms WHERE term IN (SELECT value FROM json_each(@terms)) AND "full" IN (0, 1) AND day BETWEEN @d0 AND @d1
         UNION ALL SELECT seq, 0 FROM match_terms WHERE term IN (SELECT value FROM json_each(@fullTerms)) AND "full" = 1 AND day BETWEEN @d0 AND @d1
       ), best AS (SELECT seq, max(bands) AS bands FROM hits GROUP BY seq)
       SELECT s.petition_id AS id, s.received_at, best.bands FROM best JOIN match_sigs s ON s.seq = best.seq
       WHERE s.received_at >= @from AND s.received_at <= @to AND s.petition_id != @except
       ORDER BY best.bands DESC, s.received_at DESC, s.petition_id`,
    ),
    // Each key's `perKey` newest rows of the window, for all keys in one statement: one row per key, holding its
    // seqs as a JSON array. The walk per key stays bounded only while the LIMIT sits in a subquery run once per key
    // (SQLite has no LATERAL join), and such a subquery yields one value. The union of the arrays is taken in JS:
    // opening them again in SQL for an IN list cost about 3x the whole lookup in a flood (48 buckets x 200 rows).
    recentSeqs: db
      .prepare(
        `WITH row_kinds(v) AS (VALUES (0), (1))
         SELECT (SELECT json_group_array(seq) FROM (SELECT seq FROM match_bands
             WHERE bucket = CAST(k.value AS BIGINT) AND day BETWEEN @d0 AND @d1 ORDER BY day DESC, seq DESC LIMIT @perKey) AS w)
           FROM json_each(@buckets) k
         UNION ALL
         SELECT (SELECT json_group_array(seq) FROM (SELECT seq FROM match_terms
             WHERE term = k.value AND "full" = row_kinds.v AND day BETWEEN @d0 AND @d1 ORDER BY day DESC, seq DESC LIMIT @perKey) AS w)
           FROM json_each(@terms) k, row_kinds
         UNION ALL
         SELECT (SELECT json_group_array(seq) FROM (SELECT seq FROM match_terms
             WHERE term = k.value AND "full" = 1 AND day BETWEEN @d0 AND @d1 ORDER BY day DESC, seq DESC LIMIT @perKey) AS w)
           FROM json_each(@fullTerms) k`,
      )
      .pluck(),
    sigs: db.prepare(
      `SELECT petition_id AS id, received_at FROM match_sigs WHERE seq IN (SELECT CAST(value AS BIGINT) FROM json_each(?))
       AND received_at >= ? AND received_at <= ? AND petition_id != ? ORDER BY received_at DESC, petition_id`,
    ),
    behind: db
      .prepare('SELECT (SELECT count(*) FROM petitions) - (SELECT count(*) FROM match_sigs WHERE terms_done = 1) AS n')
      .pluck(),
    unindexed: db.prepare(
      `SELECT p.rowid AS rowid, p.id, p.title, p.text, p.received_at FROM petitions p
       WHERE p.rowid > ? AND NOT EXISTS (SELECT 1 FROM match_sigs s WHERE s.petition_id = p.id AND s.terms_done = 1)
       ORDER BY p.rowid LIMIT ?`,
    ),
  };

  return {
    /** The petition's index row, if it has one. */
    get: (petitionId: string) => s.seqOf.get(petitionId) as { seq: number; terms_done: number } | undefined,
    /** Adds a petition with its band buckets; returns its seq. The caller checks `get` first. */
    addBands(petitionId: string, receivedAt: string, buckets: number[]): number {
      const seq = Number(s.insertSig.run(petitionId, receivedAt).lastInsertRowid);
      if (buckets.length) s.insertBands.run({ buckets: JSON.stringify(buckets), day: dayOf(receivedAt), seq });
      return seq;
    },
    /** Adds a petition's matter terms and marks it done. */
    addTerms(seq: number, receivedAt: string, terms: MatchTerm[]) {
      if (terms.length) s.insertTerms.run({ terms: JSON.stringify(terms), day: dayOf(receivedAt), seq });
      s.termsDone.run(seq);
    },
    /**
     * Petitions received in [from, to] (except one) sharing at least `minBands` band buckets, a term (`terms`, either kind of row)
     * or a full key (`fullTerms`); most shared band buckets first (`bands`, 0 for a term hit only), then newest first.
     */
    candidates: (q: {
      buckets: number[];
      minBands: number;
      terms: string[];
      fullTerms: string[];
      from: string;
      to: string;
      except: string;
    }) =>
      s.candidates.all({
        minBands: q.minBands,
        buckets: JSON.stringify(q.buckets),
        terms: JSON.stringify(q.terms),
        fullTerms: JSON.stringify(q.fullTerms),
        d0: dayOf(q.from),
        d1: dayOf(q.to),
        from: q.from,
        to: q.to,
        except: q.except,
      }) as { id: string; received_at: string; bands: number }[],
    /**
     * Like `candidates` with minBands 1, but each band bucket and each term (row kind) gives only its `perKey` most
     * recently received rows of the window: an index walk of at most `perKey` steps per key, however many letters
     * share the key.
     */
    recentCandidates(q: {
      buckets: number[];
      terms: string[];
      fullTerms: string[];
      from: string;
      to: string;
      except: string;
      perKey: number;
    }) {
      const lists = s.recentSeqs.all({
        buckets: JSON.stringify(q.buckets),
        terms: JSON.stringify(q.terms),
        fullTerms: JSON.stringify(q.fullTerms),
        d0: dayOf(q.from),
        d1: dayOf(q.to),
        perKey: q.perKey,
      }) as string[];
      const seqs = new Set<number>();
      for (const list of lists) for (const seq of JSON.parse(list) as number[]) seqs.add(seq);
      return s.sigs.all(JSON.stringify([...seqs]), q.from, q.to, q.except) as { id: string; received_at: string }[];
    },
    /** How many petitions are not fully indexed (0 on a database kept up to date). */
    behind: () => s.behind.get() as number,
    /** Petitions not fully indexed after rowid `after`, in rowid order (a cursor: each batch starts where the last ended). */
    unindexed: (after: number, limit: number) => s.unindexed.all(after, limit) as (Unindexed & { rowid: number })[],
  };
}

export type MatchIndexStore = ReturnType<typeof createMatchIndexStore>;
