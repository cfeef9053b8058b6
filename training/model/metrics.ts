import { mulberry32, shuffle } from './train.ts';

/** Per-label precision, recall and F1, plus the macro average over `labels`. */
export function classificationReport(yTrue: string[], yPred: string[], labels: string[]) {
  const perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }> = {};
  for (const l of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    yTrue.forEach((t, i) => {
      if (yPred[i] === l && t === l) tp++;
      else if (yPred[i] === l) fp++;
      else if (t === l) fn++;
    });
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel[l] = { precision, recall, f1, support: tp + fn };
  }
  const macroF1 = labels.reduce((s, l) => s + perLabel[l].f1, 0) / labels.length;
  const accuracy = yTrue.filter((t, i) => t === yPred[i]).length / (yTrue.length || 1);
  return { macroF1, accuracy, perLabel };
}

/** Macro-F1 over `labels` (the official SMP2020-EWECT score). */
export function macroF1(yTrue: string[], yPred: string[], labels: string[]): number {
  return classificationReport(yTrue, yPred, labels).macroF1;
}

/** Area under the ROC curve for binary labels (1 = positive), ties counted half. */
export function auroc(scores: number[], positives: boolean[]): number {
  const idx = scores.map((s, i) => [s, positives[i]] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && idx[j][0] === idx[i][0]) j++;
    const avgRank = (i + j + 1) / 2;
    for (let m = i; m < j; m++) if (idx[m][1]) [rankSum, nPos] = [rankSum + avgRank, nPos + 1];
    i = j;
  }
  const nNeg = idx.length - nPos;
  if (!nPos || !nNeg) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Stratified k-fold: returns for each row its fold number 0..k-1, class by class round-robin after a seeded shuffle. */
export function stratifiedFolds(labels: string[], k: number, seed = 1): number[] {
  const fold = new Array<number>(labels.length);
  const rand = mulberry32(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  let offset = 0;
  for (const l of [...byLabel.keys()].sort()) {
    const rows = byLabel.get(l)!;
    shuffle(rows, rand);
    rows.forEach((r, n) => (fold[r] = (n + offset) % k));
    offset += rows.length;
  }
  return fold;
}
