import type { Report } from '../reports/report-schema.ts';

/** A small saved report, as the harness writes it (no benchmark rows: made-up ids and metrics). */
export function sampleReport(startedAt: string, macroF1: number, inSample?: string): Report {
  return {
    format: 'xinfang-eval/1',
    meta: {
      task: 'emotion',
      suite: null,
      note: null,
      target: { kind: 'in-process', url: null },
      data: [{ path: 'sample.jsonl', sha256: 'a'.repeat(64), rows: 2 }],
      git: { commit: 'abcdef1234567890', dirty: false },
      started_at: startedAt,
      finished_at: startedAt,
      wall_ms: 10,
      limit: null,
      concurrency: 1,
      timeout_ms: 1000,
      options: {},
      node: 'v20',
      in_sample: inSample ?? null,
    },
    summary: {
      metrics: { macro_f1: macroF1, accuracy: 0.5 },
      confusions: {},
      gates: [{ metric: 'macro_f1', min: 0.5, value: macroF1, pass: macroF1 >= 0.5 }],
      passed: macroF1 >= 0.5,
    },
    cases: [
      {
        id: 'c1',
        expected: { label: 'angry' },
        output: { analyze: { emotion: { label: 'angry' } } },
        checks: [{ name: 'label', pass: true }],
        pass: true,
        latency_ms: 3,
        calls: [],
        error: null,
      },
      {
        id: 'c2',
        expected: { label: 'sad' },
        output: { analyze: { emotion: { label: 'neutral' } } },
        checks: [{ name: 'label', pass: false }],
        pass: false,
        latency_ms: 4,
        calls: [],
        error: null,
      },
    ],
  };
}
