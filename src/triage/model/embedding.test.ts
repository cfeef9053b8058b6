import { describe, expect, it } from 'vitest';
import { embeddingConfig, embeddingFeatures, wordVectors } from './embedding.ts';
import { trainLinearModel, trainWordVectors } from '../../../training/model/index.ts';
import { linearModelFromJson, needsSegmenter, type FeatureConfig } from './index.ts';

// Self-written toy corpus: 开心/高兴 share their contexts, as do 生气/愤怒.
const CORPUS = [
  ...Array.from({ length: 30 }, (_, i) => ['今天', i % 2 ? '开心' : '高兴', '哈哈', '谢谢', '大家']),
  ...Array.from({ length: 30 }, (_, i) => ['真', i % 2 ? '生气' : '愤怒', '投诉', '拖欠', '不管']),
];
const cosine = (v: ReturnType<typeof wordVectors>, a: string, b: string) => {
  const [i, j] = [v.index.get(a)!, v.index.get(b)!];
  let s = 0;
  for (let d = 0; d < v.dims; d++) s += v.data[i * v.dims + d] * v.data[j * v.dims + d];
  return s;
};
const segment = (t: string) => t.split(' ');

describe('word vectors', () => {
  const { words, vectors } = trainWordVectors(CORPUS, { dims: 4, window: 2, minCount: 2 });
  const v = wordVectors(embeddingConfig(words, 4, vectors));

  it('puts words that share contexts near each other', () => {
    expect(cosine(v, '开心', '高兴')).toBeGreaterThan(0.9);
    expect(cosine(v, '开心', '高兴')).toBeGreaterThan(cosine(v, '开心', '愤怒') + 0.5);
  });

  it('averages known words and marks a text with none', () => {
    const x = embeddingFeatures(['开心', '未知词'], v);
    expect(x.indices.length).toBe(4);
    expect(Math.hypot(...x.values)).toBeCloseTo(1, 5);
    expect(embeddingFeatures(['未知词'], v)).toEqual({ indices: Int32Array.of(4), values: Float32Array.of(1) });
  });

  it('is saved with a model, which needs a segmenter and predicts the same after loading', () => {
    const features: FeatureConfig = { dim: 8, charNgrams: [], embedding: embeddingConfig(words, 4, vectors) };
    expect(needsSegmenter({ dim: 16, charNgrams: [], blocks: [{ weight: 1, features }] })).toBe(true);
    // Labelled with 开心 and 生气 only: the vectors carry the labels over to 高兴 and 愤怒.
    const model = trainLinearModel({
      texts: ['今天 开心', '真 生气'],
      labels: ['happy', 'angry'],
      features,
      segment,
      classWeight: 'balanced',
    });
    const loaded = linearModelFromJson(JSON.parse(JSON.stringify(model.toJSON())), { segment });
    expect(loaded.predict('高兴')).toBe('happy');
    expect(loaded.predict('愤怒')).toBe('angry');
  });
});
