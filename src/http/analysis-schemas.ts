import { z } from '@hono/zod-openapi';

// The analysis of a petition as the API sends it (snake_case, http/casing.ts): POST /v1/analyze answers it, and a
// registered petition keeps the one made at intake as `triage`. Score maps are keyed by label (data, not fields).

const RiskSignalSchema = z.object({
  code: z.string(),
  evidence: z.string(),
  start: z.number(),
  end: z.number(),
  weight: z.number(),
  field: z.enum(['text', 'title']).optional().openapi({ description: 'Where the evidence is; text when absent' }),
});

export const ClauseSchema = z
  .object({
    law: z.string(),
    law_id: z.string().optional(),
    article: z.string(),
    number: z.number(),
    score: z.number(),
    text: z.string(),
    reason: z.array(z.string()),
    confidence: z.number().optional().openapi({ description: 'Estimated probability that an officer would cite it' }),
    matter: z.string().optional().openapi({ description: 'The recognised matter the article belongs to' }),
  })
  .openapi('Clause');

const RouteSchema = z.object({
  code: z.string(),
  label: z.string(),
  article: z.string(),
  receiver: z.string(),
  basis: z.string().optional(),
  cues: z.array(z.string()).optional(),
  articles: z
    .array(z.object({ law: z.string(), law_id: z.string().optional(), article: z.string(), number: z.number() }))
    .optional(),
});

const MatterSchema = z.object({
  id: z.string(),
  label: z.string(),
  department: z.string(),
  needs_statute: z.boolean(),
  cues: z.array(z.string()),
});

const SimilarCaseSchema = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  holding: z.string(),
  score: z.number(),
});

const ANALYSIS_SHAPE = {
  emotion: z.object({ label: z.string(), scores: z.record(z.string(), z.number()), intensity: z.number() }),
  category: z.object({ label: z.string(), scores: z.record(z.string(), z.number()), department: z.string() }),
  risk: z.object({
    level: z.enum(['red', 'yellow', 'green']),
    score: z.number(),
    signals: z.array(RiskSignalSchema),
    advice: z.string().optional().openapi({ description: 'What to do at once when life is in danger now' }),
  }),
  route: RouteSchema,
  clauses: z.array(ClauseSchema),
  similar_cases: z.array(SimilarCaseSchema),
  matter: MatterSchema.nullable(),
  department: z.string(),
  letter_kind: z.string(),
  needs_statute: z.boolean(),
  abstained: z.boolean(),
  abstain_reason: z.string().optional(),
};

export const AnalysisSchema = z.object(ANALYSIS_SHAPE).openapi('Analysis');

/** The analysis stored at intake; petitions registered before the matter-first fields existed lack them. */
export const TriageSchema = z
  .object(ANALYSIS_SHAPE)
  .partial({
    similar_cases: true,
    matter: true,
    department: true,
    letter_kind: true,
    needs_statute: true,
    abstained: true,
  })
  .openapi('Triage');
