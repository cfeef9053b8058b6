/**
 * Issue 16, round 12 (experiment): a learned text–article affinity. For each article, the TF-IDF centroid of the
 * jieba tokens (src/clauses/tokenize.ts) of the training letters that judged it 2, and of those that judged it 0;
 * a letter's affinity to a candidate is its cosine to the article's centroids. learned.ts fits the profiles inside
 * the training folds (and cross-fits the re-ranker's training features over sub-folds), so a letter's own
 * judgements never feed its feature. A profile holds token weights only, never letter text.
 */

/** Sparse vector: token → weight. */
export type Vec = Map<string, number>;

export type Profiles = {
  idf: Map<string, number>;
  /** article → centroid of the letters that judged it 2 (unnormalised mean of unit vectors) and their count. */
  pos: Map<string, { c: Vec; norm: number; n: number }>;
  neg: Map<string, { c: Vec; norm: number; n: number }>;
  /** token → [article, weight / norm] of the positive centroids (the profile search). */
  inverted: Map<string, [string, number][]>;
};

/** The re-ranker features the affinity adds (learned.ts appends them after the design's own). */
export const AFFINITY_FEATURES = ['affPos', 'affNeg', 'affSupport', 'affNegSupport'] as const;

export type AffinityDoc = { tokens: Map<string, number>; two: Set<string>; zero: Set<string> };

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

function centroids(vecs: Map<string, Vec[]>, minDocs: number, top: number) {
  const out = new Map<string, { c: Vec; norm: number; n: number }>();
  for (const [key, vs] of vecs) {
    if (vs.length < minDocs) continue;
    const full: Vec = new Map();
    for (const v of vs) for (const [t, x] of v) full.set(t, (full.get(t) ?? 0) + x / vs.length);
    // The heaviest tokens only: smaller to ship and to score.
    const c: Vec = new Map([...full].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top));
    let ss = 0;
    for (const x of c.values()) ss += x * x;
    out.set(key, { c, norm: Math.sqrt(ss) || 1, n: vs.length });
  }
  return out;
}

/**
 * Profiles of the training letters: tokens seen in ≥ minDf of them; an article's profile only from ≥ minSupport
 * letters (a profile of one letter is that letter's vocabulary), at most `top` tokens each.
 */
export function fitProfiles(
  docs: AffinityDoc[],
  opts: { minDf?: number; minSupport?: number; top?: number } = {},
): Profiles {
  const { minDf = 2, minSupport = 1, top = Infinity } = opts;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tokens.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, n] of df) if (n >= minDf) idf.set(t, Math.log((docs.length + 1) / (n + 1)) + 1);
  const pos = new Map<string, Vec[]>();
  const neg = new Map<string, Vec[]>();
  for (const d of docs) {
    const v = vectorOf(d.tokens, idf);
    for (const k of d.two) pos.set(k, [...(pos.get(k) ?? []), v]);
    for (const k of d.zero) neg.set(k, [...(neg.get(k) ?? []), v]);
  }
  const p = centroids(pos, minSupport, top);
  const inverted = new Map<string, [string, number][]>();
  for (const [key, { c, norm }] of p)
    for (const [t, x] of c) {
      const list = inverted.get(t) ?? [];
      list.push([key, x / norm]);
      inverted.set(t, list);
    }
  return { idf, pos: p, neg: centroids(neg, minSupport, top), inverted };
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

/** Features of where the article stands among the letter's profile matches (designs *-aff2). */
export const RELATIVE_FEATURES = ['affRank', 'affRatio', 'affShrunk'] as const;

/**
 * The candidate's rank among all profiles by the letter's affinity (log), its affinity over the best one, and its
 * affinity shrunk by support (a profile of one letter is mostly that letter's own words).
 */
export function relativeAffinity(pr: Profiles, ranked: { key: string; score: number }[]) {
  const rank = new Map(ranked.map((h, i) => [h.key, i]));
  const best = ranked[0]?.score ?? 0;
  return (key: string, pos: number): number[] => {
    const n = pr.pos.get(key)?.n ?? 0;
    return [Math.log1p(rank.get(key) ?? ranked.length), best > 0 ? pos / best : 0, (pos * n) / (n + 2)];
  };
}
