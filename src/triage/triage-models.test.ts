import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyModel } from './testing/tiny-onnx.ts';
import { createTriageModels, type TriageModels } from './triage-models.ts';
import { EMOTIONS } from './types.ts';

const MODELS_DIR = fileURLToPath(new URL('../../models', import.meta.url));
const SEVEN = ['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生'];
let modelDir: string;

beforeAll(() => {
  modelDir = mkdtempSync(join(tmpdir(), 'onnx-model-'));
  // Deliberately odd rules, so an answer can only have come from this ONNX model: 哇 → surprise, 书 → 教育文体.
  writeTinyModel(join(modelDir, 'emotion'), {
    labels: [...EMOTIONS],
    charWeights: { 哇: { surprise: 4 }, 气: { angry: 4 } },
    extraChars: '工资拖欠',
  });
  writeTinyModel(join(modelDir, 'category'), {
    labels: SEVEN,
    charWeights: { 书: { 教育文体: 5 }, 工: { 劳动和社会保障: 1 } },
    extraChars: '资拖欠',
  });
});
afterAll(() => rmSync(modelDir, { recursive: true, force: true }));

describe('createTriageModels', () => {
  it('uses the built-in models when no MODEL_DIR is set', async () => {
    const models = await createTriageModels({ modelsDir: MODELS_DIR });
    expect(models.source).toEqual({ emotion: 'builtin', category: 'builtin' });
    expect((await models.classifyCategory('老板拖欠工资半年不给', '拖欠工资')).label).toBe('劳动和社会保障');
  });

  describe('with a local ONNX model folder (built by the test, loaded offline)', () => {
    let models: TriageModels;
    beforeAll(async () => {
      models = await createTriageModels({ modelsDir: MODELS_DIR, modelDir });
    }, 30_000);

    it('reports ONNX as the source of both tasks', () => {
      expect(models.source).toEqual({ emotion: 'onnx', category: 'onnx' });
    });

    it('answers emotion from the ONNX graph', async () => {
      const r = await models.analyzeEmotion('哇哇哇');
      expect(r.label).toBe('surprise');
      expect(Object.values(r.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect((await models.analyzeEmotion('氣死了')).label).toBe('angry');
    });

    it('answers category from the ONNX graph and names the department', async () => {
      const r = await models.classifyCategory('我想买书', '');
      expect(r.label).toBe('教育文体');
      expect(r.department).toBe('教育局');
    });

    it('keeps the built-in models available synchronously', () => {
      expect(models.builtin.analyzeEmotion('气死我了！太过分了！').label).toBe('angry');
    });
  });

  it('fails clearly when MODEL_DIR holds no model', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'onnx-empty-'));
    await expect(createTriageModels({ modelsDir: MODELS_DIR, modelDir: empty })).rejects.toThrow(/neither emotion/);
    rmSync(empty, { recursive: true, force: true });
  });
});
