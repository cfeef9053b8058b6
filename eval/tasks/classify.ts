import { z } from 'zod';
import { CategoryPartSchema, EMOTIONS, EmotionPartSchema, ROUTING_LABELS } from '../contract.ts';
import { classificationMetrics, confusion, type LabelPair } from '../metrics/classification.ts';
import type { CaseResult, Check, Summary, TaskSpec } from '../types.ts';

const predicted = (a: unknown): string | null =>
  typeof a === 'string'
    ? a
    : a && typeof a === 'object' && 'level' in a
      ? String((a as { level: unknown }).level)
      : null;

/**
 * Gold/predicted pairs from the saved checks named `name` (errors carry actual null; risk checks {level}).
 * A plain loop: the leaderboard's bootstrap calls this a thousand times per entry and suite.
 */
export function labelPairs(cases: CaseResult[], name: string): LabelPair[] {
  const pairs: LabelPair[] = [];
  for (const c of cases) {
    for (const k of c.checks) {
      if (k.name === name && k.pass !== null) pairs.push({ gold: String(k.expected), pred: predicted(k.actual) });
    }
  }
  return pairs;
}

/** A label check: pass when the predicted label equals the gold one. */
export function labelCheck(name: string, gold: string, pred: string | undefined | null): Check {
  return { name, pass: pred === gold, expected: gold, actual: pred ?? null };
}

function classificationSummary(cases: CaseResult[], name: string, labels: readonly string[]): Summary {
  const pairs = labelPairs(cases, name);
  return { metrics: classificationMetrics(pairs, labels), confusions: { [name]: confusion(pairs, labels) } };
}

const EmotionRowSchema = z.object({ id: z.string(), text: z.string(), label: z.enum(EMOTIONS) });

/** SMP2020-EWECT rows → /v1/analyze emotion.label, macro-F1 over the six labels. */
export const emotionTask: TaskSpec<z.infer<typeof EmotionRowSchema>> = {
  name: 'emotion',
  headline: ['macro_f1', 'accuracy'],
  rowSchema: EmotionRowSchema,
  toCase: (row) => ({
    id: row.id,
    calls: [{ name: 'analyze', endpoint: '/v1/analyze', body: { text: row.text }, schema: EmotionPartSchema }],
    expected: { emotion: row.label },
  }),
  check: (c, out) => {
    const o = out?.analyze as z.infer<typeof EmotionPartSchema> | undefined;
    return [labelCheck('emotion', String(c.expected.emotion), o?.emotion.label)];
  },
  keep: (out) => ({ analyze: { emotion: (out.analyze as z.infer<typeof EmotionPartSchema>).emotion } }),
  summarize: (cases) => classificationSummary(cases, 'emotion', EMOTIONS),
};

const RoutingRowSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  text: z.string(),
  label: z.enum(ROUTING_LABELS as [string, ...string[]]),
});

/** Teddy Cup rows → /v1/analyze {title, text} category.label, macro-F1 over the seven categories. */
export const routingTask: TaskSpec<z.infer<typeof RoutingRowSchema>> = {
  name: 'routing',
  headline: ['macro_f1', 'accuracy'],
  rowSchema: RoutingRowSchema,
  toCase: (row) => ({
    id: row.id,
    calls: [
      {
        name: 'analyze',
        endpoint: '/v1/analyze',
        body: row.title ? { title: row.title, text: row.text } : { text: row.text },
        schema: CategoryPartSchema,
      },
    ],
    expected: { category: row.label },
  }),
  check: (c, out) => {
    const o = out?.analyze as z.infer<typeof CategoryPartSchema> | undefined;
    return [labelCheck('category', String(c.expected.category), o?.category.label)];
  },
  keep: (out) => ({ analyze: { category: (out.analyze as z.infer<typeof CategoryPartSchema>).category } }),
  summarize: (cases) => classificationSummary(cases, 'category', ROUTING_LABELS),
};
