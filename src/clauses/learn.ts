import { readFileSync } from 'node:fs';

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

/** Reads a learned-associations file written by training/train-clauses.ts. */
export function loadLearned(path: string): Learned {
  const l = JSON.parse(readFileSync(path, 'utf8')) as Learned;
  if (
    !l ||
    typeof l.articleTerms !== 'object' ||
    typeof l.lawTerms !== 'object' ||
    typeof l.articlePrior !== 'object'
  ) {
    throw new Error(`${path} is not a clause-associations file`);
  }
  return l;
}

export const LEARNED_FILE = 'clause-associations.json';
