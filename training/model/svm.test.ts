import { describe, expect, it } from 'vitest';
import { linearModelFromJson, type FeatureConfig } from './index.ts';
import { calibrateSvm, fitPlatt, fitTemperature, svmOutOfFold, trainLinearSvm } from './svm.ts';

// Self-written toy sentences: three obvious classes.
const DATA: Record<string, string[]> = {
  pos: ['今天很开心谢谢大家', '非常满意感谢政府', '开心快乐的一天', '谢谢你们的帮助很满意', '真开心问题解决了'],
  neg: ['太生气了一直拖着不办', '气死了没人管', '愤怒这是什么态度', '拖欠工资还不给太气人', '生气投诉无门'],
  fear: ['好害怕晚上有人砸门', '担心孩子的安全很怕', '害怕他们报复我', '很担心会出事', '怕得睡不着觉'],
};
const texts = Object.values(DATA).flat();
const labels = Object.entries(DATA).flatMap(([l, ts]) => ts.map(() => l));
const FEATURES: FeatureConfig = { dim: 2 ** 12, charNgrams: [1, 2] };

describe('trainLinearSvm', () => {
  it('separates three obvious classes one-vs-rest', () => {
    const { model } = trainLinearSvm({ texts, labels, features: FEATURES, C: 1 });
    expect(model.predict('我很开心，谢谢')).toBe('pos');
    expect(model.predict('气死了，一直拖着')).toBe('neg');
    expect(model.predict('害怕，担心出事')).toBe('fear');
  });

  it('keeps its prediction after temperature calibration and an int8 JSON round trip', () => {
    const fitted = trainLinearSvm({ texts, labels, features: FEATURES, C: 1, classWeight: 'balanced' });
    const model = calibrateSvm(fitted, { kind: 'temperature', temperature: 0.5 });
    const loaded = linearModelFromJson(JSON.parse(JSON.stringify(model.toJSON())));
    for (const t of ['太生气了', '很满意', '好害怕']) {
      expect(loaded.predict(t)).toBe(fitted.model.predict(t));
      const p = loaded.predictProba(t);
      expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('gives two-label models one weight vector and Platt-scaled probabilities', () => {
    const two = labels.map((l) => (l === 'neg' ? '1' : '0'));
    const fitted = trainLinearSvm({ texts, labels: two, labelSet: ['0', '1'], features: FEATURES, C: 1 });
    const model = calibrateSvm(fitted, { kind: 'platt', a: 2, b: 0 });
    expect(model.predictProba('气死了没人管')['1']).toBeGreaterThan(0.5);
    expect(model.predictProba('非常满意')['1']).toBeLessThan(0.5);
  });

  it('weighs rows by sampleWeight: weight 2 everywhere is the same fit as twice the C', () => {
    const twice = trainLinearSvm({ texts, labels, features: FEATURES, C: 2 }).model;
    const weighted = trainLinearSvm({
      texts,
      labels,
      features: FEATURES,
      C: 1,
      sampleWeight: texts.map(() => 2),
    }).model;
    for (const t of ['太生气了', '很满意', '好害怕']) {
      const [a, b] = [twice.logits(twice.featurize(t)), weighted.logits(weighted.featurize(t))];
      a.forEach((v, c) => expect(b[c]).toBeCloseTo(v, 5));
    }
  });

  it('drops features seen in fewer than minDf training texts', () => {
    const { model } = trainLinearSvm({ texts, labels, features: FEATURES, C: 1, minDf: 2 });
    const x = model.featurize('饕餮');
    expect([...x.values].every((v) => v === 0)).toBe(true);
  });
});

describe('svmOutOfFold', () => {
  it('returns one margin vector per row and grid value', () => {
    const folds = texts.map((_, i) => i % 5);
    const oof = svmOutOfFold({ texts, labels, features: FEATURES, folds, grid: [0.1, 1] });
    expect(oof).toHaveLength(2);
    expect(oof[1].every((m) => m.length === 3)).toBe(true);
  });
});

describe('calibration fits', () => {
  it('fitTemperature sharpens margins that are right but timid', () => {
    const margins = [
      [0.2, -0.2],
      [-0.2, 0.2],
      [0.3, -0.3],
      [-0.25, 0.25],
    ];
    expect(fitTemperature(margins, [0, 1, 0, 1])).toBeLessThan(0.5);
  });

  it('fitPlatt gives a positive slope when larger margins mean positive', () => {
    const { a } = fitPlatt([-2, -1, -0.5, 0.5, 1, 2, 0.2, -0.2], [false, false, false, true, true, true, false, true]);
    expect(a).toBeGreaterThan(0);
  });
});
