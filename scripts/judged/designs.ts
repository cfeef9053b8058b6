/**
 * The designs pooled for judging (issue 16). Each returns its top-5 articles and the substantive articles its
 * draft would cite, as {law, article} keys.
 *   service: the service as it runs now (analyzer k=5 → clauses; /v1/draft's substantive citations). Run before
 *            issue 16's changes, its lists are kept as /work/judging/runs/current.jsonl (the 'current' design).
 *   bm25:    plain jieba (search mode) + BM25 over the article texts of the same corpus
 *   matter:  matter first (src/clauses/matter-first.ts): key articles of the recognised matter, then BM25
 *            within its governing statutes, re-scored with the judged evidence (src/clauses/matter-evidence.json), with
 *            confidence and abstention; the draft cites ≤ MAX_DRAFT_ARTICLES at or above DRAFT_THRESHOLD
 *   llm:     the service with a model configured: the model scores the candidates and the draft quotes those scored 2
 *            (src/drafting/article-selection.ts); the model's answers are replayed (scripts/judged/llm-standin.ts).
 *            top5: the candidates it scored 2, then 1; it abstains when it scored none 2 or said no statute is needed.
 *   llm-live: the same against the operator's own model (LLM_BASE_URL, LLM_MODEL, LLM_API_KEY from the environment):
 *            how an office measures its model before relying on it (pool.ts --round N --designs llm-live sends the new
 *            articles to the judges; score.ts --designs llm-live then reads runs/<tag>llm-live.jsonl).
 */
import { loadCorpus } from '../../src/clauses/index.ts';
import { Bm25Builder, addTerms, topK } from '../../src/clauses/bm25.ts';
import { createTokenizer } from '../../src/clauses/tokenize.ts';
import { createMatterFirst, DRAFT_THRESHOLD, MAX_DRAFT_ARTICLES } from '../../src/clauses/matter-first.ts';
import type { LlmProvider } from '../../src/drafting/llm/provider.ts';

export interface DesignOutput {
  top5: { law: string; article: string; confidence?: number }[];
  draft: { law: string; article: string }[];
  abstained?: boolean;
  matter?: string;
  kind?: string;
  /** The model path only: whether the model said the letter needs a substantive statute. */
  modelNeedsStatute?: boolean;
}
export interface Design {
  run(text: string, title: string): Promise<DesignOutput>;
}
export type DesignName = 'service' | 'bm25' | 'matter' | 'llm' | 'llm-live';
const CORPUS = new URL('../../corpus', import.meta.url).pathname;
const key = (c: { law: string; article: string }) => ({ law: c.law, article: c.article });

export const DESIGNS: Record<DesignName, () => Promise<Design>> = {
  /** The whole service path (triage → route → recommender; drafter) as it runs in the app. */
  async service() {
    const { createDeps } = await import('../../src/deps.ts');
    const { testConfig } = await import('../../src/config.ts');
    const deps = await createDeps(testConfig({}));
    return {
      async run(text, title) {
        const a = deps.analyzer.analyze({ text, title, clausesK: 5 });
        const d = await deps.analyzer.draft({ text, title });
        const abstained = (a as { abstained?: boolean }).abstained;
        return {
          top5: a.clauses.slice(0, 5).map(key),
          draft: d.citations.filter((c) => !/信访/.test(c.law)).map(key),
          ...(abstained !== undefined ? { abstained } : {}),
        };
      },
    };
  },
  async llm() {
    const { standInProvider } = await import('./llm-standin.ts');
    return modelDesign(standInProvider());
  },
  async 'llm-live'() {
    const { llmFromConfig } = await import('../../src/drafting/index.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const llm = llmFromConfig(loadConfig());
    if (!llm) throw new Error('llm-live: set LLM_BASE_URL, LLM_MODEL and LLM_API_KEY to the model to measure');
    return modelDesign(llm);
  },
  async bm25() {
    const corpus = loadCorpus(CORPUS);
    const tokenize = createTokenizer();
    const b = new Bm25Builder();
    for (const a of corpus.articles) b.add(addTerms(new Map(), tokenize(a.text)));
    const index = b.build({ k1: 1.2, b: 0.75 });
    return {
      async run(text, title) {
        const q = new Map<string, number>();
        for (const t of tokenize(`${title}。${text}`)) q.set(t, (q.get(t) ?? 0) + 1);
        const s = new Float32Array(corpus.articles.length);
        index.scoreInto(q, s);
        const top5 = topK(s, 5)
          .filter((d) => s[d] > 0)
          .map((d) => key(corpus.articles[d]));
        // A plain design's draft cites its best three.
        return { top5, draft: top5.slice(0, 3) };
      },
    };
  },
  async matter() {
    const corpus = loadCorpus(CORPUS);
    const mf = createMatterFirst(corpus, { tokenizer: createTokenizer() });
    return {
      async run(text, title) {
        const r = mf.recommend(text, { title, k: 5 });
        return {
          top5: r.ranked.slice(0, 5).map((c) => ({ ...key(c), confidence: c.confidence })),
          draft: r.clauses
            .filter((c) => c.confidence >= DRAFT_THRESHOLD)
            .slice(0, MAX_DRAFT_ARTICLES)
            .map(key),
          abstained: r.abstained,
          matter: r.matter?.id,
          kind: r.kind,
        };
      },
    };
  },
};

/** The service with `llm` configured; what the draft cites, and the model's own ranking of its candidates. */
async function modelDesign(llm: LlmProvider): Promise<Design> {
  const { createDeps } = await import('../../src/deps.ts');
  const { testConfig } = await import('../../src/config.ts');
  const deps = await createDeps(testConfig({}), { llm });
  return {
    async run(text, title) {
      const d = await deps.analyzer.draft({ text, title });
      const s = d.selection;
      const by = (score: number) => (s ? s.candidates.filter((_, i) => s.scores[i] === score) : []);
      // Its 2s are quoted even when it said no statute is needed (article-selection.ts), so they are recommended too.
      const top5 = s && (s.needsStatute || by(2).length) ? [...by(2), ...by(1)].slice(0, 5).map(key) : [];
      return {
        top5,
        draft: d.citations.filter((c) => !/信访/.test(c.law)).map(key),
        abstained: by(2).length === 0,
        kind: d.articlesBy === 'model' ? 'model' : `threshold:${d.selectionFallbackReason ?? 'no candidates'}`,
        modelNeedsStatute: s?.needsStatute,
      };
    },
  };
}
