import type { Recommender } from '../clauses/recommend.ts';
import type { RouteResult } from '../clauses/route.ts';
import type { ClauseHit, Corpus, SimilarCase } from '../clauses/types.ts';
import type { Drafter } from '../drafting/drafter.ts';
import type { DraftKind, DraftResult } from '../drafting/types.ts';
import type { TriageModels } from '../triage/triage-models.ts';
import type { Precomputed } from '../triage/triage.ts';
import type { RiskContext, TriageResult } from '../triage/types.ts';

export interface AnalyzeInput {
  text: string;
  title?: string;
  channel?: string;
  /** How many articles to recommend; 0 skips retrieval (the triage-only fast path). */
  clausesK?: number;
  similarK?: number;
  ctx?: RiskContext;
  /** Emotion and category from the async backend (see prepare()). */
  pre?: Precomputed;
}

export interface Analysis extends TriageResult {
  route: RouteResult;
  clauses: ClauseHit[];
  similar_cases: SimilarCase[];
}

export interface AnalyzerDeps {
  triage: { analyze(text: string, title?: string, ctx?: RiskContext, pre?: Precomputed): TriageResult };
  /** The async model interface; used only when an ONNX backend is configured. */
  models?: TriageModels;
  recommender: Recommender;
  routeFor: (text: string, opts: { category?: string }) => RouteResult;
  cases?: { similar(text: string, k: number): SimilarCase[] };
  drafter: Drafter;
  corpus: Corpus;
}

/** The articles recommended for drafting: enough to ground a reply without drowning it. */
export const DRAFT_CLAUSES_K = 8;

/**
 * One pass of a petition through the pipeline: triage → route → clauses (→ draft).
 * Used by /v1/analyze, /v1/draft, registration and the evaluation harness alike.
 */
export function createAnalyzer(deps: AnalyzerDeps) {
  function analyze(input: AnalyzeInput): Analysis {
    const full = input.title ? `${input.title}。${input.text}` : input.text;
    const triage = deps.triage.analyze(input.text, input.title, input.ctx, input.pre);
    const route = deps.routeFor(full, { category: triage.category.label });
    const k = input.clausesK ?? 5;
    const clauses = k > 0 ? deps.recommender.recommend(full, { k, category: triage.category.label }) : [];
    const similar = input.similarK && deps.cases ? deps.cases.similar(full, input.similarK) : [];
    return { ...triage, route, clauses, similar_cases: similar };
  }

  /**
   * Runs the ONNX models (MODEL_DIR) ahead of the synchronous pipeline; with only the built-in models it
   * returns nothing and analyze() computes emotion and category itself.
   */
  async function prepare(text: string, title?: string): Promise<Precomputed | undefined> {
    const m = deps.models;
    if (!m || (m.source.emotion === 'builtin' && m.source.category === 'builtin')) return undefined;
    const [emotion, category] = await Promise.all([
      m.source.emotion === 'onnx' ? m.analyzeEmotion(title ? `${title}。${text}` : text) : undefined,
      m.source.category === 'onnx' ? m.classifyCategory(text, title) : undefined,
    ]);
    return { emotion, category };
  }

  async function draft(input: { text: string; title?: string; kind?: DraftKind; petitionerName?: string; receivedAt?: string }): Promise<DraftResult & { analysis: Analysis }> {
    const analysis = analyze({ text: input.text, title: input.title, clausesK: DRAFT_CLAUSES_K, pre: await prepare(input.text, input.title) });
    const result = await deps.drafter.draft({
      text: input.text,
      title: input.title,
      kind: input.kind,
      petitionerName: input.petitionerName,
      clauses: analysis.clauses,
      route: analysis.route,
      emotion: analysis.emotion,
      receivedAt: input.receivedAt,
    });
    return { ...result, analysis };
  }

  return { analyze, prepare, draft, corpus: deps.corpus, recommender: deps.recommender };
}

export type Analyzer = ReturnType<typeof createAnalyzer>;
