import { z } from 'zod';
import type { CorpusIndex } from './checks/corpus-index.ts';

export const TASKS = ['emotion', 'routing', 'selfharm', 'clauses', 'replies', 'cases', 'clauses-judged'] as const;
export type TaskName = (typeof TASKS)[number];

export const ENDPOINTS = ['/v1/analyze', '/v1/draft', '/v1/clauses/recommend'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** One request a case sends; `schema` is the part of the contract's answer the task reads. */
export interface Call {
  name: string;
  endpoint: Endpoint;
  body: Record<string, unknown>;
  schema: z.ZodType;
}

/** A benchmark row turned into requests plus what is expected (gold labels only: never the input text). */
export interface EvalCase {
  id: string;
  calls: Call[];
  expected: Record<string, unknown>;
  /** What checks need but the report must not keep (reference texts, PII strings). */
  hidden?: Record<string, unknown>;
}

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
export type Summary = Pick<Report['summary'], 'metrics' | 'confusions'>;

/** What tasks may use besides the row: the corpus for citation checks and the run's options. */
export interface TaskContext {
  corpus: CorpusIndex;
  /** Draft kind for the replies task (default opinion: the 信访处理意见书 the reference reply answers). */
  kind: string;
  /** k for clause recommendation. */
  k: number;
}

/** One task: how a row becomes requests, how answers are checked, how checks become metrics. */
export interface TaskSpec<Row = any> {
  name: TaskName;
  /** Sensitive input (self-harm): error messages keep no response body, which might echo the text. */
  sensitive?: boolean;
  rowSchema: z.ZodType<Row>;
  toCase(row: Row, ctx: TaskContext): EvalCase;
  /** outputs is null when the case failed: every check then fails (errors count against the entry). */
  check(c: EvalCase, outputs: Record<string, unknown> | null, ctx: TaskContext): Check[];
  /** What of the answers is kept in the report (default: everything). */
  keep?(outputs: Record<string, unknown>): Record<string, unknown>;
  /** Metrics from saved case results only, so a report can be recomputed without the entry. */
  summarize(cases: CaseResult[]): Summary;
  /**
   * The leaderboard's headline metrics, the first one ranks (all higher-is-better). Without it the
   * leaderboard ranks by the share of passed cases.
   */
  headline?: string[];
}
