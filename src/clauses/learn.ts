import { readFileSync } from 'node:fs';
import type { Corpus } from './types.ts';
import type { Tokenizer } from './tokenize.ts';
import { goldFor, type BenchRow } from './evaluate.ts';

/**
 * Aggregated associations learned from training questions: how often a question term co-occurs with a
 * citation of an article or a law. Only pairs seen in at least `minCount` different questions are kept,
 * so no single question's wording is stored.
 */
export interface Learned {
  /** `lawId#第X条` → term → number of training questions. */
  articleTerms: Record<string, Record<string, number>>;
  /** lawId → term → number of training questions. */
  lawTerms: Record<string, Record<string, number>>;
  /** `lawId#第X条` → citations (kept when ≥ minCount). */
  articlePrior: Record<string, number>;
  minCount: number;
  questions: number;
}

function bump(m: Record<string, Record<string, number>>, key: string, term: string) {
  const inner = (m[key] ??= {});
  inner[term] = (inner[term] ?? 0) + 1;
}

function prune(m: Record<string, Record<string, number>>, min: number) {
  for (const [k, inner] of Object.entries(m)) {
    for (const [t, c] of Object.entries(inner)) if (c < min) delete inner[t];
    if (!Object.keys(inner).length) delete m[k];
  }
}

/** Learns term associations from training rows (their in-corpus citations only). */
export function learnAssociations(rows: BenchRow[], corpus: Corpus, tokenize: Tokenizer, minCount = 2): Learned {
  const learned: Learned = { articleTerms: {}, lawTerms: {}, articlePrior: {}, minCount, questions: 0 };
  for (const row of rows) {
    const gold = goldFor(row, corpus);
    if (!gold) continue;
    learned.questions++;
    const terms = new Set(tokenize(row.question));
    const laws = new Set([...gold.laws, ...[...gold.articles].map((k) => k.split('#')[0])]);
    for (const key of gold.articles) {
      learned.articlePrior[key] = (learned.articlePrior[key] ?? 0) + 1;
      for (const t of terms) bump(learned.articleTerms, key, t);
    }
    for (const law of laws) for (const t of terms) bump(learned.lawTerms, law, t);
  }
  prune(learned.articleTerms, minCount);
  prune(learned.lawTerms, minCount);
  for (const [k, c] of Object.entries(learned.articlePrior)) if (c < minCount) delete learned.articlePrior[k];
  return learned;
}

/** Reads a learned-associations file written by training/train-clauses.ts. */
export function loadLearned(path: string): Learned {
  const l = JSON.parse(readFileSync(path, 'utf8')) as Learned;
  if (!l || typeof l.articleTerms !== 'object' || typeof l.lawTerms !== 'object' || typeof l.articlePrior !== 'object') {
    throw new Error(`${path} is not a clause-associations file`);
  }
  return l;
}

export const LEARNED_FILE = 'clause-associations.json';
