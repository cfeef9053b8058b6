import { z } from 'zod';
import { CATEGORIES, EMOTIONS } from '../src/triage/types.ts';

/**
 * The pilot's contract (eval/CONTRACT.md), as the harness reads it. Each task validates only the part of
 * an answer it scores, so an entry that implements emotion alone can still be measured on emotion.
 */
export { CATEGORIES, EMOTIONS };

/** The seven first-level categories that routing data is labelled with (其他 is a valid answer, never gold). */
export const ROUTING_LABELS = CATEGORIES.filter((c) => c !== '其他');

export const RISK_LEVELS = ['green', 'yellow', 'red'] as const;

export const ClauseSchema = z.looseObject({
  law: z.string(),
  article: z.string(),
  number: z.number().int().optional(),
  score: z.number().optional(),
});

export const EmotionPartSchema = z.looseObject({
  emotion: z.looseObject({ label: z.string(), intensity: z.number().optional() }),
});
export const CategoryPartSchema = z.looseObject({ category: z.looseObject({ label: z.string() }) });
export const RiskPartSchema = z.looseObject({
  risk: z.looseObject({
    level: z.enum(RISK_LEVELS),
    score: z.number().min(0).max(1),
    signals: z.array(z.looseObject({ code: z.string() })).optional(),
  }),
});

/** The whole /v1/analyze answer; route and clauses may be empty (never invented) but must have their shape. */
export const AnalyzeSchema = EmotionPartSchema.extend(CategoryPartSchema.shape)
  .extend(RiskPartSchema.shape)
  .extend({
    route: z.looseObject({ code: z.string(), article: z.string().optional() }).nullable().optional(),
    clauses: z.array(ClauseSchema).optional(),
  });

export const DraftSchema = z.looseObject({
  reply: z.string(),
  kind: z.string().optional(),
  citations: z.array(z.looseObject({ law: z.string(), article: z.string() })).optional(),
});

export const RecommendSchema = z.looseObject({ clauses: z.array(ClauseSchema) });
