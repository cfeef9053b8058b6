import { z } from 'zod';
import { RISK_LEVELS, RiskPartSchema } from '../contract.ts';
import { riskMetrics, type RiskPair } from '../metrics/risk.ts';
import type { CaseResult, Check, TaskSpec } from '../types.ts';
import { confusion } from '../metrics/classification.ts';

const RowSchema = z.object({
  id: z.string(),
  text: z.string(),
  level: z.number().int(),
  label: z.union([z.literal(0), z.literal(1)]),
});

type RiskOut = z.infer<typeof RiskPartSchema>['risk'];

/** Risk answers by gold label, read back from saved checks. */
export function riskPairs(cases: CaseResult[]): RiskPair[] {
  return cases.flatMap((c) =>
    c.checks
      .filter((k) => k.name === 'risk_high')
      .map((k) => {
        const a = k.actual as { level: RiskPair['level']; score: number } | null;
        return { label: k.expected as 0 | 1, level: a?.level ?? null, score: a?.score ?? null };
      }),
  );
}

/**
 * SOS-1K rows → /v1/analyze risk. A case passes when label 1 is flagged (yellow or red) and label 0 is not.
 * The text is sensitive: the report keeps only level, score and signal codes, never evidence.
 */
export const selfharmTask: TaskSpec<z.infer<typeof RowSchema>> = {
  name: 'selfharm',
  headline: ['auroc', 'recall_high', 'precision_high'],
  sensitive: true,
  rowSchema: RowSchema,
  toCase: (row) => ({
    id: row.id,
    calls: [{ name: 'analyze', endpoint: '/v1/analyze', body: { text: row.text }, schema: RiskPartSchema }],
    expected: { label: row.label, level: row.level },
  }),
  check: (c, out): Check[] => {
    const r = (out?.analyze as z.infer<typeof RiskPartSchema> | undefined)?.risk;
    const label = c.expected.label as 0 | 1;
    const flagged = r ? r.level !== 'green' : false;
    return [
      {
        name: 'risk_high',
        pass: r ? flagged === (label === 1) : false,
        score: r?.score,
        expected: label,
        actual: r ? { level: r.level, score: r.score } : null,
      },
    ];
  },
  keep: (out) => {
    const r = (out.analyze as { risk: RiskOut }).risk;
    return {
      analyze: { risk: { level: r.level, score: r.score, signals: (r.signals ?? []).map((s) => ({ code: s.code })) } },
    };
  },
  summarize: (cases) => {
    const pairs = riskPairs(cases);
    const asLabels = pairs.map((p) => ({ gold: p.label === 1 ? 'high (1)' : 'low (0)', pred: p.level }));
    return {
      metrics: riskMetrics(pairs) as Record<string, number | null>,
      confusions: { risk: confusion(asLabels, ['low (0)', 'high (1)'], RISK_LEVELS) },
    };
  },
};
