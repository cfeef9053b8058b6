import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addContextFeatures } from './context.ts';
import { FeatureBag, fnv1a } from './hashing.ts';
import { trainLinearModel } from '../../../training/model/index.ts';
import { loadLinearModel, type ContextConfig } from './index.ts';

// Self-written toy lists and sentences.
const CONTEXT: ContextConfig = {
  weight: 1,
  targets: { method: ['跳楼'] },
  negators: ['别', '不'],
  negationWindow: 2,
  firstPerson: ['我'],
  otherPerson: ['他'],
  personWindow: 4,
  cues: { time: ['今晚'] },
  conjunctions: [['fp:method', 'time'], ['none']],
};
const DIM = 2 ** 12;

function features(text: string): Set<number> {
  const bag = new FeatureBag(DIM);
  addContextFeatures(text, CONTEXT, bag);
  return new Set(bag.counts.keys());
}
const has = (text: string, name: string) => features(text).has(fnv1a(`ctx:${name}`) & (DIM - 1));

describe('context features', () => {
  it('tells a negated method word from a bare one', () => {
    expect(has('劝他别跳楼', 'neg:method')).toBe(true);
    expect(has('劝他别跳楼', 'onlyneg:method')).toBe(true);
    expect(has('我想跳楼', 'pos:method')).toBe(true);
    expect(has('我想跳楼', 'neg:method')).toBe(false);
  });

  it('reads first person, someone else and conjunctions with cues', () => {
    expect(has('我今晚就去跳楼', 'cj:fp:method&time')).toBe(true);
    expect(has('我想跳楼', 'cj:fp:method&time')).toBe(false);
    expect(has('听说他跳楼了', 'onlyop:method')).toBe(true);
    expect(has('今天天气很好', 'cj:none')).toBe(true);
  });

  it('is saved with the model, so a loaded model builds the same features', () => {
    const texts = ['我今晚就去跳楼', '我准备今晚跳楼', '劝他别跳楼', '他说不跳楼了'];
    const model = trainLinearModel({
      texts,
      labels: ['1', '1', '0', '0'],
      labelSet: ['0', '1'],
      features: { dim: DIM, charNgrams: [1], context: CONTEXT },
    });
    const dir = mkdtempSync(join(tmpdir(), 'context-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    model.save(join(dir, 'm.json'));
    const loaded = loadLinearModel(join(dir, 'm.json'));
    expect(loaded.features.context).toEqual(CONTEXT);
    for (const t of ['我今晚跳楼', '别跳楼'])
      expect(loaded.predictProba(t)['1']).toBeCloseTo(model.predictProba(t)['1'], 1);
  });
});
