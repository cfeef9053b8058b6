import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  auroc,
  combineLinearModels,
  linearModelFromJson,
  loadLinearModel,
  macroF1,
  softmax,
  stratifiedFolds,
  trainLinearModel,
  type FeatureConfig,
} from './index.ts';

// Self-written toy sentences: two obvious classes.
const POS = ['今天很开心谢谢大家', '非常满意感谢政府', '开心快乐的一天', '谢谢你们的帮助很满意', '真开心问题解决了'];
const NEG = ['太生气了一直拖着不办', '气死了没人管', '愤怒这是什么态度', '拖欠工资还不给太气人', '生气投诉无门'];
const texts = [...POS, ...NEG];
const labels = [...POS.map(() => 'pos'), ...NEG.map(() => 'neg')];
const FEATURES: FeatureConfig = { dim: 2 ** 12, charNgrams: [1, 2] };
const dir = mkdtempSync(join(tmpdir(), 'linear-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainLinearModel', () => {
  it.each(['softmax', 'cnb'] as const)('separates two obvious classes with %s', (algorithm) => {
    const model = trainLinearModel({ texts, labels, features: FEATURES, algorithm, classWeight: 'balanced' });
    expect(model.predict('我很开心，谢谢')).toBe('pos');
    expect(model.predict('气死了，一直拖着')).toBe('neg');
    const p = model.predictProba('开心');
    expect(p.pos + p.neg).toBeCloseTo(1, 6);
  });

  it("trains softmax on soft targets: one-hot targets give the labels' model, softer ones less confident weights", () => {
    const base = { texts, labels, labelSet: ['neg', 'pos'], features: FEATURES, algorithm: 'softmax' as const };
    const hard = trainLinearModel(base);
    const oneHot = trainLinearModel({ ...base, targets: labels.map((l) => (l === 'pos' ? [0, 1] : [1, 0])) });
    const soft = trainLinearModel({ ...base, targets: labels.map((l) => (l === 'pos' ? [0.3, 0.7] : [0.7, 0.3])) });
    expect(oneHot.predictProba('很开心').pos).toBeCloseTo(hard.predictProba('很开心').pos, 6);
    expect(soft.predict('很开心')).toBe('pos');
    expect(soft.predictProba('很开心').pos).toBeLessThan(hard.predictProba('很开心').pos);
    expect(() => trainLinearModel({ ...base, targets: [[0, 1]] })).toThrow(/one target distribution per text/);
  });

  it('round-trips through JSON with nearly the same probabilities', () => {
    const model = trainLinearModel({ texts, labels, features: { ...FEATURES, lexicon: { anger: ['气'] } }, idf: true });
    const path = join(dir, 'm.json');
    model.save(path);
    const loaded = loadLinearModel(path);
    for (const t of ['太生气了', '很满意']) {
      expect(loaded.predictProba(t).pos).toBeCloseTo(model.predictProba(t).pos, 1);
      expect(loaded.predict(t)).toBe(model.predict(t));
    }
  });

  it('uses an injected segmenter for word n-grams', () => {
    const segment = (t: string) => t.split(/(?<=了)/);
    const model = trainLinearModel({ texts, labels, features: { ...FEATURES, wordNgrams: [1] }, segment });
    expect(model.predict('气死了')).toBe('neg');
  });

  it('combines models into one linear model equal to their log-linear ensemble', () => {
    const a = trainLinearModel({ texts, labels, features: FEATURES });
    const b = trainLinearModel({
      texts,
      labels,
      features: { dim: 2 ** 8, charNgrams: [], lexicon: { anger: ['气'], joy: ['开心'] } },
    });
    const both = linearModelFromJson(
      combineLinearModels([
        { weight: 0.5, model: a },
        { weight: 0.5, model: b },
      ]).toJSON(),
    );
    for (const t of ['太生气了', '很开心', '一般般']) {
      const pa = a.probaVector(a.featurize(t));
      const pb = b.probaVector(b.featurize(t));
      const expected = softmax([0, 1].map((c) => 0.5 * Math.log(pa[c]) + 0.5 * Math.log(pb[c])));
      expect(both.predictProba(t)[a.labels[0]]).toBeCloseTo(expected[0], 1);
    }
  });

  it('rejects a label outside the label set', () => {
    expect(() => trainLinearModel({ texts, labels, features: FEATURES, labelSet: ['pos'] })).toThrow(/label set/);
  });
});

describe('metrics', () => {
  it('computes macro-F1 over the given labels', () => {
    expect(macroF1(['a', 'b'], ['a', 'b'], ['a', 'b'])).toBe(1);
    expect(macroF1(['a', 'b'], ['a', 'a'], ['a', 'b'])).toBeCloseTo((2 / 3 + 0) / 2);
  });

  it('computes AUROC with ties counted half', () => {
    expect(auroc([0.1, 0.9], [false, true])).toBe(1);
    expect(auroc([0.5, 0.5], [false, true])).toBe(0.5);
  });

  it('spreads every class across the folds', () => {
    const folds = stratifiedFolds(labels, 5);
    for (let f = 0; f < 5; f++) {
      expect(labels.filter((l, i) => folds[i] === f && l === 'pos')).toHaveLength(1);
    }
  });
});
