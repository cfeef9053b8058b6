/**
 * Nearest judged letters (issue 16 experiment): char 1–2-gram TF-IDF, cosine. An article's score is the
 * similarity-weighted share of the k nearest letters whose judges scored it 2; `needs` the same share of
 * neighbours that needed a statute.
 */
import { letterGrams } from './learners.ts';

export type KnnDoc = { id: string; text: string; pos: string[]; needs: boolean };
type Vec = Map<string, number>;

function vectorize(grams: Set<string>, idf: Map<string, number>): Vec {
  const v: Vec = new Map();
  let norm = 0;
  for (const g of grams) {
    const w = idf.get(g);
    if (w === undefined) continue;
    v.set(g, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [g, w] of v) v.set(g, w / norm);
  return v;
}

export function fitKnn(train: KnnDoc[], minDf = 2) {
  const df = new Map<string, number>();
  const grams = train.map((d) => letterGrams(d.text));
  for (const gs of grams) for (const g of gs) df.set(g, (df.get(g) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [g, n] of df) if (n >= minDf) idf.set(g, Math.log(train.length / n));
  const vecs = grams.map((g) => vectorize(g, idf));
  // Inverted index: gram → (doc, weight), so a query touches only docs sharing a gram.
  const postings = new Map<string, [number, number][]>();
  vecs.forEach((v, i) => {
    for (const [g, w] of v) {
      let p = postings.get(g);
      if (!p) postings.set(g, (p = []));
      p.push([i, w]);
    }
  });
  return {
    predict(text: string, k: number) {
      const q = vectorize(letterGrams(text), idf);
      const sims = new Float64Array(train.length);
      for (const [g, w] of q) for (const [i, x] of postings.get(g) ?? []) sims[i] += w * x;
      const near = [...sims.keys()].sort((a, b) => sims[b] - sims[a]).slice(0, k);
      const total = near.reduce((s, i) => s + sims[i], 0) || 1;
      const score = new Map<string, number>();
      let needs = 0;
      for (const i of near) {
        if (train[i].needs) needs += sims[i];
        for (const key of train[i].pos) score.set(key, (score.get(key) ?? 0) + sims[i]);
      }
      const arts = [...score].map(([key, s]) => ({ key, score: s / total })).sort((a, b) => b.score - a.score);
      return { arts, needs: needs / total };
    },
  };
}
