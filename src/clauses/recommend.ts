import type { Article, ClauseHit, Corpus } from './types.ts';
import { normaliseTitle } from './corpus.ts';
import { addTerms, Bm25Builder, topK } from './bm25.ts';
import { createTokenizer, tokenizerFingerprint, type Tokenizer } from './tokenize.ts';
import { defaultKnowledge, type Knowledge } from './knowledge.ts';
import type { Learned } from './learn.ts';
import { cachedTokens } from './token-cache.ts';
import { defaultMatters, type Matters } from './matters.ts';

export interface RecommenderOptions {
  tokenizer?: Tokenizer;
  /** Colloquial → legal terms, law priors and topic anchors (defaults: the shipped data files). */
  knowledge?: Knowledge;
  /** Aggregated term associations learned from training questions (see learn.ts). */
  learned?: Learned;
  weights?: Partial<Weights>;
  /** File for the article tokens (e.g. data/cache/clause-tokens.json): start-up skips jieba over the corpus. */
  tokenCache?: string;
  /** Petition matters (matters.json): the key articles whose own cue matches become anchors too. */
  matters?: Matters;
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
  /** Anchor weight (× anchor) of a recognised matter's key article whose own cue matched the text. */
  matterAnchor: number;
  /** Weight of learned question terms added to the cited articles' documents. */
  enrich: number;
  /** Weight of the learned article citation prior. */
  popularity: number;
  k1: number;
  b: number;
}

export const DEFAULT_WEIGHTS: Weights = {
  title: 2,
  chapter: 1,
  lawScore: 0.5,
  lawPrior: 0.3,
  anchor: 0.5,
  expansion: 0.6,
  matterAnchor: 1,
  enrich: 1,
  popularity: 0.5,
  k1: 1.2,
  b: 0.75,
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
  const matters = opts.matters ?? defaultMatters();
  const tokenize = opts.tokenizer ?? createTokenizer(kn.dictionaryWords());
  const bodies = cachedTokens(
    corpus.articles.map((a) => a.text),
    tokenize,
    tokenizerFingerprint(kn.dictionaryWords()),
    opts.tokenCache,
  );
  const arts = corpus.articles;
  const titleTokens = new Map<string, string[]>();
  const chapterTokens = new Map<string, string[]>();
  const memo = (m: Map<string, string[]>, s: string) => m.get(s) ?? (m.set(s, tokenize(s)), m.get(s)!);

  const lawIdx = new Map<string, number>();
  corpus.laws.forEach((l, i) => lawIdx.set(l.id, i));
  const lawTf = corpus.laws.map(() => new Map<string, number>());
  const builder = new Bm25Builder();
  arts.forEach((a, i) => {
    const body = bodies[i];
    addTerms(lawTf[lawIdx.get(a.lawId)!], body);
    const tf = addTerms(new Map(), body);
    addTerms(tf, memo(titleTokens, shortTitle(a.law)), w.title);
    addTerms(tf, memo(chapterTokens, a.chapter), w.chapter);
    const extra = opts.learned?.articleTerms[`${a.lawId}#${a.article}`];
    if (extra && w.enrich)
      for (const [t, c] of Object.entries(extra)) tf.set(t, (tf.get(t) ?? 0) + w.enrich * Math.log2(1 + c));
    builder.add(tf);
  });
  bodies.length = 0;
  const index = builder.build({ k1: w.k1, b: w.b });
  const lawBuilder = new Bm25Builder();
  for (const tf of lawTf) lawBuilder.add(tf);
  const lawIndex = lawBuilder.build({ k1: w.k1, b: 0.3 });
  lawTf.length = 0;
  const lawOf = Int32Array.from(arts, (a) => lawIdx.get(a.lawId)!);
  const articleKey = (a: Article) => `${a.lawId}#${a.article}`;
  const keyToDoc = new Map(arts.map((a, i) => [articleKey(a), i]));
  const prior = new Float32Array(arts.length);
  if (opts.learned) {
    const max = Math.max(1, ...Object.values(opts.learned.articlePrior));
    for (const [key, c] of Object.entries(opts.learned.articlePrior)) {
      const d = keyToDoc.get(key);
      if (d !== undefined) prior[d] = Math.log(1 + c) / Math.log(1 + max);
    }
  }

  const resolved = new Map<string, string[]>();
  /**
   * Knowledge keys are shipped slugs. Other corpora (LawRefBook paths) are matched by title, and a title
   * can span several files (the 民法典 parts, or versions), so a key resolves to every law with that title.
   */
  const resolveLaws = (key: string): string[] => {
    if (!resolved.has(key)) {
      const byId = corpus.laws.find((l) => l.id === key);
      const title = normaliseTitle(kn.titleOf(key) ?? key);
      resolved.set(
        key,
        byId ? [byId.id] : corpus.laws.filter((l) => normaliseTitle(l.title) === title).map((l) => l.id),
      );
    }
    return resolved.get(key)!;
  };

  const articleMemo = new Map<string, Article | undefined>();
  const resolveArticle = (law: string, heading: string): Article | undefined => {
    const key = `${law}#${heading}`;
    if (!articleMemo.has(key)) {
      const ids = resolveLaws(law);
      articleMemo.set(
        key,
        ids.length === 1 ? corpus.getArticle(ids[0], heading) : corpus.getArticle(kn.titleOf(law) ?? law, heading),
      );
    }
    return articleMemo.get(key);
  };

  function plan(text: string, category?: string): QueryPlan {
    const terms = new Map<string, number>();
    for (const t of tokenize(text)) terms.set(t, (terms.get(t) ?? 0) + 1);
    const lawBoost = new Map<string, { weight: number; why: string }>();
    const anchors = new Map<string, string>();
    const matches = kn.match(text, category);
    for (const m of matches) {
      for (const t of m.terms)
        for (const tok of tokenize(t)) terms.set(tok, Math.max(terms.get(tok) ?? 0, w.expansion));
      for (const [key, weight] of m.laws) {
        for (const lawId of resolveLaws(key)) {
          const prev = lawBoost.get(lawId);
          if (!prev || prev.weight < weight) lawBoost.set(lawId, { weight, why: m.why });
        }
      }
      for (const ref of m.articles) {
        const a = resolveArticle(ref.law, ref.article);
        if (a) anchors.set(articleKey(a), m.why);
      }
    }
    const matter = w.matterAnchor > 0 ? matters.recognise(text)[0] : undefined;
    if (matter?.needsStatute) {
      for (const ref of matters.keyArticles(matter.data, text).filter((r) => r.specific)) {
        const a = resolveArticle(ref.law, ref.article);
        if (a && !anchors.has(articleKey(a))) anchors.set(articleKey(a), `事项:${matter.label}`);
      }
    }
    return { terms, lawBoost, anchors };
  }

  function recommend(text: string, ro: RecommendOptions = {}): ClauseHit[] {
    const k = ro.k ?? 5;
    const q = plan(text, ro.category);
    const scores = new Float32Array(arts.length);
    index.scoreInto(q.terms, scores);
    let max = 0;
    for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
    if (max > 0) for (let i = 0; i < scores.length; i++) scores[i] /= max;

    const lawScores = new Float32Array(corpus.laws.length);
    lawIndex.scoreInto(q.terms, lawScores);
    const lawMax = lawScores.reduce((m, s) => Math.max(m, s), 0) || 1;
    const lawBonus = corpus.laws.map(
      (l, i) => w.lawScore * (lawScores[i] / lawMax) + w.lawPrior * (q.lawBoost.get(l.id)?.weight ?? 0),
    );
    for (let i = 0; i < arts.length; i++) if (scores[i] > 0) scores[i] += lawBonus[lawOf[i]] + w.popularity * prior[i];
    for (const key of q.anchors.keys()) {
      const d = keyToDoc.get(key)!;
      scores[d] += w.anchor + lawBonus[lawOf[d]] * (scores[d] > 0 ? 0 : 1);
    }
    // Single characters match almost anywhere: they score, but are no reason to show. An article that only
    // they support (送养 for 不送上楼) is left out: no clause is better than a wrong one in a reply.
    const queryTerms = [...q.terms.keys()].filter((t) => t.length > 1);
    const hits: ClauseHit[] = [];
    for (const d of topK(scores, k * 3)) {
      const a = arts[d];
      const reason = queryTerms.filter((t) => docHas(d, t));
      const boost = q.lawBoost.get(a.lawId);
      if (boost) reason.push(`法律先验:${boost.why}`);
      const anchor = q.anchors.get(articleKey(a));
      if (anchor) reason.push(`要点:${anchor}`);
      if (!reason.length) continue;
      hits.push({
        law: a.law,
        lawId: a.lawId,
        article: a.article,
        number: a.number,
        score: Number(scores[d].toFixed(4)),
        text: a.text,
        reason,
      });
      if (hits.length === k) break;
    }
    return hits;
  }

  function docHas(d: number, term: string): boolean {
    const a = arts[d];
    return a.text.includes(term) || a.law.includes(term) || a.chapter.includes(term);
  }

  return { recommend, corpus };
}

/** The title without 中华人民共和国, which every national law shares and so tells nothing. */
const shortTitle = (t: string) => t.replace(/^中华人民共和国/, '');
