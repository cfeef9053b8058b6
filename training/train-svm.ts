import {
  argmax,
  calibrateSvm,
  fitPlatt,
  fitTemperature,
  svmOutOfFold,
  trainLinearSvm,
  type LinearModel,
  type Segmenter,
  type SvmDesign,
} from './model/index.ts';

/**
 * Model selection for a TF-IDF + linear SVM design (SvmDesign), all inside the training data: C is chosen by
 * cross-validation over `folds` of the training rows, and the probability calibration (temperature, or Platt for
 * two labels) is fitted on the same out-of-fold margins at the chosen C. Nothing outside `texts` is seen.
 */

export interface SvmSelection {
  C: number;
  cvScore: number;
  cvScores: Record<string, number>;
  calibration: ReturnType<typeof calibrationOf>;
  /** Out-of-fold margins at the chosen C (per row, raw). */
  margins: Float64Array[];
}

function calibrationOf(margins: Float64Array[], y: number[], k: number) {
  return k === 2
    ? {
        kind: 'platt' as const,
        ...fitPlatt(
          margins.map((m) => m[1]),
          y.map((v) => v === 1),
        ),
      }
    : { kind: 'temperature' as const, temperature: fitTemperature(margins, y) };
}

/** Chooses C by the CV score (higher is better) and fits the calibration on the chosen C's out-of-fold margins. */
export function selectSvm(
  d: SvmDesign,
  data: { texts: string[]; labels: string[]; labelSet: string[]; folds: number[]; segment?: Segmenter },
  score: (margins: Float64Array[], y: number[]) => number,
): SvmSelection {
  const y = data.labels.map((l) => data.labelSet.indexOf(l));
  const oof = svmOutOfFold({ ...data, features: d.features, classWeight: d.classWeight, minDf: d.minDf, grid: d.grid });
  const scores = oof.map((m) => score(m, y));
  const g = scores.indexOf(Math.max(...scores));
  return {
    C: d.grid[g],
    cvScore: scores[g],
    cvScores: Object.fromEntries(d.grid.map((C, i) => [String(C), Math.round(scores[i] * 10000) / 10000])),
    calibration: calibrationOf(oof[g], y, data.labelSet.length),
    margins: oof[g],
  };
}

/** Fits the selected design on all training rows and applies the calibration. */
export function fitSelectedSvm(
  d: SvmDesign,
  sel: SvmSelection,
  data: { texts: string[]; labels: string[]; labelSet: string[]; segment?: Segmenter },
  meta: Record<string, unknown> = {},
): LinearModel {
  const fitted = trainLinearSvm({
    ...data,
    features: d.features,
    classWeight: d.classWeight,
    minDf: d.minDf,
    C: sel.C,
  });
  const svm = {
    C: sel.C,
    cvScores: sel.cvScores,
    classWeight: d.classWeight,
    minDf: d.minDf,
    loss: 'L2-regularised squared hinge, dual CD, one-vs-rest',
  };
  return calibrateSvm(fitted, sel.calibration, { ...meta, svm });
}

/** Predicted label index per row from margins. */
export const predictIndex = (margins: Float64Array[]) => margins.map((m) => argmax(m));
