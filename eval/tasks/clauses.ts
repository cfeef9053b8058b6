import { z } from 'zod';
import { articleKey, parseArticleHeading } from '../checks/cn-number.ts';
import { normaliseLawTitle, type CorpusIndex } from '../checks/corpus-index.ts';
import { RecommendSchema } from '../contract.ts';
import { firstHitRank, rankingMetrics } from '../metrics/ranking.ts';
import type { CaseResult, Check, TaskSpec } from '../types.ts';

const CitedSchema = z.object({ law: z.string(), article: z.string().nullable() });
const RowSchema = z.object({ id: z.string(), question: z.string(), cited: z.array(CitedSchema) });
type Cited = z.infer<typeof CitedSchema>;

/** `民法典#1165`, or `民法典#*` for a whole-law citation (article null). */
export function citationKey(law: string, article: string | null | undefined, number?: number): string {
  const ref = article ? parseArticleHeading(article) : undefined;
  if (ref) return `${normaliseLawTitle(law)}#${articleKey(ref)}`;
  if (number !== undefined) return `${normaliseLawTitle(law)}#${number}`;
  return `${normaliseLawTitle(law)}#*`;
}

/**
 * A ranked clause matches a gold citation when law and article agree; a whole-law gold citation (article
 * null) is matched by any article of that law, since the lawyer cited the law as a whole.
 */
export function matchesGold(gold: string[], rankedKey: string): boolean {
  return gold.some((g) => (g.endsWith('#*') ? rankedKey.startsWith(g.slice(0, -1)) : g === rankedKey));
}

/** Splits gold citations into those whose statute is in the corpus (scored) and the rest (coverage). */
export function goldInCorpus(cited: Cited[], corpus: CorpusIndex) {
  const keys = [...new Set(cited.map((c) => citationKey(c.law, c.article)))];
  return { all: keys, scored: keys.filter((k) => corpus.hasLaw(k.split('#')[0])) };
}

/** LawBench 3-8 rows → /v1/clauses/recommend {text: question, k}: hit@k, mrr@10, coverage. */
export const clausesTask: TaskSpec<z.infer<typeof RowSchema>> = {
  name: 'clauses',
  headline: ['hit@5', 'mrr@10'],
  rowSchema: RowSchema,
  toCase: (row, ctx) => {
    const gold = goldInCorpus(row.cited, ctx.corpus);
    return {
      id: row.id,
      calls: [
        {
          name: 'recommend',
          endpoint: '/v1/clauses/recommend',
          body: { text: row.question, k: ctx.k },
          schema: RecommendSchema,
        },
      ],
      expected: { gold: gold.scored, gold_all: gold.all },
    };
  },
  check: (c, out): Check[] => {
    const gold = c.expected.gold as string[];
    if (gold.length === 0) return [{ name: 'clause_rank', pass: null, reason: '标准答案引用的条文都不在法规库中' }];
    const ranked = ((out?.recommend as z.infer<typeof RecommendSchema> | undefined)?.clauses ?? []).map((x) =>
      citationKey(x.law, x.article, x.number),
    );
    const rank = firstHitRank({ ranked, matches: (r) => matchesGold(gold, r) }, 10);
    return [{ name: 'clause_rank', pass: rank !== null, score: rank ? 1 / rank : 0, expected: gold, actual: rank }];
  },
  keep: (out) => ({
    recommend: {
      clauses: (out.recommend as z.infer<typeof RecommendSchema>).clauses.map(({ law, article, number, score }) => ({
        law,
        article,
        number,
        score,
      })),
    },
  }),
  summarize: (cases: CaseResult[]) => {
    const checks = cases.flatMap((c) => c.checks.filter((k) => k.name === 'clause_rank' && k.pass !== null));
    const queries = checks.map((k) => ({
      ranked: k.actual === null ? [] : [...Array((k.actual as number) - 1).fill('-'), 'hit'],
      matches: (r: string) => r === 'hit',
    }));
    const all = cases.reduce((s, c) => s + (c.expected.gold_all as string[]).length, 0);
    const scored = cases.reduce((s, c) => s + (c.expected.gold as string[]).length, 0);
    return {
      metrics: { ...rankingMetrics(queries), coverage: all === 0 ? null : scored / all, scored_n: checks.length },
      confusions: {},
    };
  },
};
