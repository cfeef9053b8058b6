/**
 * Scoring of clause recommendation on LawBench 3-8 for scripts/eval-clauses.ts and training/train-clauses.ts (hit@k,
 * MRR, cross-validation of the learned associations). Part of the harness, not the service.
 */
import type { ClauseHit, Corpus } from '../src/clauses/types.ts';

/** One LawBench 3-8 row as stored in ../shared/bench/clauses (read at run time, never copied). */
export interface BenchRow {
  id: string;
  question: string;
  cited: { law: string; article: string | null }[];
}

export interface Gold {
  /** `lawId#第X条` of cited articles found in the corpus. */
  articles: Set<string>;
  /** lawIds cited as a whole (article null): any article of the law counts. */
  laws: Set<string>;
}

export interface Metrics {
  questions: number;
  scored: number;
  coverage: number;
  citations: number;
  citationsInCorpus: number;
  hit1: number;
  hit5: number;
  hit10: number;
  mrr10: number;
}

/** The citations of a row whose statute (and article) the corpus holds; undefined when none does. */
export function goldFor(row: BenchRow, corpus: Corpus): Gold | undefined {
  const gold: Gold = { articles: new Set(), laws: new Set() };
  for (const c of row.cited) {
    const law = corpus.findLaw(c.law);
    if (!law) continue;
    if (c.article === null) {
      gold.laws.add(law.id);
      continue;
    }
    const a = corpus.getArticle(law.id, c.article);
    if (a) gold.articles.add(`${a.lawId}#${a.article}`);
  }
  return gold.articles.size || gold.laws.size ? gold : undefined;
}

/** Rank (1-based) of the first hit that matches the gold set, 0 when none of `hits` does. */
export function firstRelevant(hits: ClauseHit[], gold: Gold): number {
  const i = hits.findIndex((h) => gold.articles.has(`${h.lawId}#${h.article}`) || gold.laws.has(h.lawId));
  return i + 1;
}

/** hit@1/5/10 and MRR@10 over the rows that have in-corpus citations; coverage = scored / questions. */
export function score(rows: BenchRow[], corpus: Corpus, rank: (row: BenchRow) => ClauseHit[]): Metrics {
  let scored = 0,
    h1 = 0,
    h5 = 0,
    h10 = 0,
    mrr = 0,
    citations = 0,
    inCorpus = 0;
  for (const row of rows) {
    citations += row.cited.length;
    const gold = goldFor(row, corpus);
    if (!gold) continue;
    inCorpus += gold.articles.size + gold.laws.size;
    scored++;
    const r = firstRelevant(rank(row).slice(0, 10), gold);
    if (r === 1) h1++;
    if (r >= 1 && r <= 5) h5++;
    if (r >= 1) {
      h10++;
      mrr += 1 / r;
    }
  }
  const d = Math.max(1, scored);
  const round = (x: number) => Number(x.toFixed(4));
  return {
    questions: rows.length,
    scored,
    coverage: round(scored / Math.max(1, rows.length)),
    citations,
    citationsInCorpus: inCorpus,
    hit1: round(h1 / d),
    hit5: round(h5 / d),
    hit10: round(h10 / d),
    mrr10: round(mrr / d),
  };
}

/** Reads a JSON Lines bench file. */
export function readBench(path: string, read: (p: string) => string): BenchRow[] {
  return read(path)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BenchRow);
}

/**
 * k-fold cross-validation for anything trained on bench rows: row i is in fold i mod k; each fold is
 * ranked by a model built from the other folds only, so no question helps its own score.
 */
export function crossValidate(
  rows: BenchRow[],
  corpus: Corpus,
  folds: number,
  build: (train: BenchRow[]) => (row: BenchRow) => ClauseHit[],
): Metrics {
  const ranked = new Map<string, ClauseHit[]>();
  for (let f = 0; f < folds; f++) {
    const rank = build(rows.filter((_, i) => i % folds !== f));
    rows.forEach((r, i) => {
      if (i % folds === f) ranked.set(r.id, rank(r));
    });
  }
  return score(rows, corpus, (r) => ranked.get(r.id)!);
}

const CITATION_RE =
  /《([^》]{2,40})》(?:（[^）]*）)?((?:第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?(?:第[一二三四五六七八九十]+款)?(?:第[（(]?[一二三四五六七八九十]+[)）]?项)?[、，和及或]*)+)/g;

/** Statute citations (《title》第X条…) in free text such as an office's reply, as bench-style `cited` entries. */
export function extractCitations(text: string): BenchRow['cited'] {
  const out: BenchRow['cited'] = [];
  for (const m of text.matchAll(CITATION_RE)) {
    for (const a of m[2].matchAll(/第([零〇一二三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?/g)) {
      out.push({ law: m[1], article: `第${a[1]}条${a[2] ?? ''}` });
    }
  }
  return out;
}
