import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MatterFirstResult, ScoredClause } from './matter-first.ts';
import { articleKey, evidenceArticles, evidenceConfidence, type MatterEvidence } from './matter-evidence.ts';
import type { Corpus } from './types.ts';

/**
 * The learned citation decision (issue 16): whether a legal officer would cite a candidate article for this letter.
 * Matter-first proposes candidates (key articles, BM25 within the statutes, articles judged 2 on earlier letters of
 * the matter); a logistic re-ranker, learned from the judges' scores, turns each into a probability from the
 * judged evidence of (matter, article), the article's judged rate across matters, how often letters of the matter
 * need a statute, a char n-gram classifier of the judges' needs_statute label, the letter kind and the article's
 * place in its statute (penalty and closing articles are rarely cited). Training and cross-validation live in
 * scripts/judged/learned.ts; this file only scores.
 */
const CountSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export const CitationModelSchema = z.object({
  about: z.string(),
  letters: z.number().int().nonnegative(),
  /** Judged rate of a proposed candidate, over all matters (the prior of the per-article rates). */
  globalRate: z.number().min(0).max(1),
  /** article → [letters where it was a candidate, of which judged 2], over every matter. */
  articles: z.record(z.string(), CountSchema),
  /** matter → [letters, of which the judges said a statute is needed]. */
  matters: z.record(z.string(), CountSchema),
  needsRate: z.number().min(0).max(1),
  /** Char 1–2-gram logistic regression of needs_statute (binary presence, L2-normalised). */
  needs: z.object({ bias: z.number(), weights: z.record(z.string(), z.number()) }),
  reranker: z.object({
    features: z.array(z.string()),
    mean: z.array(z.number()),
    scale: z.array(z.number()),
    weights: z.array(z.number()),
    bias: z.number(),
  }),
  /** Drafts quote at most maxDraft candidates from draftThreshold up, and none when P(needs statute) < needsGate. */
  draftThreshold: z.number().min(0).max(1),
  maxDraft: z.number().int().min(1).max(3),
  needsGate: z.number().min(0).max(1),
});
export type CitationModel = z.infer<typeof CitationModelSchema>;

export const RERANK_FEATURES = [
  'prior',
  'key',
  'within',
  'evidenceOnly',
  'rank',
  'evMatter',
  'evSupport',
  'artRate',
  'artSupport',
  'matterNeeds',
  'question',
  'suggestion',
  'report',
  'needsLogit',
  'position',
  'penalty',
  'closing',
  'otherMatter',
] as const;

const grams = (text: string): Set<string> => {
  const s = text.replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) {
    out.add(s[i]);
    if (i + 1 < s.length) out.add(s.slice(i, i + 2));
  }
  return out;
};
/** The n-grams the needs_statute classifier reads (training shares it). */
export const letterGrams = grams;

/** Logit of P(the letter needs a substantive statute) by the char n-gram classifier. */
export function needsLogit(needs: CitationModel['needs'], text: string): number {
  let sum = 0;
  let n = 0;
  for (const g of grams(text)) {
    const w = needs.weights[g];
    if (w !== undefined) (sum += w), n++;
  }
  return needs.bias + (n ? sum / Math.sqrt(n) : 0);
}

const rate = (c: [number, number] | undefined, prior: number, k: number) =>
  ((c?.[1] ?? 0) + k * prior) / ((c?.[0] ?? 0) + k);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface Candidate {
  clause: ScoredClause;
  key: string;
  proposed: boolean;
  features: number[];
}

/** Every candidate of a matter-first result with its features (the re-ranker's input). */
export function candidates(
  r: MatterFirstResult,
  ev: MatterEvidence,
  model: Pick<CitationModel, 'globalRate' | 'articles' | 'matters' | 'needsRate'>,
  corpus: Corpus,
  logit: number,
): Candidate[] {
  const m = r.matter;
  if (!m?.needsStatute || r.kind === 'thanks') return [];
  const pool: { clause: ScoredClause; key: string; proposed: boolean; rank: number }[] = [];
  const seen = new Set<string>();
  const add = (key: string, reason: string[]) => {
    const [law, article] = key.split('#');
    const a = seen.has(key) ? undefined : corpus.getArticle(law, article);
    if (!a) return;
    seen.add(key);
    pool.push({ clause: { ...a, score: 0, confidence: 0, matter: m.id, reason }, key, proposed: false, rank: 20 });
  };
  r.ranked.forEach((c, rank) => {
    const key = articleKey(c.law, c.article);
    if (!seen.has(key)) seen.add(key), pool.push({ clause: c, key, proposed: true, rank });
  });
  for (const key of evidenceArticles(ev, m.id)) add(key, [`事项:${m.label}`, '评判经验']);
  const matterNeeds = rate(model.matters[m.id], model.needsRate, 4);
  return pool.map(({ clause: c, key, proposed, rank }) => {
    const group = ev.groups[m.id];
    const support = proposed ? (group?.proposed[key]?.[0] ?? 0) : (group?.cited[key] ?? 0);
    const law = corpus.findLaw(c.lawId || c.law);
    const a = corpus.getArticle(c.lawId || c.law, c.article);
    const within = c.reason.includes('法规内检索');
    const f: Record<(typeof RERANK_FEATURES)[number], number> = {
      prior: c.confidence,
      key: proposed && !within ? 1 : 0,
      within: within ? 1 : 0,
      evidenceOnly: proposed ? 0 : 1,
      rank: Math.log1p(rank),
      evMatter: evidenceConfidence(ev, m.id, r.kind, key, c.confidence, proposed),
      evSupport: Math.log1p(support),
      artRate: rate(model.articles[key], model.globalRate, 2),
      artSupport: Math.log1p(model.articles[key]?.[0] ?? 0),
      matterNeeds,
      question: r.kind === 'question' ? 1 : 0,
      suggestion: r.kind === 'suggestion' ? 1 : 0,
      report: r.kind === 'report' ? 1 : 0,
      needsLogit: Math.max(-4, Math.min(4, logit)),
      position: law?.articles.length ? c.number / law.articles.length : 0.5,
      penalty: /法律责任|罚则/.test(a?.chapter ?? '') ? 1 : 0,
      closing: /附则/.test(a?.chapter ?? '') || /自.{0,12}起施行/.test(a?.text ?? '') ? 1 : 0,
      otherMatter: c.matter && c.matter !== m.id ? 1 : 0,
    };
    return { clause: c, key, proposed, features: RERANK_FEATURES.map((n) => f[n]) };
  });
}

/** P(judged 2) of one candidate by the re-ranker. */
export function citeProbability(rr: CitationModel['reranker'], x: number[]): number {
  let z = rr.bias;
  for (let i = 0; i < x.length; i++) z += rr.weights[i] * ((x[i] - rr.mean[i]) / rr.scale[i]);
  return sigmoid(z);
}

/**
 * Re-scores a matter-first result with the citation model: each candidate's confidence becomes its probability of
 * being judged 2; those from `threshold` up are recommended. When the classifier says the letter probably needs no
 * statute (below needsGate), nothing is recommended.
 */
export function withCitationModel(
  r: MatterFirstResult,
  ctx: { evidence: MatterEvidence; model: CitationModel; corpus: Corpus; text: string; threshold: number; k: number },
): MatterFirstResult {
  const { model } = ctx;
  if (!r.matter?.needsStatute || r.kind === 'thanks') return r;
  const logit = needsLogit(model.needs, ctx.text);
  const gated = sigmoid(logit) < model.needsGate;
  // An article matter-first did not propose (its own cue did not match) is listed only when it clears the
  // threshold on its own: a kindergarten letter never lists 义务教育法 because earlier school letters cited it.
  const ranked = candidates(r, ctx.evidence, model, ctx.corpus, logit)
    .map((c) => {
      const p = Number(citeProbability(model.reranker, c.features).toFixed(3));
      return { clause: { ...c.clause, confidence: p, score: p }, proposed: c.proposed };
    })
    .filter((c) => c.proposed || c.clause.confidence >= ctx.threshold)
    .map((c) => c.clause)
    .sort((a, b) => b.confidence - a.confidence);
  const clauses = gated ? [] : ranked.filter((c) => c.confidence >= ctx.threshold).slice(0, ctx.k);
  const reason = clauses.length
    ? undefined
    : gated
      ? '按评判经验，此类来信通常无需引用实体法条'
      : `事项“${r.matter.label}”的条文把握不足，不推送法条`;
  const { reason: _old, ...rest } = r;
  return { ...rest, ranked, clauses, abstained: !clauses.length, ...(reason ? { reason } : {}) };
}

export const CITATION_MODEL_PATH = new URL('./citation-model.json', import.meta.url).pathname;
let shipped: CitationModel | null | undefined;
/** The shipped citation-model.json (scripts/judged/learned.ts --write), read once; undefined when absent. */
export function defaultCitationModel(): CitationModel | undefined {
  if (shipped === undefined)
    shipped = existsSync(CITATION_MODEL_PATH)
      ? CitationModelSchema.parse(JSON.parse(readFileSync(CITATION_MODEL_PATH, 'utf8')))
      : null;
  return shipped ?? undefined;
}
