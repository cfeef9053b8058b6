import type { Normaliser } from '../text/normalise.ts';
import type { LinearModel } from './model/index.ts';
import { prepareCategoryText } from './prepare.ts';
import { CATEGORIES, type Category, type CategoryResult } from './types.ts';

export type DepartmentTable = Record<Category, string>;

export interface CategoryClassifier {
  /** Category, scores and receiving department for a raw petition text and optional title. */
  classifyCategory(text: string, title?: string): CategoryResult;
}

/** Used when the model file does not carry a threshold measured by cross-validation. */
export const DEFAULT_OTHER_THRESHOLD = 0.3;
const TRAINED = CATEGORIES.filter((c) => c !== '其他');

/**
 * Wraps the built-in category model. The model knows the seven trained categories; 其他 wins when the
 * best of them is below `otherThreshold`, and its score says how far below (0 when confident).
 */
export function createCategoryClassifier(
  model: LinearModel,
  normalise: Normaliser,
  departments: DepartmentTable,
  otherThreshold = Number(model.opts.meta?.otherThreshold ?? DEFAULT_OTHER_THRESHOLD),
): CategoryClassifier {
  for (const c of TRAINED) if (!model.labels.includes(c)) throw new Error(`category model has no label ${c}`);
  for (const c of CATEGORIES) if (!departments[c]) throw new Error(`department table has no entry for ${c}`);
  return {
    classifyCategory(text, title = '') {
      const p = model.predictProba(prepareCategoryText(normalise(text).text, normalise(title).text));
      return toCategoryResult(p, departments, otherThreshold);
    },
  };
}

/**
 * Category result from per-label probabilities (any model): 其他 wins when the best trained category
 * is below `otherThreshold`, or when the model itself says 其他.
 */
export function toCategoryResult(
  p: Record<string, number>,
  departments: DepartmentTable,
  otherThreshold: number,
): CategoryResult {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, p[c] ?? 0])) as Record<Category, number>;
  const best = TRAINED.reduce((a, b) => (scores[a] >= scores[b] ? a : b));
  const modelOther = scores.其他;
  const unsure = Math.max(0, 1 - scores[best] / otherThreshold);
  const label: Category = unsure > 0 || modelOther > scores[best] ? '其他' : best;
  scores.其他 = Math.max(modelOther, unsure);
  return { label, scores, department: departments[label] };
}
