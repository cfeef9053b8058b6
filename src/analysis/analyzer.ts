import type { Recommender } from '../clauses/recommend.ts';
import { createMatterFirst, type LetterKind, type MatterFirst } from '../clauses/matter-first.ts';
import { createTokenizer } from '../clauses/tokenize.ts';
import { reconcile, relevantCases, type MatterView } from './agreement.ts';
import type { RouteResult } from '../clauses/route.ts';
import type { ClauseHit, Corpus, SimilarCase } from '../clauses/types.ts';
import { dedupe } from '../drafting/citations.ts';
import type { Drafter } from '../drafting/drafter.ts';
import type { DraftInput, DraftKind, DraftResult } from '../drafting/types.ts';
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
  /** Articles at or above the confidence threshold (each with `confidence`); empty when abstaining. */
  clauses: ClauseHit[];
  similar_cases: SimilarCase[];
  /** The recognised matter (matters.json), if any. */
  matter: MatterView | null;
  /** Receiving department: the matter's, else the route's, else the category's (category.department agrees). */
  department: string;
  letter_kind: LetterKind;
  /** Whether the petition needs a substantive statute at all (false: services, suggestions, reports …). */
  needs_statute: boolean;
  abstained: boolean;
  abstain_reason?: string;
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
  /** Matter-first recommender; built from `corpus` (once per corpus) when not given. */
  matterFirst?: MatterFirst;
}

// Building the matter-first index tokenises the governing statutes (about a second), so once per corpus.
const MATTER_FIRST = new WeakMap<Corpus, MatterFirst>();
let tokenizer: ReturnType<typeof createTokenizer> | undefined;
const words = () => (tokenizer ??= createTokenizer());
function matterFirstFor(corpus: Corpus): MatterFirst {
  let m = MATTER_FIRST.get(corpus);
  if (!m) MATTER_FIRST.set(corpus, (m = createMatterFirst(corpus, { tokenizer: words() })));
  return m;
}

/** The articles considered for drafting; the drafter quotes at most three of them above the threshold. */
export const DRAFT_CLAUSES_K = 3;
/** Candidates a configured model chooses from: the matter-first ranking's best, then the general recommender's. */
const RANKED_CANDIDATES = 8;
const GENERAL_CANDIDATES = 4;
const OFFLINE_CANDIDATES = 12;

/**
 * One pass of a petition through the pipeline: triage → route → clauses (→ draft).
 * Used by /v1/analyze, /v1/draft, registration and the evaluation harness alike.
 */
export function createAnalyzer(deps: AnalyzerDeps) {
  const matterFirst = () => deps.matterFirst ?? matterFirstFor(deps.corpus);

  function analyze(input: AnalyzeInput): Analysis {
    return run(input).analysis;
  }

  function run(input: AnalyzeInput): { analysis: Analysis; ranked: ClauseHit[] } {
    const full = input.title ? `${input.title}。${input.text}` : input.text;
    const triage = deps.triage.analyze(input.text, input.title, input.ctx, input.pre);
    const rawRoute = deps.routeFor(full, { category: triage.category.label });
    const k = input.clausesK ?? 5;
    const mf = matterFirst().recommend(input.text, { title: input.title, k: Math.max(1, k) });
    // One story: category, department, route and articles follow the recognised matter (agreement.ts).
    const story = reconcile({ route: rawRoute, category: triage.category, matter: mf.matter, kind: mf.kind });
    // A statute is in play when the matter needs one, or when the citation model, whose candidate sources reach
    // beyond the matter (candidate-sources.ts: a matter that usually needs none, an unrecognised letter), found an
    // article at or above the threshold: the draft then cites what the model decided, as in its cross-validation.
    const needsStatute = mf.kind !== 'thanks' && (Boolean(mf.matter?.needsStatute) || mf.clauses.length > 0);
    const clauses = k > 0 && needsStatute ? mf.clauses.slice(0, k) : [];
    const similar =
      input.similarK && deps.cases && clauses.length
        ? relevantCases(deps.cases.similar(full, input.similarK), mf.matter?.id, full, words())
        : [];
    const abstained = k > 0 && !clauses.length;
    const analysis: Analysis = {
      ...triage,
      category: story.category,
      route: story.route,
      clauses,
      similar_cases: similar,
      matter: story.matter,
      department: story.department,
      letter_kind: mf.kind,
      needs_statute: needsStatute,
      abstained,
      ...(abstained
        ? { abstain_reason: mf.reason ?? (needsStatute ? '推送法条的把握不足' : '该事项通常无需引用实体法条') }
        : {}),
    };
    return { analysis, ranked: mf.kind === 'thanks' ? [] : mf.ranked };
  }

  /** What a configured model chooses from: the matter-first ranking, then the general recommender's best. */
  function candidatesFor(text: string, title: string | undefined, ranked: ClauseHit[]): ClauseHit[] {
    const general = deps.recommender.recommend(title ? `${title}。${text}` : text, { k: GENERAL_CANDIDATES });
    return dedupe([...ranked.slice(0, RANKED_CANDIDATES), ...general]).slice(0, OFFLINE_CANDIDATES);
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

  async function draft(
    input: { text: string; title?: string; kind?: DraftKind; petitionerName?: string; receivedAt?: string } & Pick<
      DraftInput,
      'decision' | 'findings' | 'outcome'
    >,
  ): Promise<DraftResult & { analysis: Analysis }> {
    const { analysis, ranked } = run({
      text: input.text,
      title: input.title,
      clausesK: DRAFT_CLAUSES_K,
      pre: await prepare(input.text, input.title),
    });
    // The general recommender runs only when a model will read the candidates.
    const candidates =
      deps.drafter.selects && analysis.letter_kind !== 'thanks'
        ? candidatesFor(input.text, input.title, ranked)
        : undefined;
    const result = await deps.drafter.draft({
      text: input.text,
      title: input.title,
      kind: input.kind,
      petitionerName: input.petitionerName,
      clauses: analysis.clauses,
      ...(candidates ? { candidates } : {}),
      route: analysis.route,
      emotion: analysis.emotion,
      receivedAt: input.receivedAt,
      decision: input.decision,
      findings: input.findings,
      outcome: input.outcome,
      needsStatute: analysis.needs_statute,
    });
    return { ...result, analysis };
  }

  return { analyze, prepare, draft, corpus: deps.corpus, recommender: deps.recommender };
}

export type Analyzer = ReturnType<typeof createAnalyzer>;
