import { tx, type Db } from '../store/db.ts';
import { createMatchIndexStore, type MatchTerm } from '../store/match-index.ts';
import { createPetitionTextsRead } from '../store/petition-texts-read.ts';
import { bigrams, extractEntities, type Grams, type MatterEntity } from './matter.ts';
import { bandBuckets } from './minhash.ts';

/** sameEntity (matter.ts) matches a key ending with another key of at least this many characters. */
const SUFFIX_MATCH_MIN = 5;
const CATCH_UP_BATCH = 500;

/** The terms stored for a petition's named matters: each key, and its suffixes long enough for sameEntity. */
export function termsOf(entities: MatterEntity[]): MatchTerm[] {
  const out = new Map<string, MatchTerm>();
  for (const e of entities) {
    out.set(`${e.kind}:${e.key}`, { term: `${e.kind}:${e.key}`, full: 1 });
    for (let i = 1; e.key.length - i >= SUFFIX_MATCH_MIN; i++) {
      const t = `${e.kind}:${e.key.slice(i)}`;
      if (!out.has(t)) out.set(t, { term: t, full: 0 });
    }
  }
  return [...out.values()];
}

/** The lookup terms for a new petition's matters: stored rows that can satisfy sameEntity with one of them. */
function lookupTerms(entities: MatterEntity[]) {
  const terms = new Set<string>(); // stored key or stored suffix equal to this key
  const fullTerms = new Set<string>(); // stored key equal to a suffix of this key
  for (const e of entities) {
    terms.add(`${e.kind}:${e.key}`);
    for (let i = 1; e.key.length - i >= SUFFIX_MATCH_MIN; i++) fullTerms.add(`${e.kind}:${e.key.slice(i)}`);
  }
  return { terms: [...terms], fullTerms: [...fullTerms] };
}

/**
 * The index of near-duplicate and same-matter candidates (issue 24): MinHash LSH band buckets of each
 * petition's bigrams and the terms of its named matters, stored beside the petition. A lookup costs about
 * the same whatever the size of the window; the callers check every candidate exactly.
 */
export function createMatchIndex(db: Db) {
  const store = createMatchIndexStore(db);
  const petitions = createPetitionTextsRead(db);

  /** Indexes one petition (idempotent). `title` undefined: read from the stored petition when it is there. */
  function add(p: { id: string; text: string; receivedAt: string; title?: string | null }, grams?: Grams) {
    const row = store.get(p.id);
    if (row?.terms_done) return;
    const seq = row?.seq ?? store.addBands(p.id, p.receivedAt, bandBuckets(grams ?? bigrams(p.text)));
    let title = p.title;
    if (title === undefined) {
      const stored = petitions.titleOf(p.id);
      if (stored === undefined) return; // not registered yet: the clusterer adds the terms with the title
      title = stored;
    }
    store.addTerms(seq, p.receivedAt, termsOf(extractEntities(`${title ?? ''}。${p.text}`)));
  }

  /** Indexes every stored petition the index lacks (a database from before migration 012); returns how many. */
  function catchUp(): number {
    if (store.behind() <= 0) return 0;
    let n = 0;
    let after = 0;
    for (;;) {
      const rows = store.unindexed(after, CATCH_UP_BATCH);
      if (!rows.length) return n;
      after = rows[rows.length - 1].rowid;
      tx(db, () => {
        for (const r of rows) add({ id: r.id, text: r.text, title: r.title, receivedAt: r.received_at });
      });
      n += rows.length;
    }
  }

  return {
    add,
    catchUp,
    /**
     * Indexed petitions received in [from, to] other than `except` that may match: a shared LSH band bucket
     * of `grams` (at least `minBands` of them, default 1), or a stored matter that sameEntity may equate with one of `entities`.
     * Most shared band buckets first (the likeliest near-duplicates; a matter-only hit counts 0), then newest first.
     */
    candidates(q: {
      except: string;
      grams: Grams;
      entities?: MatterEntity[];
      from: string;
      to: string;
      minBands?: number;
    }) {
      const { terms, fullTerms } = lookupTerms(q.entities ?? []);
      return store.candidates({
        buckets: bandBuckets(q.grams),
        minBands: q.minBands ?? 1,
        terms,
        fullTerms,
        from: q.from,
        to: q.to,
        except: q.except,
      });
    },
    /**
     * Like `candidates` (one shared band bucket or a matter), taking from each bucket and each matter term only its
     * `perKey` most recently received petitions of [from, to]. Newest first.
     */
    recentCandidates(q: {
      except: string;
      grams: Grams;
      entities: MatterEntity[];
      from: string;
      to: string;
      perKey: number;
    }) {
      return store.recentCandidates({
        buckets: bandBuckets(q.grams),
        ...lookupTerms(q.entities),
        from: q.from,
        to: q.to,
        except: q.except,
        perKey: q.perKey,
      });
    },
  };
}

export type MatchIndex = ReturnType<typeof createMatchIndex>;
