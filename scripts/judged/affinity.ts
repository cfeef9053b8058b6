/**
 * Issue 16, round 12 (experiment; shipped in round 13 as rerank-search5-cues-aff-prof5-ship): fits the text–article
 * affinity profiles that src/clauses/affinity.ts scores. For each article, the TF-IDF centroid of the jieba tokens
 * (src/clauses/tokenize.ts) of the training letters that judged it 2, and of those that judged it 0. learned.ts
 * fits the profiles inside the training folds (and cross-fits the re-ranker's training features over sub-folds),
 * so a letter's own judgements never feed its feature. A profile holds token weights only, never letter text.
 */
import {
  lawOfKey,
  profileOf,
  profilesOf,
  vectorOf,
  type Profile,
  type Profiles,
  type Vec,
} from '../../src/clauses/affinity.ts';

export {
  AFFINITY_FEATURES,
  affinity,
  letterAffinity,
  profileSearch,
  termCounts,
  vectorOf,
  type Profiles,
  type Vec,
} from '../../src/clauses/affinity.ts';

export type AffinityDoc = { tokens: Map<string, number>; two: Set<string>; zero: Set<string> };

function centroids(vecs: Map<string, Vec[]>, minDocs: number, top: number) {
  const out = new Map<string, Profile>();
  for (const [key, vs] of vecs) {
    if (vs.length < minDocs) continue;
    const full: Vec = new Map();
    for (const v of vs) for (const [t, x] of v) full.set(t, (full.get(t) ?? 0) + x / vs.length);
    // The heaviest tokens only: smaller to ship and to score.
    const c: Vec = new Map([...full].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top));
    out.set(key, profileOf(c, vs.length));
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
  return profilesOf(idf, centroids(pos, minSupport, top), centroids(neg, minSupport, top));
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

/**
 * Round 20 (designs *-law): law profiles, every article of a law pooled, so a law has many more supporting letters
 * than any one article. Positive: the laws of the letter's judged-2 articles; negative: laws judged 0 with no 2 in the
 * same law. Same idf as fitProfiles on the same letters (the shipped model keeps one idf).
 */
export function fitLawProfiles(docs: AffinityDoc[]): Profiles {
  return fitProfiles(
    docs.map((d) => {
      const two = new Set([...d.two].map(lawOfKey));
      return { tokens: d.tokens, two, zero: new Set([...d.zero].map(lawOfKey).filter((l) => !two.has(l))) };
    }),
    { minSupport: 3, top: 200 },
  );
}
