/**
 * Learns the clause associations (term → article, term → law, article citation counts) from LawBench training
 * rows; training/train-clauses.ts writes them to models/clause-associations.json, which the service only reads
 * (src/clauses/learn.ts loadLearned).
 */
import type { Learned } from '../src/clauses/learn.ts';
import type { Tokenizer } from '../src/clauses/tokenize.ts';
import type { Corpus } from '../src/clauses/types.ts';
import { goldFor, type BenchRow } from '../eval/clauses-lawbench.ts';

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
