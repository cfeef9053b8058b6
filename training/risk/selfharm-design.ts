/**
 * The design of the self-harm classifier and its training functions (script: training/train-selfharm.ts). The
 * service reads the trained files through src/triage/risk-selfharm.ts; it never imports this module.
 */
import { createSegmenter } from '../../src/text/segment.ts';
import {
  auroc,
  calibrateSvm,
  fitPlatt,
  svmOutOfFold,
  trainLinearSvm,
  trainLinearModel,
  needsSegmenter,
  type ContextConfig,
  type FeatureConfig,
  type LinearModel,
  type SvmDesign,
} from '../model/index.ts';

/**
 * Groups of self-harm terms used as features of the learned classifier. Written from domain knowledge of how
 * suicide risk is graded (a method, a plan, a time, an attempt, a pact weigh more than vague ideation).
 */
export const SELFHARM_LEXICON: Record<string, string[]> = {
  jump: [
    '跳楼',
    '跳下',
    '跳河',
    '跳江',
    '跳海',
    '跳桥',
    '跳崖',
    '楼顶',
    '天台',
    '高楼',
    '楼上',
    '顶楼',
    '窗户',
    '大桥',
    '桥上',
  ],
  poison: ['安眠药', '药', '农药', '百草枯', '敌敌畏', '吞', '服毒', '吃药', '过量', '一瓶', '片'],
  charcoal: ['烧炭', '炭', '碳', '一氧化碳', '煤气', '密闭', '胶带'],
  cut: ['割腕', '割脉', '刀', '刀片', '血'],
  hang: ['上吊', '绳', '窒息'],
  other: ['卧轨', '溺', '淹死', '撞车', '冻死', '华山'],
  pact: ['约', '一起', '组队', '有没有人', '同伴', '作伴', '结伴'],
  inquiry: ['怎么', '哪种', '什么方法', '会不会', '痛苦', '不痛', '无痛', '死法', '方式', '成功率', '死得了', '死不了'],
  plan: [
    '准备',
    '计划',
    '打算',
    '决定',
    '已经',
    '买好',
    '买了',
    '存了',
    '攒',
    '写好',
    '遗书',
    '遗言',
    '安排',
    '后事',
    '告别',
  ],
  time: ['今晚', '今天', '明天', '后天', '这周', '周末', '下周', '月底', '生日', '过年', '马上', '倒计时'],
  attempt: ['试过', '失败', '第一次', '上次', '再一次', '又一次', '没死成', '救回来', '洗胃', '抢救', '醒来'],
  vague: [
    '离开这个世界',
    '想去死',
    '去死',
    '想死',
    '想离开',
    '世界',
    '活着好累',
    '没意思',
    '消失',
    '不想活',
    '解脱',
    '好累',
    '如果',
    '也许',
    '要是',
  ],
  protective: ['父母', '爸妈', '舍不得', '不敢', '怕疼', '怕痛', '为什么', '希望'],
};

const L = SELFHARM_LEXICON;

/**
 * Who says what, and how: a method or ideation word negated (劝他别跳), in the first person or about someone else,
 * with a time, a plan, the past or a question. Written once from domain knowledge before measuring, not tuned.
 */
export const SELFHARM_CONTEXT: ContextConfig = {
  weight: 4,
  targets: {
    method: [...L.jump, ...L.poison, ...L.charcoal, ...L.cut, ...L.hang, ...L.other, '自缢', '割', '跳'],
    idea: [
      '自杀',
      '去死',
      '想死',
      '不想活',
      '轻生',
      '结束生命',
      '结束自己',
      '自残',
      '离开这个世界',
      '活不下去',
      '死了算了',
      '寻死',
      '死',
    ],
  },
  negators: [
    '不',
    '没',
    '别',
    '劝',
    '莫',
    '勿',
    '千万',
    '何必',
    '不要',
    '不会',
    '不想',
    '别想',
    '不能',
    '不敢',
    '不该',
  ],
  negationWindow: 4,
  firstPerson: ['我'],
  otherPerson: ['你', '他', '她', '别人', '朋友', '同学', '妈', '爸', '孩子', '网友'],
  personWindow: 8,
  cues: {
    time: [...L.time, '等下', '一会', '现在', '今夜', '凌晨', '这次', '最后'],
    plan: [...L.plan, '遗书', '安排好', '想好了', '定了', '已经买'],
    past: ['以前', '曾经', '那时', '小时候', '当年', '之前', '去年', '高中', '初中'],
    q: ['?', '吗', '呢', '怎么', '如何'],
  },
  conjunctions: [
    ['fp:method'],
    ['fp:method', 'time'],
    ['fp:method', 'plan'],
    ['fp:idea', 'time'],
    ['fp:idea', 'plan'],
    ['method', 'time'],
    ['method', 'plan'],
    ['method', 'q'],
    ['idea', 'q'],
    ['past', 'method'],
    ['past'],
    ['time'],
    ['plan'],
    ['none'],
    ['fp:idea'],
    ['method', 'idea'],
    ['op', '!fp'],
  ],
};

/**
 * Character uni- and bigrams, the lexicon groups and the context features; chosen by cross-validation
 * (training/train-selfharm.ts: 0.899 AUROC without the context features, 0.909 with them).
 */
export const SELFHARM_FEATURES: FeatureConfig = {
  dim: 2 ** 18,
  charNgrams: [1, 2],
  lexicon: SELFHARM_LEXICON,
  lexiconWeight: 4,
  context: SELFHARM_CONTEXT,
};

export const SELFHARM_TRAINING = {
  algorithm: 'softmax',
  idf: false,
  classWeight: 'balanced',
  epochs: 8,
  l2: 1e-4,
  learningRate: 0.1,
  seed: 1,
} as const;

/**
 * The TF-IDF + linear SVM classifier (sublinear tf, smooth idf, L2 per text; squared hinge, one weight vector for
 * high risk): C is chosen by leave-one-fold-out AUROC on the training folds, Platt scaling on the same margins.
 */
export const SELFHARM_SVM: SvmDesign = {
  features: { dim: 2 ** 18, charNgrams: [1, 2], lexicon: SELFHARM_LEXICON, lexiconWeight: 4 },
  classWeight: 'balanced',
  minDf: 1,
  grid: [0.03, 0.1, 0.3, 1],
};

/**
 * Trains the SVM classifier on normalised texts with their given folds (C and Platt scaling from leave-one-fold-out
 * margins within these rows only). `oof` holds the calibrated out-of-fold probabilities, for choosing thresholds.
 */
export function trainSelfHarmSvm(
  texts: string[],
  labels: number[],
  folds: number[],
  meta: Record<string, unknown> = {},
  design = SELFHARM_SVM,
) {
  const segment = needsSegmenter(design.features) ? createSegmenter().cut : undefined;
  const data = { texts, labels: labels.map(String), labelSet: ['0', '1'], features: design.features, segment };
  const opts = { classWeight: design.classWeight, minDf: design.minDf };
  const margins = svmOutOfFold({ ...data, ...opts, folds, grid: [...design.grid] }).map((g) => g.map((m) => m[1]));
  const pos = labels.map((l) => l === 1);
  const scores = margins.map((m) => auroc(m, pos));
  const g = scores.indexOf(Math.max(...scores));
  const C = design.grid[g];
  const platt = fitPlatt(margins[g], pos);
  const fitted = trainLinearSvm({ ...data, ...opts, C });
  const svm = { C, innerAurocs: scores.map((a) => Math.round(a * 10000) / 10000), grid: design.grid, ...opts };
  const model = calibrateSvm(fitted, { kind: 'platt', ...platt }, { ...meta, svm });
  const oof = margins[g].map((m) => 1 / (1 + Math.exp(-(platt.a * m + platt.b))));
  return { model, oof, C };
}

/** Topic features: plain character uni- and bigrams. */
export const SELFHARM_TOPIC_FEATURES: FeatureConfig = { dim: 2 ** 16, charNgrams: [1, 2] };

/**
 * Graded supervision: the experts' 0-10 level enters the binary model as a soft target,
 * q = (1 − alpha)·label + alpha·σ((level − midpoint) / tau), so a level-9 post pulls harder than a level-6 one and a
 * level-5 post labelled high pulls less. Alpha and the learning rate (AdaGrad's step, the early stopping of this model)
 * are chosen together by leave-one-fold-out AUROC on the training folds; alpha 0 at 0.1 is the plain design.
 */
export const SELFHARM_GRADED = {
  midpoint: 5.5,
  tau: 0.75,
  grid: [
    { alpha: 0, learningRate: 0.1 },
    { alpha: 0.25, learningRate: 0.1 },
    { alpha: 0.5, learningRate: 0.1 },
    { alpha: 0, learningRate: 0.05 },
    { alpha: 0.25, learningRate: 0.05 },
    { alpha: 0.5, learningRate: 0.05 },
  ],
} as const;

/** One point of SELFHARM_GRADED.grid. */
export type GradedSetting = { alpha: number; learningRate: number };

/** The soft target of high risk for a text with this label (0/1) and 0-10 level. */
export function softTarget(label: number, level: number, alpha: number): number {
  const graded = 1 / (1 + Math.exp(-(level - SELFHARM_GRADED.midpoint) / SELFHARM_GRADED.tau));
  return (1 - alpha) * label + alpha * graded;
}

/**
 * Trains the classifier on normalised texts with labels 1 (high risk) / 0 (low risk); with `levels` and a setting,
 * on the soft targets of SELFHARM_GRADED.
 */
export function trainSelfHarm(
  texts: string[],
  labels: number[],
  meta: Record<string, unknown> = {},
  graded?: { levels: number[]; setting: GradedSetting },
): LinearModel {
  const targets = graded?.levels.map((lv, i) => {
    const q = softTarget(labels[i], lv, graded.setting.alpha);
    return [1 - q, q];
  });
  return trainLinearModel({
    texts,
    labels: labels.map(String),
    labelSet: ['0', '1'],
    features: SELFHARM_FEATURES,
    ...SELFHARM_TRAINING,
    ...(graded ? { learningRate: graded.setting.learningRate, targets } : {}),
    meta,
  });
}

/**
 * Chooses the graded setting by leave-one-fold-out AUROC within these rows only (their own folds); returns it with
 * its out-of-fold probabilities (for the thresholds) and every setting's inner AUROC.
 */
export function tuneSelfHarm(texts: string[], labels: number[], levels: number[], folds: number[]) {
  const pos = labels.map((l) => l === 1);
  const runs = SELFHARM_GRADED.grid.map((setting) => {
    const oof = new Array<number>(texts.length).fill(0);
    for (const f of [...new Set(folds)]) {
      const tr = folds.flatMap((g, i) => (g !== f ? [i] : []));
      const model = trainSelfHarm(
        tr.map((i) => texts[i]),
        tr.map((i) => labels[i]),
        {},
        { levels: tr.map((i) => levels[i]), setting },
      );
      folds.forEach((g, i) => {
        if (g === f) oof[i] = model.predictProba(texts[i])['1'];
      });
    }
    return { setting, oof, auroc: auroc(oof, pos) };
  });
  const best = runs.reduce((a, b) => (b.auroc > a.auroc ? b : a));
  return { ...best, innerAurocs: runs.map((r) => ({ ...r.setting, auroc: Math.round(r.auroc * 10000) / 10000 })) };
}

/** Trains the topic model: self-harm talk (label 1) against other texts (label 0). */
export function trainSelfHarmTopic(
  onTopic: string[],
  offTopic: string[],
  meta: Record<string, unknown> = {},
): LinearModel {
  return trainLinearModel({
    texts: [...onTopic, ...offTopic],
    labels: [...onTopic.map(() => '1'), ...offTopic.map(() => '0')],
    labelSet: ['0', '1'],
    features: SELFHARM_TOPIC_FEATURES,
    ...SELFHARM_TRAINING,
    meta,
  });
}
