/** A gold label and what the entry predicted; `null` when the case failed (errors count as wrong). */
export interface LabelPair {
  gold: string;
  pred: string | null;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Confusion {
  /** Rows: gold labels. */
  labels: string[];
  /** Columns: the task's labels, then any other predicted label, then `(error)` when a case failed. */
  predicted: string[];
  matrix: number[][];
}

export const ERROR_COLUMN = '(error)';

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

/**
 * Per-class precision / recall / F1 over a fixed label set. A prediction outside the set (or an error)
 * lowers the recall of its gold class and no class's precision; empty denominators give 0 (as sklearn's
 * zero_division=0), so a class never predicted scores precision 0.
 */
export function perClass(pairs: LabelPair[], labels: readonly string[]): Record<string, ClassMetrics> {
  const out: Record<string, ClassMetrics> = {};
  for (const c of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { gold, pred } of pairs) {
      if (gold === c && pred === c) tp++;
      else if (pred === c) fp++;
      else if (gold === c) fn++;
    }
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    out[c] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support: tp + fn };
  }
  return out;
}

/** Share of pairs whose prediction equals the gold label; errors count as wrong. */
export function accuracy(pairs: LabelPair[]): number {
  return ratio(pairs.filter((p) => p.pred === p.gold).length, pairs.length);
}

/** Unweighted mean of per-class F1 over the given labels (the task's gold label set). */
export function macroF1(pairs: LabelPair[], labels: readonly string[]): number {
  const pc = perClass(pairs, labels);
  return ratio(
    labels.reduce((s, c) => s + pc[c].f1, 0),
    labels.length,
  );
}

/**
 * Counts gold × predicted; unexpected predictions and errors get their own columns so nothing is hidden.
 * `predLabels` names the columns when predictions use another vocabulary (gold 0/1 against risk levels).
 */
export function confusion(
  pairs: LabelPair[],
  labels: readonly string[],
  predLabels: readonly string[] = labels,
): Confusion {
  const extra = [
    ...new Set(pairs.map((p) => p.pred).filter((p): p is string => p !== null && !predLabels.includes(p))),
  ].sort();
  const predicted = [...predLabels, ...extra, ...(pairs.some((p) => p.pred === null) ? [ERROR_COLUMN] : [])];
  const rows = [...labels, ...[...new Set(pairs.map((p) => p.gold))].filter((g) => !labels.includes(g)).sort()];
  const matrix = rows.map(() => predicted.map(() => 0));
  for (const { gold, pred } of pairs) matrix[rows.indexOf(gold)][predicted.indexOf(pred ?? ERROR_COLUMN)]++;
  return { labels: rows, predicted, matrix };
}

/** The flat metric names of issue 3: accuracy, macro_f1, and precision.X / recall.X / f1.X per class. */
export function classificationMetrics(
  pairs: LabelPair[],
  labels: readonly string[],
  prefix = '',
): Record<string, number> {
  const pc = perClass(pairs, labels);
  const m: Record<string, number> = {
    [`${prefix}accuracy`]: accuracy(pairs),
    [`${prefix}macro_f1`]: macroF1(pairs, labels),
  };
  for (const c of labels) {
    m[`${prefix}precision.${c}`] = pc[c].precision;
    m[`${prefix}recall.${c}`] = pc[c].recall;
    m[`${prefix}f1.${c}`] = pc[c].f1;
  }
  return m;
}
