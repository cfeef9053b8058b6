import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import {
  GATE_FEATURES,
  RERANK_FEATURES,
  CitationModelSchema,
  applyGate,
  citeProbability,
  defaultCitationModel,
  featureNames,
  withCitationModel,
  type CitationModel,
} from './citation-model.ts';
import { CLF_FEATURES } from './letter-classifier.ts';
import { DRAFT_THRESHOLD, MAX_DRAFT_ARTICLES, type MatterFirstResult } from './matter-first.ts';
import { learnEvidence } from './matter-evidence.ts';

const CORPUS = new URL('../../corpus', import.meta.url).pathname;
const corpus = loadCorpus(CORPUS);

/** A model whose re-ranker reads only the judged evidence of (matter, article). */
function tiny(over: Partial<CitationModel> = {}): CitationModel {
  const zeros = RERANK_FEATURES.map(() => 0);
  return {
    about: 'test',
    letters: 1,
    globalRate: 0.3,
    articles: {},
    matters: {},
    needsRate: 0.5,
    reranker: {
      features: [...RERANK_FEATURES],
      mean: zeros,
      scale: RERANK_FEATURES.map(() => 1),
      weights: RERANK_FEATURES.map((f) => (f === 'evMatter' ? 8 : 0)),
      bias: -4,
    },
    draftThreshold: 0.6,
    maxDraft: 1,
    ...over,
  };
}

const evidence = learnEvidence(
  Array.from({ length: 6 }, () => ({
    matter: 'noise',
    kind: 'complaint' as const,
    proposed: ['噪声污染防治法#第六十一条'],
    cited: ['噪声污染防治法#第六十一条'],
  })),
  { shrink: 2, draftThreshold: 0.6, maxDraft: 1 },
);
const a = corpus.getArticle('噪声污染防治法', '第六十一条')!;
const noise: MatterFirstResult = {
  matter: {
    id: 'noise',
    label: '噪声扰民',
    department: '生态环境局',
    needsStatute: true,
    routes: ['duty'],
    cues: ['噪声'],
  },
  kind: 'complaint',
  clauses: [],
  ranked: [{ ...a, score: 0.4, confidence: 0.4, reason: ['事项:噪声扰民'] }],
  abstained: true,
  reason: 'x',
};

describe('citation model (learned citation decision)', () => {
  it('recommends a candidate whose judged evidence clears the threshold, with that probability as confidence', () => {
    const r = withCitationModel(noise, { evidence, model: tiny(), corpus, threshold: 0.5, k: 5 });
    expect(r.abstained).toBe(false);
    expect(r.clauses[0].article).toBe('第六十一条');
    expect(r.clauses[0].confidence).toBeGreaterThan(0.5);
  });

  it('recommends nothing, with a reason, when no candidate clears the threshold', () => {
    const r = withCitationModel(noise, { evidence, model: tiny(), corpus, threshold: 0.999, k: 5 });
    expect(r.clauses).toEqual([]);
    expect(r.abstained).toBe(true);
    expect(r.reason).toContain('噪声扰民');
  });

  it('leaves a thanks letter alone', () => {
    const thanks = { ...noise, kind: 'thanks' as const };
    expect(withCitationModel(thanks, { evidence, model: tiny(), corpus, threshold: 0.5, k: 5 })).toBe(thanks);
  });

  it('a positive weight raises the probability', () => {
    const rr = tiny().reranker;
    const x = RERANK_FEATURES.map((f) => (f === 'evMatter' ? 1 : 0));
    expect(citeProbability(rr, x)).toBeGreaterThan(
      citeProbability(
        rr,
        RERANK_FEATURES.map(() => 0),
      ),
    );
  });
});

describe('letter-level gate (round 24)', () => {
  /** A gate that reads only the margin between the first two candidates. */
  const gate = (bias: number) => {
    const names = [...GATE_FEATURES, ...RERANK_FEATURES];
    return {
      features: names,
      mean: names.map(() => 0),
      scale: names.map(() => 1),
      weights: names.map((f) => (f === 'margin' ? 10 : 0)),
      bias,
    };
  };
  const x = RERANK_FEATURES.map(() => 0);
  it('re-estimates the first candidate and lets no other be more probable, keeping the order', () => {
    const close = [
      { p: 0.9, x, law: '甲法' },
      { p: 0.85, x, law: '乙法' },
      { p: 0.2, x, law: '甲法' },
    ];
    applyGate(gate(-1), close);
    // margin 0.05 → sigmoid(-1 + 0.5) ≈ 0.38: two near-equal candidates make the first doubtful.
    expect(close[0].p).toBeCloseTo(1 / (1 + Math.exp(0.5)), 6);
    expect(close.map((c) => c.p)).toEqual([...close.map((c) => c.p)].sort((a, b) => b - a));
    expect(close[1].p).toBe(close[0].p);
    expect(close[2].p).toBe(0.2);
  });
  it('a clear first stays above the draft threshold; no candidates, nothing happens', () => {
    const clear = [
      { p: 0.9, x, law: '甲法' },
      { p: 0.1, x, law: '乙法' },
    ];
    applyGate(gate(-1), clear);
    expect(clear[0].p).toBeGreaterThan(0.99);
    const none: { p: number; x: number[]; law: string }[] = [];
    applyGate(gate(-1), none);
    expect(none).toEqual([]);
  });
  it('the service applies a model gate to its candidates', () => {
    const low = withCitationModel(noise, {
      evidence,
      model: tiny({ gate: { ...gate(-20), weights: gate(-20).weights.map(() => 0) } }),
      corpus,
      threshold: 0.5,
      k: 5,
    });
    expect(low.abstained).toBe(true);
  });
});

describe('letter classifiers in the re-ranker (round 26)', () => {
  const names = [...RERANK_FEATURES, ...CLF_FEATURES];
  const dense = (classes: string[]) => ({
    classes,
    scale: 3,
    w: new Array(200 * classes.length).fill(0),
    b: classes.map(() => 0),
  });
  const withClassifier = (articles: string[]) =>
    tiny({
      reranker: {
        features: names,
        mean: names.map(() => 0),
        scale: names.map(() => 1),
        weights: names.map((f) => (f === 'clfArticleKnown' ? 8 : 0)),
        bias: -4,
      },
      classifier: { law: dense(['∅none', '噪声污染防治法']), article: dense(['∅none', ...articles]) },
    });
  it('reads the classifiers’ features after every other, from the letter’s word-vector', () => {
    const ctx = { evidence, corpus, threshold: 0.5, k: 5, text: '楼下夜里施工噪声太大' };
    const known = withCitationModel(noise, { ...ctx, model: withClassifier(['噪声污染防治法#第六十一条']) });
    expect(known.clauses.map((c) => c.article)).toEqual(['第六十一条']);
    expect(known.clauses[0].confidence).toBeCloseTo(0.982, 3);
    expect(withCitationModel(noise, { ...ctx, model: withClassifier(['民法典#第二百九十四条']) }).abstained).toBe(true);
  });
});

describe('citation model file', () => {
  it('keeps every candidate source the model was fitted with, searchCues included', () => {
    const sources = { others: true, broad: true, search: 5, searchCues: true };
    expect(CitationModelSchema.parse({ ...tiny(), sources }).sources).toEqual(sources);
  });
});

describe('shipped citation model (src/clauses/citation-model.json)', () => {
  const m = defaultCitationModel();
  it('exists, reads the features this code computes, agrees with the draft threshold and names corpus articles', () => {
    expect(m).toBeDefined();
    expect(m!.reranker.features).toEqual(featureNames(m!.sources, m!.affinity, m!.classifier));
    expect(m!.draftThreshold).toBe(DRAFT_THRESHOLD);
    expect(m!.maxDraft).toBe(MAX_DRAFT_ARTICLES);
    for (const key of Object.keys(m!.articles)) {
      const [law, article] = key.split('#');
      expect(corpus.getArticle(law, article), key).toBeDefined();
    }
  });
});
