/**
 * The built-in linear-model library: hashed character/word n-gram (and lexicon) features,
 * softmax regression or complement naive Bayes, compact JSON weights, and evaluation helpers.
 *
 *   const model = trainLinearModel({ texts, labels, features: { dim: 2 ** 18, charNgrams: [1, 2, 3] }, classWeight: 'balanced' });
 *   model.save('models/x.json');
 *   const loaded = loadLinearModel('models/x.json');
 *   loaded.predictProba('我要投诉') // { label: probability, ... }
 */
export { createFeaturizer, extractFeatures, fitIdf, needsSegmenter } from './features.ts';
export type { ContextConfig } from './context.ts';
export type { FeatureConfig, Featurizer, FeaturizerOptions, Segmenter } from './features.ts';
export { FeatureBag, fnv1a } from './hashing.ts';
export type { SparseVector } from './hashing.ts';
export { LinearModel, LINEAR_MODEL_FORMAT, argmax, combineLinearModels, linearModelFromJson, loadLinearModel, softmax } from './linear-model.ts';
export type { LinearModelJson } from './linear-model.ts';
export { auroc, classificationReport, macroF1, stratifiedFolds } from './metrics.ts';
export { calibrateSvm, fitPlatt, fitSvmVectors, fitTemperature, svmOutOfFold, trainLinearSvm } from './svm.ts';
export type { FittedSvm, SvmCalibration, SvmDesign, SvmOptions } from './svm.ts';
export { mulberry32, shuffle, trainComplementNB, trainLinearModel, trainSoftmax } from './train.ts';
export type { ClassWeight, TrainOptions } from './train.ts';
