import { z } from 'zod';

/**
 * Issue 16, round 13: the learned text–article affinity the citation model reads (design
 * rerank-search5-cues-aff-prof5-ship). For each article the judges cited, the TF-IDF centroid of the jieba tokens
 * (tokenize.ts) of the training letters that judged it 2, and of those that judged it 0; a letter's affinity to a
 * candidate is its cosine to both. The closest positive profiles also propose candidates. This file only scores:
 * the profiles are fitted by scripts/judged/affinity.ts and shipped in citation-model.json as token weights only,
 * never letter text.
 */

/** Sparse vector: token → weight. */
export type Vec = Map<string, number>;

export type Profile = { c: Vec; norm: number; n: number };
export type Profiles = {
  idf: Map<string, number>;
  /** article → centroid of the letters that judged it 2 (unnormalised mean of unit vectors) and their count. */
  pos: Map<string, Profile>;
  neg: Map<string, Profile>;
  /** token → [article, weight / norm] of the positive centroids (the profile search). */
  inverted: Map<string, [string, number][]>;
};

/** The re-ranker features the affinity adds, after the design's own. */
export const AFFINITY_FEATURES = ['affPos', 'affNeg', 'affSupport', 'affNegSupport'] as const;
/** The feature of a candidate the profiles proposed (source 'extra' in citation-model.ts candidates()). */
export const PROFILED_FEATURE = 'profiled';

/** Token counts of a tokenised letter. */
export function termCounts(tokens: string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/** Unit TF-IDF vector (sublinear tf) of token counts; tokens unseen in training are dropped. */
export function vectorOf(tf: Map<string, number>, idf: Map<string, number>): Vec {
  const v: Vec = new Map();
  let ss = 0;
  for (const [t, n] of tf) {
    const w = idf.get(t);
    if (!w) continue;
    const x = (1 + Math.log(n)) * w;
    v.set(t, x);
    ss += x * x;
  }
  const norm = Math.sqrt(ss) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

/** A centroid with its norm (of the kept tokens). */
export function profileOf(c: Vec, n: number): Profile {
  let ss = 0;
  for (const x of c.values()) ss += x * x;
  return { c, norm: Math.sqrt(ss) || 1, n };
}

/** Profiles from their centroids, with the inverted index of the positive ones. */
export function profilesOf(idf: Map<string, number>, pos: Map<string, Profile>, neg: Map<string, Profile>): Profiles {
  const inverted = new Map<string, [string, number][]>();
  for (const [key, { c, norm }] of pos)
    for (const [t, x] of c) {
      const list = inverted.get(t) ?? [];
      list.push([key, x / norm]);
      inverted.set(t, list);
    }
  return { idf, pos, neg, inverted };
}

const cosine = (v: Vec, p: { c: Vec; norm: number } | undefined) => {
  if (!p) return 0;
  let s = 0;
  for (const [t, x] of v) s += x * (p.c.get(t) ?? 0);
  return s / p.norm;
};

/** The affinity features (AFFINITY_FEATURES) of a letter vector and an article. */
export function affinity(pr: Profiles, v: Vec, key: string): number[] {
  const p = pr.pos.get(key);
  const n = pr.neg.get(key);
  return [cosine(v, p), cosine(v, n), Math.log1p(p?.n ?? 0), Math.log1p(n?.n ?? 0)];
}

/** The letter's cosine to every positive profile, best first. */
export function profileScores(pr: Profiles, v: Vec): { key: string; score: number }[] {
  const s = new Map<string, number>();
  for (const [t, x] of v) for (const [key, w] of pr.inverted.get(t) ?? []) s.set(key, (s.get(key) ?? 0) + x * w);
  return [...s]
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, score]) => ({ key, score }));
}

/** The articles whose positive profile is closest to the letter (at most n, supported by ≥ minSupport letters). */
export function profileSearch(pr: Profiles, v: Vec, n: number, minSupport = 2): { key: string; score: number }[] {
  return profileScores(pr, v)
    .filter((h) => (pr.pos.get(h.key)?.n ?? 0) >= minSupport)
    .slice(0, n);
}

/**
 * What the affinity adds for one letter: the articles its `propose` closest profiles suggest (extra candidates)
 * and the features of a candidate (AFFINITY_FEATURES, then PROFILED_FEATURE when proposing).
 */
export function letterAffinity(pr: Profiles, tokens: Map<string, number>, propose: number) {
  const v = vectorOf(tokens, pr.idf);
  const ranked = profileScores(pr, v);
  const extra = propose
    ? ranked
        .filter((h) => (pr.pos.get(h.key)?.n ?? 0) >= 2)
        .slice(0, propose)
        .map((h) => h.key)
    : [];
  return {
    v,
    ranked,
    extra,
    features: (key: string, source: string) => [
      ...affinity(pr, v, key),
      ...(propose ? [source === 'extra' ? 1 : 0] : []),
    ],
  };
}

/** Round 20: the law-level features, then the candidate's standing among the letter's own candidates. */
export const LAW_FEATURES = ['lawPos', 'lawNeg', 'lawRank', 'lawRatio', 'affRankInLaw', 'lawCount'] as const;

/** The law of an article key (matter-evidence.ts articleKey: law#article). */
export const lawOfKey = (key: string) => key.slice(0, key.indexOf('#'));

/**
 * Appends LAW_FEATURES to each candidate's features: the letter's cosine to the candidate's law profile (positive and
 * negative), that law's rank among all law profiles and its cosine over the best one, how many of the law's
 * candidates have a higher article affinity (x[affPos]), and how many candidates the law has. A wrong top-1 was in the
 * wrong law more often than in the right law (round 19), and article profiles alone are thin.
 */
export function addLawFeatures(laws: Profiles, v: Vec, cands: { key: string; x: number[] }[], affPos: number): void {
  const ranked = profileScores(laws, v);
  const rank = new Map(ranked.map((h, i) => [h.key, i]));
  const score = new Map(ranked.map((h) => [h.key, h.score]));
  const best = ranked[0]?.score ?? 0;
  const byLaw = new Map<string, number[]>(); // law → its candidates' article affinities
  for (const c of cands) {
    const law = lawOfKey(c.key);
    if (!byLaw.has(law)) byLaw.set(law, []);
    byLaw.get(law)!.push(c.x[affPos] ?? 0);
  }
  for (const c of cands) {
    const law = lawOfKey(c.key);
    const pos = score.get(law) ?? 0;
    const mine = c.x[affPos] ?? 0;
    const inLaw = byLaw.get(law)!;
    c.x.push(
      pos,
      cosine(v, laws.neg.get(law)),
      Math.log1p(rank.get(law) ?? ranked.length),
      best > 0 ? pos / best : 0,
      Math.log1p(inLaw.filter((a) => a > mine).length),
      Math.log1p(inLaw.length),
    );
  }
}

// Shipped form: weights rounded to 6 decimals (the trainer scores its in-sample check with the same rounded form).
const WeightsSchema = z.record(z.string(), z.number());
const ProfileSchema = z.tuple([z.number().int().positive(), WeightsSchema]);
export const AffinitySchema = z.object({
  /** Candidates proposed by the closest positive profiles (0: features only). */
  propose: z.number().int().min(0),
  idf: WeightsSchema,
  /** article → [supporting letters, token → centroid weight]. */
  pos: z.record(z.string(), ProfileSchema),
  neg: z.record(z.string(), ProfileSchema),
  /** Round 20: law → [supporting letters, centroid] (same idf); absent: no LAW_FEATURES. */
  laws: z.object({ pos: z.record(z.string(), ProfileSchema), neg: z.record(z.string(), ProfileSchema) }).optional(),
});
export type ShippedAffinity = z.infer<typeof AffinitySchema>;

const r6 = (x: number) => Number(x.toFixed(6));
const round = (m: Vec) => Object.fromEntries([...m].map(([t, x]) => [t, r6(x)]));

const side = (m: Map<string, Profile>) =>
  Object.fromEntries([...m].map(([k, p]) => [k, [p.n, round(p.c)] as [number, Record<string, number>]]));
/** The shipped form of fitted profiles (and of law profiles fitted with the same idf). */
export function shipProfiles(pr: Profiles, propose: number, laws?: Profiles): ShippedAffinity {
  return {
    propose,
    idf: round(pr.idf),
    pos: side(pr.pos),
    neg: side(pr.neg),
    ...(laws ? { laws: { pos: side(laws.pos), neg: side(laws.neg) } } : {}),
  };
}

/** Profiles from their shipped form (built once per model). */
const unship = (r: ShippedAffinity['pos']) =>
  new Map(Object.entries(r).map(([k, [n, w]]) => [k, profileOf(new Map(Object.entries(w)), n)]));
export function loadProfiles(a: ShippedAffinity): Profiles {
  return profilesOf(new Map(Object.entries(a.idf)), unship(a.pos), unship(a.neg));
}

/** The law profiles from their shipped form; undefined for a model without them. */
export function loadLawProfiles(a: ShippedAffinity): Profiles | undefined {
  return a.laws && profilesOf(new Map(Object.entries(a.idf)), unship(a.laws.pos), unship(a.laws.neg));
}
