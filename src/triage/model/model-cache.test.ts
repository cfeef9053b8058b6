import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWeights, linearModelFromJson, type LinearModelJson } from './linear-model.ts';
import { readModelFile } from './model-cache.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
/** A models folder and an empty startup-cache/models beside it, as the build makes them. */
function folders() {
  const root = mkdtempSync(join(tmpdir(), 'xf-model-cache-'));
  dirs.push(root);
  const cache = join(root, 'startup-cache', 'models');
  mkdirSync(join(root, 'startup-cache'));
  return { root, cache };
}

// The shipped models: emotion (word and character n-grams, lexicon, idf; most rows used: stored dense) and
// category (few rows used: stored as rows and values).
const MODEL = (name: string) => new URL(`../../../models/${name}.json`, import.meta.url).pathname;
const SHIPPED = MODEL('emotion');
const TEXTS = ['拖欠工资三个月了，再不给我就去跳楼', '感谢街道办及时处理了噪声问题', '請問拆遷補償標準是多少？'];
const fromJson = (path: string) => linearModelFromJson(JSON.parse(readFileSync(path, 'utf8')) as LinearModelJson);

describe('readModelFile', () => {
  it.each(['emotion', 'category'])(
    'gives the same weights, idf and predictions from the binary cache as from the JSON (%s)',
    (name) => {
      const { cache } = folders();
      const first = readModelFile(MODEL(name), decodeWeights, cache);
      expect(readdirSync(cache)).toHaveLength(1);
      const cached = readModelFile(
        MODEL(name),
        () => {
          throw new Error('decoded again instead of read from the cache');
        },
        cache,
      );
      const reference = fromJson(MODEL(name));
      for (const m of [linearModelFromJson(first), linearModelFromJson(cached)]) {
        expect(
          Buffer.from(m.weights.buffer, m.weights.byteOffset, m.weights.byteLength).equals(
            Buffer.from(reference.weights.buffer),
          ),
        ).toBe(true);
        expect([...m.opts.idf!]).toEqual([...reference.opts.idf!]);
        expect([...m.bias]).toEqual([...reference.bias]);
        expect(m.labels).toEqual(reference.labels);
        expect(m.opts.meta).toEqual(reference.opts.meta);
        for (const t of TEXTS) expect(m.predictProba(t)).toEqual(reference.predictProba(t));
      }
    },
  );

  it('ignores the cache of other bytes: a retrained model file is decoded from its JSON', () => {
    const { root, cache } = folders();
    const path = join(root, 'emotion.json');
    const json = JSON.parse(readFileSync(SHIPPED, 'utf8')) as LinearModelJson;
    writeFileSync(path, JSON.stringify(json));
    readModelFile(path, decodeWeights, cache);
    writeFileSync(path, JSON.stringify({ ...json, bias: json.bias.map((b) => b + 1) }));
    let decoded = 0;
    const again = readModelFile(path, (j) => (decoded++, decodeWeights(j)), cache);
    expect(decoded).toBe(1);
    expect(again.bias).toEqual(json.bias.map((b) => b + 1));
  });

  it('parses the JSON and writes nothing when no build made startup-cache/ (running from the sources)', () => {
    const root = mkdtempSync(join(tmpdir(), 'xf-model-cache-'));
    dirs.push(root);
    const m = readModelFile(SHIPPED, decodeWeights, join(root, 'startup-cache', 'models'));
    expect(m.decoded?.weights.length).toBe(m.features.dim * m.labels.length);
    expect(readdirSync(root)).toEqual([]);
  });
});
