import type { z } from 'zod';
import type { CorpusIndex } from './checks/corpus-index.ts';
import type { CaseResult, Check, Summary, TaskName } from '../src/reports/report-schema.ts';

// The report's schema lives under src/ (the evaluators' page reads reports); the harness re-exports it.
export * from '../src/reports/report-schema.ts';

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

/** What tasks may use besides the row: the corpus for citation checks and the run's options. */
export interface TaskContext {
  corpus: CorpusIndex;
  /** Draft kind for the replies task (default opinion: the 信访处理意见书 the reference reply answers). */
  kind: string;
  /** k for clause recommendation. */
  k: number;
}

/** One task: how a row becomes requests, how answers are checked, how checks become metrics. */
// biome-ignore lint/suspicious/noExplicitAny: the task table holds tasks of different row types; each task types its own.
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
