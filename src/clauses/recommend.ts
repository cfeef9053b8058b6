import type { Article, ClauseHit, Corpus } from './types.ts';
import { Bm25Index, topK } from './bm25.ts';
import { createTokenizer, type Tokenizer } from './tokenize.ts';
import { defaultKnowledge, type Knowledge } from './knowledge.ts';

export interface RecommenderOptions {
  tokenizer?: Tokenizer;
  /** Colloquial → legal terms, law priors and topic anchors (defaults: the shipped data files). */
  knowledge?: Knowledge;
  /** Learned term → article associations (e.g. from training questions), added to the article documents. */
  enrichment?: Map<number, Map<string, number>>;
  weights?: Partial<Weights>;
}

export interface Weights {
  /** Weight of law-title tokens and chapter tokens inside each article document. */
  title: number;
  chapter: number;
  /** Weight of the law-level BM25 score (query against whole statutes). */
  lawScore: number;
  /** Weight of a keyword or category law prior. */
  lawPrior: number;
  /** Weight of a topic anchor (a phrase that points at specific articles). */
  anchor: number;
  /** Query weight of expansion terms from the colloquial map. */
  expansion: number;
  k1: number;
  b: number;
}

export const DEFAULT_WEIGHTS: Weights = {
  title: 2, chapter: 1, lawScore: 0.5, lawPrior: 0.3, anchor: 0.5, expansion: 0.6, k1: 1.2, b: 0.75,
};

export interface RecommendOptions {
  k?: number;
  /** Triage category (劳动和社会保障, 城乡建设 …): raises the statutes that usually govern it. */
  category?: string;
}

export interface Recommender {
  recommend(text: string, opts?: RecommendOptions): ClauseHit[];
  readonly corpus: Corpus;
}

interface QueryPlan {
  terms: Map<string, number>;
  lawBoost: Map<string, { weight: number; why: string }>;
  anchors: Map<string, string>;
}

/** Builds the retrieval index over `corpus` and returns `recommend`. */
export function createRecommender(corpus: Corpus, opts: RecommenderOptions = {}): Recommender {
  const w = { ...DEFAULT_WEIGHTS, ...opts.weights };
  const kn = opts.knowledge ?? defaultKnowledge();
  const tokenize = opts.tokenizer ?? createTokenizer(kn.dictionaryWords());
  const arts = corpus.articles;
  const titleTokens = new Map<string, string[]>();
  const chapterTokens = new Map<string, string[]>();
  const memo = (m: Map<string, string[]>, s: string) => m.get(s) ?? (m.set(s, tokenize(s)), m.get(s)!);

  const lawIdx = new Map<string, number>();
  corpus.laws.forEach((l, i) => lawIdx.set(l.id, i));
  const lawDocs: [string, number][][] = corpus.laws.map(() => []);
  const docs = arts.map((a, i) => {
    const body = tokenize(a.text).map((t) => [t, 1] as [string, number]);
    lawDocs[lawIdx.get(a.lawId)!].push(...body);
    const doc = body.concat(
      memo(titleTokens, shortTitle(a.law)).map((t) => [t, w.title] as [string, number]),
      memo(chapterTokens, a.chapter).map((t) => [t, w.chapter] as [string, number]),
    );
    const extra = opts.enrichment?.get(i);
    if (extra) for (const [t, x] of extra) doc.push([t, x]);
    return doc;
  });
  const index = new Bm25Index(docs, { k1: w.k1, b: w.b });
  const lawIndex = new Bm25Index(lawDocs, { k1: w.k1, b: 0.3 });
  const articleKey = (a: Article) => `${a.lawId}#${a.article}`;
  const keyToDoc = new Map(arts.map((a, i) => [articleKey(a), i]));

  function plan(text: string, category?: string): QueryPlan {
    const terms = new Map<string, number>();
    for (const t of tokenize(text)) terms.set(t, (terms.get(t) ?? 0) + 1);
    const lawBoost = new Map<string, { weight: number; why: string }>();
    const anchors = new Map<string, string>();
    for (const m of kn.match(text, category)) {
      for (const t of m.terms) for (const tok of tokenize(t)) terms.set(tok, Math.max(terms.get(tok) ?? 0, w.expansion));
      for (const [lawId, weight] of m.laws) {
        const prev = lawBoost.get(lawId);
        if (!prev || prev.weight < weight) lawBoost.set(lawId, { weight, why: m.why });
      }
      for (const ref of m.articles) {
        const a = corpus.getArticle(ref.law, ref.article);
        if (a) anchors.set(articleKey(a), m.why);
      }
    }
    return { terms, lawBoost, anchors };
  }

  function recommend(text: string, ro: RecommendOptions = {}): ClauseHit[] {
    const k = ro.k ?? 5;
    const q = plan(text, ro.category);
    const scores = new Float32Array(arts.length);
    const matched = new Map<number, Set<string>>();
    index.scoreInto(q.terms, scores);
    const max = scores.reduce((m, s) => Math.max(m, s), 0) || 1;
    for (let i = 0; i < scores.length; i++) scores[i] /= max;

    const lawScores = new Float32Array(corpus.laws.length);
    lawIndex.scoreInto(q.terms, lawScores);
    const lawMax = lawScores.reduce((m, s) => Math.max(m, s), 0) || 1;
    const lawBonus = corpus.laws.map((l, i) => w.lawScore * (lawScores[i] / lawMax) + w.lawPrior * (q.lawBoost.get(l.id)?.weight ?? 0));
    for (let i = 0; i < arts.length; i++) if (scores[i] > 0) scores[i] += lawBonus[lawIdx.get(arts[i].lawId)!];
    for (const key of q.anchors.keys()) {
      const d = keyToDoc.get(key)!;
      scores[d] += w.anchor + lawBonus[lawIdx.get(arts[d].lawId)!] * (scores[d] > 0 ? 0 : 1);
    }
    const best = topK(scores, k);
    const queryTerms = [...q.terms.keys()];
    for (const d of best) matched.set(d, new Set(queryTerms.filter((t) => docHas(d, t))));
    return best.map((d) => {
      const a = arts[d];
      const reason = [...matched.get(d)!];
      const boost = q.lawBoost.get(a.lawId);
      if (boost) reason.push(`法律先验:${boost.why}`);
      const anchor = q.anchors.get(articleKey(a));
      if (anchor) reason.push(`要点:${anchor}`);
      return { law: a.law, lawId: a.lawId, article: a.article, number: a.number, score: Number(scores[d].toFixed(4)), text: a.text, reason };
    });
  }

  function docHas(d: number, term: string): boolean {
    const a = arts[d];
    return a.text.includes(term) || a.law.includes(term) || a.chapter.includes(term);
  }

  return { recommend, corpus };
}

/** The title without 中华人民共和国, which every national law shares and so tells nothing. */
const shortTitle = (t: string) => t.replace(/^中华人民共和国/, '');
