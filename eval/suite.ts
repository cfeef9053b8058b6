import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { TASKS, ThresholdSchema, type GateResult, type Metrics, type Threshold } from './types.ts';

/** A suite file (eval/suites/*.yaml). Paths are relative to the project root. */
export const SuiteSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  description: z.string().optional(),
  task: z.enum(TASKS),
  /** A file, a folder of *.jsonl, or a pattern like fixtures/risk/*.jsonl. */
  data: z.string(),
  limit: z.number().int().positive().optional(),
  timeout_ms: z.number().int().positive().optional(),
  concurrency: z.number().int().positive().optional(),
  /** Options passed to the task: kind (replies), k (clauses). */
  options: z.strictObject({ kind: z.string().optional(), k: z.number().int().positive().optional() }).optional(),
  /** metric → a minimum (a bare number) or {min, max}; the CLI exits 1 when one is not met. */
  thresholds: z.record(z.string(), z.union([z.number(), ThresholdSchema])).optional(),
  /** A line for the report, e.g. which split the figures are measured on. */
  note: z.string().optional(),
  /**
   * Set when the shipped model was fitted on this data: why. The report and the evaluators' page mark the
   * figures 样本内 and the leaderboard leaves them out of its headline unless --include-in-sample.
   */
  in_sample: z.string().min(1).optional(),
});
export type Suite = z.infer<typeof SuiteSchema>;

/** Reads and validates one suite file; a bad suite names the file and the field. */
export function loadSuite(path: string): Suite {
  const raw = parse(readFileSync(path, 'utf8'));
  const parsed = SuiteSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(suite)'}: ${i.message}`);
    throw new Error(`invalid suite ${path}:\n${issues.join('\n')}`);
  }
  if (parsed.data.name !== basename(path).replace(/\.ya?ml$/, '')) {
    throw new Error(`invalid suite ${path}: name "${parsed.data.name}" must match the file name`);
  }
  return parsed.data;
}

/** All suites in a folder, by name. */
export function listSuites(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function normaliseThresholds(t: Suite['thresholds']): Record<string, Threshold> {
  return Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k, typeof v === 'number' ? { min: v } : v]));
}

/**
 * Checks each gated metric: a missing (null) value fails, because a gate that cannot be measured must not
 * pass silently.
 */
export function applyGates(metrics: Metrics, thresholds: Record<string, Threshold>): GateResult[] {
  return Object.entries(thresholds).map(([metric, t]) => {
    const value = metrics[metric] ?? null;
    const pass = value !== null && (t.min === undefined || value >= t.min) && (t.max === undefined || value <= t.max);
    return { metric, ...t, value, pass };
  });
}
