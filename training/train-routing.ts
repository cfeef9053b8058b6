import { createNormaliser } from '../src/text/normalise.ts';
import type { Segmenter } from '../src/text/segment.ts';
import {
  classificationReport,
  linearModelFromJson,
  type FeatureConfig,
  type LinearModel,
  type SvmDesign,
  type TrainOptions,
  stratifiedFolds,
  trainLinearModel,
} from './model/index.ts';
import { prepareCategoryText, readCategoryLexicon } from '../src/triage/prepare.ts';
import { CATEGORIES } from '../src/triage/types.ts';
import { ROUTING_FILE, type RoutingRow, readBench } from './train-data.ts';
import { fitSelectedSvm, predictIndex, selectSvm } from './train-svm.ts';

const DIM = 2 ** 18;
const LABELS = CATEGORIES.filter((c) => c !== '其他');
export const ROUTING_FOLDS = 5;
export const ROUTING_FOLD_SEED = 7;
/** Share of in-domain petitions allowed to fall to 其他; sets the threshold from cross-validated scores. */
const OTHER_RATE = 0.05;

export interface RoutingDesign {
  name: string;
  features: Omit<FeatureConfig, 'dim'>;
  train: Partial<TrainOptions>;
  /** A TF-IDF + linear SVM (features from `features`); C chosen by inner 5-fold CV on whatever rows it is fitted on. */
  svm?: Omit<SvmDesign, 'features'> & { dim: number };
}

/** The designs compared in `npm run train -- --compare`; the last one is shipped. */
export function routingDesigns(seg: Segmenter): RoutingDesign[] {
  const lexicon = readCategoryLexicon();
  const bal = { classWeight: 'balanced' as const };
  const logreg = { ...bal, algorithm: 'logreg' as const, lambda: 1e-3 };
  const svm = { dim: 2 ** 19, classWeight: 'balanced' as const, minDf: 1, grid: [0.1, 0.3, 1, 3] };
  return [
    {
      name: 'char 1-3, softmax SGD, balanced',
      features: { charNgrams: [1, 2, 3] },
      train: { ...bal, algorithm: 'softmax', epochs: 20 },
    },
    { name: 'char 1-2, logistic regression (L-BFGS), balanced', features: { charNgrams: [1, 2] }, train: logreg },
    {
      name: 'jieba words, tf-idf, logistic regression',
      features: { charNgrams: [], wordNgrams: [1] },
      train: { ...logreg, idf: true, lambda: 1e-4, segment: seg.cut },
    },
    {
      name: 'char 2-3 + words, tf-idf, complement NB',
      features: { charNgrams: [2, 3], wordNgrams: [1] },
      train: { algorithm: 'cnb', idf: true, segment: seg.cut },
    },
    {
      name: 'char 1 + jieba words + keyword lexicon, logistic regression',
      features: { charNgrams: [1], wordNgrams: [1], lexicon, lexiconWeight: 3, lexiconTerms: true },
      train: { ...logreg, segment: seg.cut },
    },
    // As good as the jieba variant within noise, and loading it needs no segmenter (faster start-up).
    {
      name: 'char 1-2 + keyword lexicon, logistic regression',
      features: { charNgrams: [1, 2], lexicon, lexiconWeight: 3, lexiconTerms: true },
      train: logreg,
    },
    {
      name: 'TF-IDF char 1-3 + jieba words, linear SVM (C by inner CV), balanced',
      features: { charNgrams: [1, 2, 3], wordNgrams: [1] },
      train: { segment: seg.cut },
      svm: { ...svm, minDf: 1 },
    },
    {
      name: 'TF-IDF char 1-3 + jieba words + keyword lexicon, linear SVM (C by inner CV), balanced',
      features: { charNgrams: [1, 2, 3], wordNgrams: [1], lexicon, lexiconWeight: 1 },
      train: { segment: seg.cut },
      svm: { ...svm, minDf: 1 },
    },
    {
      name: 'TF-IDF char 1-2 + jieba words + keyword lexicon, linear SVM (C by inner CV), balanced',
      features: { charNgrams: [1, 2], wordNgrams: [1], lexicon, lexiconWeight: 3, lexiconTerms: true },
      train: { segment: seg.cut },
      svm: { ...svm, minDf: 1 },
    },
    {
      name: 'TF-IDF char 1-2 + keyword lexicon, linear SVM (C by inner CV), balanced',
      features: { charNgrams: [1, 2], lexicon, lexiconWeight: 3, lexiconTerms: true },
      train: {},
      svm,
    },
    // Shipped: character unigrams and the keyword lexicon only (with 394 rows the bigrams mostly add noise); the
    // weaker features want weaker regularisation, hence a C grid shifted up. Figures and the designs measured against
    // it: training/EXPERIMENTS.md, section 分流.
    {
      name: 'TF-IDF char 1 + keyword lexicon, linear SVM (C by inner CV), balanced',
      features: { charNgrams: [1], lexicon, lexiconWeight: 3, lexiconTerms: true },
      train: {},
      svm: { ...svm, grid: [1, 3, 10, 30] },
    },
  ];
}

function routingData() {
  const normalise = createNormaliser();
  const rows = readBench<RoutingRow>(ROUTING_FILE);
  return {
    texts: rows.map((r) => prepareCategoryText(normalise(r.text).text, normalise(r.title).text)),
    labels: rows.map((r) => r.label),
  };
}

function fit(design: RoutingDesign, texts: string[], labels: string[], meta?: Record<string, unknown>): LinearModel {
  if (design.svm) {
    const { dim, ...rest } = design.svm;
    const d: SvmDesign = { ...rest, features: { dim, ...design.features } };
    // Inner CV on the rows being fitted only (inside an outer fold: its training rows), so C never sees test rows.
    const data = {
      texts,
      labels,
      labelSet: LABELS,
      segment: design.train.segment,
      folds: stratifiedFolds(labels, ROUTING_FOLDS, ROUTING_FOLD_SEED + 1),
    };
    const score = (m: Float64Array[], y: number[]) =>
      classificationReport(
        y.map((v) => LABELS[v]),
        predictIndex(m).map((v) => LABELS[v]),
        LABELS,
      ).macroF1;
    const sel = selectSvm(d, data, score);
    return fitSelectedSvm(d, sel, data, meta);
  }
  return trainLinearModel({
    texts,
    labels,
    labelSet: LABELS,
    features: { dim: DIM, ...design.features },
    ...design.train,
    meta,
  });
}

/** Stratified 5-fold cross-validation on the open routing split; also returns each row's best score. */
export function crossValidateRouting(design: RoutingDesign) {
  const { texts, labels } = routingData();
  const folds = stratifiedFolds(labels, ROUTING_FOLDS, ROUTING_FOLD_SEED);
  const pred = new Array<string>(texts.length);
  const best = new Array<number>(texts.length);
  for (let k = 0; k < ROUTING_FOLDS; k++) {
    const train = texts.map((_, i) => i).filter((i) => folds[i] !== k);
    // Measured on the int8 JSON round trip, exactly what the service would load.
    const model = linearModelFromJson(
      fit(
        design,
        train.map((i) => texts[i]),
        train.map((i) => labels[i]),
      ).toJSON(),
    );
    texts.forEach((t, i) => {
      if (folds[i] !== k) return;
      const p = model.predictProba(t);
      pred[i] = LABELS.reduce((a, b) => (p[a] >= p[b] ? a : b));
      best[i] = p[pred[i]];
    });
  }
  const report = classificationReport(labels, pred, LABELS);
  const sorted = [...best].sort((a, b) => a - b);
  const otherThreshold = sorted[Math.floor(OTHER_RATE * sorted.length)];
  return { report, otherThreshold };
}

/** The shipped model: the design fitted on all of the open routing split. */
export function trainRoutingModel(design: RoutingDesign, otherThreshold: number): LinearModel {
  const { texts, labels } = routingData();
  return fit(design, texts, labels, { design: design.name, trainedOn: [ROUTING_FILE], otherThreshold });
}
