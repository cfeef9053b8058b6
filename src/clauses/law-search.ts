import { Bm25Builder, addTerms, topK, type Bm25Index } from './bm25.ts';
import type { Tokenizer } from './tokenize.ts';
import type { ClauseHit, Corpus } from './types.ts';

/** BM25 over every article of the corpus, restricted at query time to the statutes asked for. */
export interface LawSearch {
  search(text: string, lawIds: string[], k: number): ClauseHit[];
}

/**
 * Issue 16: when a model names the governing statutes, their best-matching articles join the candidates it scores.
 * The index covers the whole corpus once (built on first use: only a service with a model configured needs it).
 */
export function createLawSearch(corpus: Corpus, tokenizer: Tokenizer): LawSearch {
  let built: Bm25Index | undefined;
  const index = () => {
    if (!built) {
      const b = new Bm25Builder();
      for (const a of corpus.articles) b.add(addTerms(new Map(), tokenizer(a.text)));
      built = b.build();
    }
    return built;
  };
  return {
    search(text, lawIds, k) {
      if (!lawIds.length || k <= 0) return [];
      const want = new Set(lawIds);
      const terms = new Map<string, number>();
      for (const t of tokenizer(text)) terms.set(t, 1);
      const scores = new Float32Array(corpus.articles.length);
      index().scoreInto(terms, scores);
      for (let i = 0; i < scores.length; i++) if (!want.has(corpus.articles[i].lawId)) scores[i] = 0;
      return topK(scores, k)
        .filter((d) => scores[d] > 0)
        .map((d) => {
          const a = corpus.articles[d];
          return {
            law: a.law,
            lawId: a.lawId,
            article: a.article,
            number: a.number,
            text: a.text,
            score: scores[d],
            reason: ['模型指出的法规内检索'],
          };
        });
    },
  };
}
