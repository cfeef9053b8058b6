import { z } from 'zod';
import { lawOfKey } from './affinity.ts';

/**
 * Issue 16, round 26: two softmax regressions over a letter's word-vector (word-vectors.ts), one to the law a legal
 * officer judged to govern it and one to the article. Classes are the laws and articles judged 2 on enough training
 * letters, plus ∅none (no article judged 2) and ∅other (judged 2, but not a class). The re-ranker reads them as
 * five features of each candidate (CLF_FEATURES). Fitted by scripts/judged/softmax.ts; this file only scores.
 */
const DenseSoftmaxSchema = z.object({
  classes: z.array(z.string()),
  /** Multiplies the letter's unit vector before the weights (the fitter's feature scale). */
  scale: z.number(),
  /** dim × classes, row-major by dimension. */
  w: z.array(z.number()),
  b: z.array(z.number()),
});
export type DenseSoftmax = z.infer<typeof DenseSoftmaxSchema>;
export const LetterClassifierSchema = z.object({ law: DenseSoftmaxSchema, article: DenseSoftmaxSchema });
export type LetterClassifier = z.infer<typeof LetterClassifierSchema>;

export const NONE = '∅none';
export const OTHER = '∅other';
export const CLF_FEATURES = ['clfLaw', 'clfLawRank', 'clfArticle', 'clfArticleKnown', 'clfNone'] as const;

/** Every class with its probability, most probable first. */
export function denseScores(m: DenseSoftmax, v: Float32Array): { label: string; p: number }[] {
  const C = m.classes.length;
  // Weights for vectors of another size would score silently wrong: a model is fitted on one set of vectors.
  if (m.w.length !== v.length * C) throw new Error(`分类器权重 ${m.w.length} 与向量维数 ${v.length} × ${C} 类不符`);
  const z = Float64Array.from(m.b);
  for (let d = 0; d < v.length; d++) {
    const x = v[d] * m.scale;
    if (x === 0) continue;
    for (let c = 0; c < C; c++) z[c] += m.w[d * C + c] * x;
  }
  let max = -Infinity;
  for (const x of z) if (x > max) max = x;
  let sum = 0;
  for (let c = 0; c < C; c++) (z[c] = Math.exp(z[c] - max)), (sum += z[c]);
  return m.classes.map((label, c) => ({ label, p: z[c] / sum })).sort((a, b) => b.p - a.p);
}

/**
 * A candidate's classifier features: √P(its law), log(1 + its law's rank among the laws), √P(the article), whether
 * the article is a class, P(∅none). Square roots spread the small probabilities the re-ranker mostly sees.
 */
export function classifierFeatures(
  laws: { label: string; p: number }[],
  articles: { label: string; p: number }[],
): (key: string) => number[] {
  const lawList = laws.filter((c) => !c.label.startsWith('∅'));
  const lawP = new Map(lawList.map((c, i) => [c.label, [c.p, i] as const]));
  const artP = new Map(articles.map((c) => [c.label, c.p]));
  const none = artP.get(NONE) ?? 0;
  return (key: string) => {
    const [p, rank] = lawP.get(lawOfKey(key)) ?? [0, lawList.length];
    const a = artP.get(key);
    return [Math.sqrt(p), Math.log(1 + rank), Math.sqrt(a ?? 0), a === undefined ? 0 : 1, none];
  };
}

/** The features of a letter under both classifiers. */
export function letterClassifierFeatures(clf: LetterClassifier, v: Float32Array): (key: string) => number[] {
  return classifierFeatures(denseScores(clf.law, v), denseScores(clf.article, v));
}
