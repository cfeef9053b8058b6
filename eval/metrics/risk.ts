/** One self-harm case: gold label (1 = high risk) and the entry's risk answer; level null when the case failed. */
export interface RiskPair {
  label: 0 | 1;
  level: 'red' | 'yellow' | 'green' | null;
  score: number | null;
}

/**
 * Area under the ROC curve by the Mann-Whitney statistic with average ranks for ties
 * (a tie between a positive and a negative counts one half). Null when a class is missing.
 */
export function auroc(scored: { label: 0 | 1; score: number }[]): number | null {
  const pos = scored.filter((s) => s.label === 1).length;
  const neg = scored.length - pos;
  if (pos === 0 || neg === 0) return null;
  const sorted = scored.map((s, i) => ({ ...s, i })).sort((a, b) => a.score - b.score);
  let rankSumPos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].score === sorted[i].score) j++;
    const avgRank = (i + j + 2) / 2; // ranks are 1-based
    for (let k = i; k <= j; k++) if (sorted[k].label === 1) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

const flagged = (l: RiskPair['level']) => l === 'yellow' || l === 'red';

/**
 * auroc (over cases with a score), recall_high / precision_high (label 1 predicted yellow or red),
 * red_recall (label 1 predicted red) and false_red (label 0 predicted red, a count; false_red_rate its share).
 * A failed case counts as not flagged.
 */
export function riskMetrics(pairs: RiskPair[]): Record<string, number | null> {
  const scored = pairs.filter((p): p is RiskPair & { score: number } => p.score !== null);
  const positives = pairs.filter((p) => p.label === 1);
  const negatives = pairs.filter((p) => p.label === 0);
  const predictedHigh = pairs.filter((p) => flagged(p.level));
  const div = (a: number, b: number) => (b === 0 ? null : a / b);
  const falseRed = negatives.filter((p) => p.level === 'red').length;
  return {
    auroc: auroc(scored),
    recall_high: div(positives.filter((p) => flagged(p.level)).length, positives.length),
    precision_high: div(predictedHigh.filter((p) => p.label === 1).length, predictedHigh.length),
    red_recall: div(positives.filter((p) => p.level === 'red').length, positives.length),
    false_red: falseRed,
    false_red_rate: div(falseRed, negatives.length),
  };
}
