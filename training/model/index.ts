/**
 * The training side of the built-in linear models: softmax regression (L-BFGS) or complement naive Bayes, the
 * linear SVM with its calibration, word vectors, and the evaluation helpers (folds, macro-F1, AUROC). It re-exports
 * the inference library (src/triage/model/) so that a training script imports one module; the service imports
 * only the inference side.
 *
 *   const model = trainLinearModel({ texts, labels, features: { dim: 2 ** 18, charNgrams: [1, 2, 3] }, classWeight: 'balanced' });
 *   model.save('models/x.json');
 */
export * from '../../src/triage/model/index.ts';
export { auroc, classificationReport, macroF1, stratifiedFolds } from './metrics.ts';
export { calibrateSvm, fitPlatt, fitSvmVectors, fitTemperature, svmOutOfFold, trainLinearSvm } from './svm.ts';
export type { FittedSvm, SvmCalibration, SvmDesign, SvmOptions } from './svm.ts';
export { mulberry32, shuffle, trainComplementNB, trainLinearModel, trainSoftmax } from './train.ts';
export type { ClassWeight, TrainOptions } from './train.ts';
export { fitIdf } from './idf.ts';
export { trainWordVectors, type WordVectorOptions } from './word-vectors.ts';
