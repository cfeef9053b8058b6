/**
 * The saved evaluation report (format xinfang-eval/1): what the harness (eval/) writes and the evaluators' page
 * (ui/evaluators.tsx) reads. Here, under src/, so that the page never imports the harness.
 */
import { z } from 'zod';

export const TASKS = ['emotion', 'routing', 'selfharm', 'clauses', 'replies', 'cases', 'clauses-judged'] as const;
export type TaskName = (typeof TASKS)[number];

/** One assertion on one case (promptfoo-style); `pass` null means "not scored" (e.g. no gold in the corpus). */
export const CheckSchema = z.object({
  name: z.string(),
  pass: z.boolean().nullable(),
  score: z.number().optional(),
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
  reason: z.string().optional(),
});
export type Check = z.infer<typeof CheckSchema>;

export const CallRecordSchema = z.object({
  name: z.string(),
  endpoint: z.string(),
  status: z.number().nullable(),
  ms: z.number(),
});

export const CaseResultSchema = z.object({
  id: z.string(),
  expected: z.record(z.string(), z.unknown()),
  /** The entry's answers by call name (trimmed per task, e.g. no evidence text for self-harm); null on error. */
  output: z.record(z.string(), z.unknown()).nullable(),
  checks: z.array(CheckSchema),
  pass: z.boolean().nullable(),
  latency_ms: z.number(),
  calls: z.array(CallRecordSchema),
  error: z.string().nullable(),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

export const ConfusionSchema = z.object({
  labels: z.array(z.string()),
  predicted: z.array(z.string()),
  matrix: z.array(z.array(z.number())),
});

export const ThresholdSchema = z
  .object({ min: z.number().optional(), max: z.number().optional() })
  .refine((t) => t.min !== undefined || t.max !== undefined, 'a threshold needs min or max');
export type Threshold = z.infer<typeof ThresholdSchema>;

export const GateResultSchema = z.object({
  metric: z.string(),
  min: z.number().optional(),
  max: z.number().optional(),
  value: z.number().nullable(),
  pass: z.boolean(),
});
export type GateResult = z.infer<typeof GateResultSchema>;

export const MetricsSchema = z.record(z.string(), z.number().nullable());
export type Metrics = z.infer<typeof MetricsSchema>;

/** What an entry says about itself at GET /v1/info (optional in the contract); free-form beyond these. */
export const EntryInfoSchema = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  model: z.string().optional(),
});
export type EntryInfo = z.infer<typeof EntryInfoSchema>;

/** Token use and cost of the optional LLM judge over one run. */
export const JudgeUsageSchema = z.object({
  model: z.string(),
  base_url: z.string(),
  calls: z.number(),
  failures: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  /** In the currency of --judge-price (per million tokens); null when no price was given. */
  cost: z.number().nullable(),
});
export type JudgeUsage = z.infer<typeof JudgeUsageSchema>;

export const ReportSchema = z.object({
  format: z.literal('xinfang-eval/1'),
  meta: z.object({
    task: z.enum(TASKS),
    suite: z.string().nullable(),
    note: z.string().nullable(),
    target: z.object({ kind: z.enum(['in-process', 'http', 'answers']), url: z.string().nullable() }),
    /**
     * The entry measured, kept apart from the harness's own commit (`git`): its /v1/info answer (null when
     * it has none), a display label, and how it was reached. Absent in reports written before issue 20.
     */
    entry: z
      .object({ label: z.string(), info: EntryInfoSchema.nullable(), info_error: z.string().nullable() })
      .optional(),
    /** The harness itself: its package version (its commit is `git`). */
    harness: z.object({ name: z.string(), version: z.string() }).optional(),
    /** Why the figures are in-sample (the shipped model was fitted on this data), or null. */
    in_sample: z.string().nullable().optional(),
    /** Requests answered from the request cache / sent to the entry; resumed cases kept from a previous run. */
    cache: z.object({ hits: z.number(), misses: z.number(), resumed: z.number() }).optional(),
    judge: JudgeUsageSchema.nullable().optional(),
    data: z.array(z.object({ path: z.string(), sha256: z.string(), rows: z.number() })),
    git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }),
    started_at: z.string(),
    finished_at: z.string(),
    wall_ms: z.number(),
    limit: z.number().nullable(),
    concurrency: z.number(),
    timeout_ms: z.number(),
    options: z.record(z.string(), z.unknown()),
    node: z.string(),
  }),
  summary: z.object({
    metrics: MetricsSchema,
    confusions: z.record(z.string(), ConfusionSchema),
    gates: z.array(GateResultSchema),
    passed: z.boolean(),
  }),
  cases: z.array(CaseResultSchema),
});
export type Report = z.infer<typeof ReportSchema>;
export type Confusion = z.infer<typeof ConfusionSchema>;
export type Summary = Pick<Report['summary'], 'metrics' | 'confusions'>;
