/**
 * The built-in linear models as the service runs them: hashed character/word n-gram (and lexicon) features and
 * compact JSON weights. Inference only; the training algorithms (softmax, naive Bayes, SVM, L-BFGS) and the
 * evaluation helpers live in training/model/, which the service never imports.
 *
 *   const loaded = loadLinearModel('models/x.json');
 *   loaded.predictProba('我要投诉') // { label: probability, ... }
 */
export { createFeaturizer, extractFeatures, needsSegmenter } from './features.ts';
export type { ContextConfig } from './context.ts';
export type { FeatureConfig, Featurizer, FeaturizerOptions, Segmenter } from './features.ts';
export { FeatureBag, fnv1a } from './hashing.ts';
export type { SparseVector } from './hashing.ts';
export {
  LinearModel,
  LINEAR_MODEL_FORMAT,
  argmax,
  combineLinearModels,
  linearModelFromJson,
  loadLinearModel,
  softmax,
} from './linear-model.ts';
export type { LinearModelJson } from './linear-model.ts';
