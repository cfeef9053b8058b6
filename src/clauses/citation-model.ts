import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MatterFirstResult, ScoredClause } from './matter-first.ts';
import { articleKey, evidenceArticles, evidenceConfidence, type MatterEvidence } from './matter-evidence.ts';
import type { Corpus } from './types.ts';
import { CLF_FEATURES, LetterClassifierSchema, letterClassifierFeatures } from './letter-classifier.ts';
import { defaultWordVectors, letterVector } from './word-vectors.ts';
import type { Tokenizer } from './tokenize.ts';
import { SOURCE_FEATURES, citedSearch, type CandidateSources } from './candidate-sources.ts';
import {
  AFFINITY_FEATURES,
  AffinitySchema,
  LAW_FEATURES,
  PROFILED_FEATURE,
  addLawFeatures,
  letterAffinity,
  loadLawProfiles,
  loadProfiles,
  termCounts,
  type Profiles,
} from './affinity.ts';

/**
 * The learned citation decision (issue 16): whether a legal officer would cite a candidate article for this letter.
 * Matter-first proposes candidates (key articles, BM25 within the statutes, articles judged 2 on earlier letters of
 * the matter); a logistic re-ranker, learned from the judges' scores, turns each into a probability from the
 * judged evidence of (matter, article), the article's judged rate across matters, how often letters of the matter
 * need a statute (the judges' needs_statute), the letter kind and the article's place in its statute (penalty and
 * closing articles are rarely cited). Training and cross-validation live in
 * scripts/judged/learned.ts; this file only scores.
 */
const LinearSchema = z.object({
  features: z.array(z.string()),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
});
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
  reranker: LinearSchema,
  /** Drafts quote at most maxDraft candidates from draftThreshold up (chosen by cross-validation over letters). */
  draftThreshold: z.number().min(0).max(1),
  maxDraft: z.number().int().min(1).max(3),
  /** Candidate sources beyond the matter's own (candidate-sources.ts); absent: none (the re-ranker reads RERANK_FEATURES). */
  sources: z
    .object({ others: z.boolean(), broad: z.boolean(), search: z.number().int().min(0), searchCues: z.boolean() })
    .partial()
    .optional(),
  /** The text–article affinity profiles (affinity.ts); absent: the re-ranker reads no affinity features. */
  affinity: AffinitySchema.optional(),
  /** Round 24: the letter-level gate (GATE_FEATURES, then the first candidate's features); absent: no gate. */
  gate: LinearSchema.optional(),
  /**
   * Round 26: the softmax regressions from the letter's word-vector (word-vectors.ts) to the governing law and
   * article; their CLF_FEATURES follow all others. Absent: the re-ranker reads none.
   */
  classifier: LetterClassifierSchema.optional(),
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
  'position',
  'penalty',
  'closing',
  'otherMatter',
] as const;

/** The features a re-ranker reads with these candidate sources (and the affinity, proposing `propose` articles). */
// `laws`: a shipped model's law profiles, or true while training.
// `classifier` (round 26): the letter classifiers' features come last.
export const featureNames = (
  sources?: CandidateSources,
  affinity?: { propose: number; laws?: unknown },
  classifier?: unknown,
): string[] => [
  ...RERANK_FEATURES,
  ...(sources ? SOURCE_FEATURES : []),
  ...(affinity ? AFFINITY_FEATURES : []),
  ...(affinity?.propose ? [PROFILED_FEATURE] : []),
  ...(affinity?.laws ? LAW_FEATURES : []),
  ...(classifier ? CLF_FEATURES : []),
];

/** What the affinity adds for one letter (affinity.ts letterAffinity). */
export type LetterAffinity = ReturnType<typeof letterAffinity>;

const rate = (c: [number, number] | undefined, prior: number, k: number) =>
  ((c?.[1] ?? 0) + k * prior) / ((c?.[0] ?? 0) + k);

export interface Candidate {
  clause: ScoredClause;
  key: string;
  proposed: boolean;
  /** Where it came from: matter, evidence, other, search, or extra (opts.extra). */
  source: string;
  features: number[];
}

/** Where the further sources need the letter: its text (title included) and the tokenizer. */
export interface CandidateOptions {
  sources?: CandidateSources;
  text?: string;
  tokenizer?: Tokenizer;
  /** Further article keys proposed by the caller, after every source (experiments in scripts/judged; the service passes none). */
  extra?: string[];
  /** The letter's affinity: its profile proposals follow `extra` (source 'extra') and its features follow the rest. */
  affinity?: LetterAffinity;
  /** Law profiles (round 20): LAW_FEATURES follow the affinity's (needs `affinity`). */
  laws?: Profiles;
  /** Round 26: a candidate's CLF_FEATURES (letter-classifier.ts), after every other feature. */
  classify?: (key: string) => number[];
}

/** True when the result can have candidates: a statute matter, or (with sources beyond it) any letter but thanks. */
export const hasCandidates = (r: MatterFirstResult, sources?: CandidateSources) =>
  r.kind !== 'thanks' && (Boolean(r.matter?.needsStatute) || Boolean(sources?.broad || sources?.search));

/** Every candidate of a matter-first result with its features (the re-ranker's input). */
export function candidates(
  r: MatterFirstResult,
  ev: MatterEvidence,
  model: Pick<CitationModel, 'globalRate' | 'articles' | 'matters' | 'needsRate'>,
  corpus: Corpus,
  opts: CandidateOptions = {},
): Candidate[] {
  const m = r.matter;
  const s = opts.sources;
  if (!hasCandidates(r, s)) return [];
  const statute = Boolean(m?.needsStatute);
  const mid = m?.id ?? '';
  const label = m?.label ?? '未识别事项';
  const pool: { clause: ScoredClause; key: string; proposed: boolean; rank: number; source: string }[] = [];
  const seen = new Set<string>();
  const search = new Map<string, number>();
  const add = (key: string, matter: string, reason: string[], source: string) => {
    const [law, article] = key.split('#');
    const a = seen.has(key) ? undefined : corpus.getArticle(law, article);
    if (!a) return;
    seen.add(key);
    // A recommended clause is a ClauseHit: the article's chapter and status are corpus internals, not part of the answer.
    const { chapter: _chapter, status: _status, ...hit } = a;
    pool.push({ clause: { ...hit, score: 0, confidence: 0, matter, reason }, key, proposed: false, rank: 20, source });
  };
  r.ranked.forEach((c, rank) => {
    const key = articleKey(c.law, c.article);
    if (!seen.has(key)) seen.add(key), pool.push({ clause: c, key, proposed: true, rank, source: 'matter' });
  });
  if (m && (statute || s?.broad))
    for (const key of evidenceArticles(ev, m.id)) add(key, m.id, [`事项:${m.label}`, '评判经验'], 'evidence');
  if (s?.others)
    for (const o of r.others ?? [])
      for (const key of evidenceArticles(ev, o)) add(key, o, [`事项:${label}`, '相关事项评判经验'], 'other');
  if (s?.search && opts.text && opts.tokenizer)
    for (const hit of citedSearch(ev, corpus, opts.tokenizer, s.searchCues)(opts.text, s.search)) {
      search.set(hit.key, hit.score);
      add(hit.key, mid, [`事项:${label}`, '评判条文检索'], 'search');
    }
  for (const key of [...(opts.extra ?? []), ...(opts.affinity?.extra ?? [])])
    add(key, mid, [`事项:${label}`, '来信相似条文'], 'extra');
  const matterNeeds = rate(m ? model.matters[m.id] : undefined, model.needsRate, 4);
  const names = featureNames(s);
  const out = pool.map(({ clause: c, key, proposed, rank, source }) => {
    // Evidence of the matter the candidate came from (another recognised matter's for 'other').
    const em = source === 'other' ? (c.matter ?? mid) : mid;
    const group = ev.groups[em];
    const support = proposed ? (group?.proposed[key]?.[0] ?? 0) : (group?.cited[key] ?? 0);
    const law = corpus.findLaw(c.lawId || c.law);
    const a = corpus.getArticle(c.lawId || c.law, c.article);
    const within = c.reason.includes('法规内检索');
    const f: Record<string, number> = {
      prior: c.confidence,
      key: proposed && !within ? 1 : 0,
      within: within ? 1 : 0,
      evidenceOnly: proposed ? 0 : 1,
      rank: Math.log1p(rank),
      evMatter: em ? evidenceConfidence(ev, em, r.kind, key, c.confidence, proposed) : 0,
      evSupport: Math.log1p(support),
      artRate: rate(model.articles[key], model.globalRate, 2),
      artSupport: Math.log1p(model.articles[key]?.[0] ?? 0),
      matterNeeds,
      question: r.kind === 'question' ? 1 : 0,
      suggestion: r.kind === 'suggestion' ? 1 : 0,
      report: r.kind === 'report' ? 1 : 0,
      position: law?.articles.length ? c.number / law.articles.length : 0.5,
      penalty: /法律责任|罚则/.test(a?.chapter ?? '') ? 1 : 0,
      closing: /附则/.test(a?.chapter ?? '') || /自.{0,12}起施行/.test(a?.text ?? '') ? 1 : 0,
      otherMatter: c.matter && c.matter !== mid ? 1 : 0,
      otherEvidence: source === 'other' ? 1 : 0,
      searched: source === 'search' ? 1 : 0,
      searchScore: search.get(key) ?? 0,
      broadMatter: m && !statute ? 1 : 0,
      noMatter: m ? 0 : 1,
    };
    const features = [...names.map((n) => f[n]), ...(opts.affinity?.features(key, source) ?? [])];
    return { clause: c, key, proposed, source, features };
  });
  // The law features compare candidates with each other, so they come once all are built (affPos follows `names`).
  if (opts.laws && opts.affinity)
    addLawFeatures(
      opts.laws,
      opts.affinity.v,
      out.map((c) => ({ key: c.key, x: c.features })),
      names.length,
    );
  if (opts.classify) for (const c of out) c.features.push(...opts.classify(c.key));
  return out;
}

/** The linear score of standardised features (the re-ranker's logit). */
export function linearScore(rr: CitationModel['reranker'], x: number[]): number {
  let z = rr.bias;
  for (let i = 0; i < x.length; i++) z += rr.weights[i] * ((x[i] - rr.mean[i]) / rr.scale[i]);
  return z;
}

/** P(judged 2) of one candidate by the re-ranker. */
export function citeProbability(rr: CitationModel['reranker'], x: number[]): number {
  return 1 / (1 + Math.exp(-linearScore(rr, x)));
}

/** The letter-level gate's own features, before the first candidate's re-ranker features. */
export const GATE_FEATURES = ['p1', 'z1', 'margin', 'p2', 'near', 'sameLaw', 'n'] as const;

/**
 * Round 24: the re-ranker scores each candidate alone; whether the letter's first candidate is right shows better in
 * the letter as a whole: its margin over the second, how many candidates are likely, whether the first two share a
 * statute. The gate re-estimates P(first is judged 2) from these and the first's own features; that becomes the
 * first's probability, and no other candidate may be more probable than the first. `sorted` is the letter's
 * substantive candidates, most probable first; their p change in place, their order does not.
 */
export function applyGate(gate: CitationModel['reranker'], sorted: { p: number; x: number[]; law: string }[]): void {
  const x = gateFeatures(sorted);
  if (!x) return;
  const g = citeProbability(gate, x);
  sorted[0].p = g;
  for (const c of sorted.slice(1)) c.p = Math.min(c.p, g);
}

/** The gate's input for a letter's candidates (most probable first); undefined without candidates. */
export function gateFeatures(sorted: { p: number; x: number[]; law: string }[]): number[] | undefined {
  const [a, b] = sorted;
  if (!a) return undefined;
  const p1 = a.p;
  const p2 = b?.p ?? 0;
  const near = sorted.filter((c) => c.p >= 0.3).length;
  const sameLaw = b && a.law === b.law ? 1 : 0;
  return [p1, Math.log((p1 + 1e-6) / (1 - p1 + 1e-6)), p1 - p2, p2, near, sameLaw, sorted.length, ...a.x];
}

/**
 * Re-scores a matter-first result with the citation model: each candidate's confidence becomes its probability of
 * being judged 2 (the first's re-estimated by the gate when the model has one); those from `threshold` up are
 * recommended.
 */
export function withCitationModel(
  r: MatterFirstResult,
  ctx: {
    evidence: MatterEvidence;
    model: CitationModel;
    corpus: Corpus;
    threshold: number;
    k: number;
    text?: string;
    tokenizer?: Tokenizer;
  },
): MatterFirstResult {
  const { model } = ctx;
  if (!hasCandidates(r, model.sources)) return r;
  const scored = candidates(r, ctx.evidence, model, ctx.corpus, {
    sources: model.sources,
    text: ctx.text,
    tokenizer: ctx.tokenizer,
    ...letterFeatures(model, ctx.text, ctx.tokenizer),
  })
    .map((c) => ({ c, p: citeProbability(model.reranker, c.features), x: c.features, law: c.clause.law }))
    .sort((a, b) => b.p - a.p);
  // The gate reads the substantive candidates only, as the trainer does (《信访工作条例》 articles are procedural).
  if (model.gate)
    applyGate(
      model.gate,
      scored.filter((s) => !s.c.key.startsWith('信访')),
    );
  const ranked = scored
    .map(({ c, p }) => {
      // Shown to 3 decimals, rounded down: a threshold of 3 decimals (the draft's too) then cuts where p does, and
      // the order is p's, so the service cites what the trainer's figures (scripts/judged/learned.ts) counted.
      const shown = Number((Math.floor(p * 1000) / 1000).toFixed(3));
      return { clause: { ...c.clause, confidence: shown, score: shown }, p, proposed: c.proposed };
    })
    // An article matter-first did not propose (its own cue did not match) is listed only when it clears the
    // threshold on its own: a kindergarten letter never lists 义务教育法 because earlier school letters cited it.
    .filter((c) => c.proposed || c.p >= ctx.threshold)
    .sort((a, b) => b.p - a.p)
    .map((c) => c.clause);
  const clauses = ranked.filter((c) => c.confidence >= ctx.threshold).slice(0, ctx.k);
  const reason = clauses.length
    ? undefined
    : r.matter
      ? `事项“${r.matter.label}”的条文把握不足，不推送法条`
      : (r.reason ?? '未识别出常见信访事项，不推送法条');
  const { reason: _old, ...rest } = r;
  return { ...rest, ranked, clauses, abstained: !clauses.length, ...(reason ? { reason } : {}) };
}

const profiles = new WeakMap<CitationModel, { articles: Profiles; laws?: Profiles }>();
/**
 * What the model reads of the letter's words: its affinity (and the law profiles) under the model's shipped profiles,
 * built once per model, and the classifiers' features of its word-vector (the shipped vectors, read once).
 */
function letterFeatures(
  model: CitationModel,
  text = '',
  tokenizer?: Tokenizer,
): Pick<CandidateOptions, 'affinity' | 'laws' | 'classify'> {
  const a = model.affinity;
  if (!a && !model.classifier) return {};
  const tokens = termCounts(tokenizer ? tokenizer(text) : []);
  let pr = profiles.get(model);
  if (a && !pr) profiles.set(model, (pr = { articles: loadProfiles(a), laws: loadLawProfiles(a) }));
  return {
    ...(a && pr ? { affinity: letterAffinity(pr.articles, tokens, a.propose), laws: pr.laws } : {}),
    ...(model.classifier
      ? { classify: letterClassifierFeatures(model.classifier, letterVector(defaultWordVectors(), tokens)) }
      : {}),
  };
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
