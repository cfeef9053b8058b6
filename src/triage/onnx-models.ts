import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Normaliser } from '../text/normalise.ts';
import { toCategoryResult, type DepartmentTable } from './category.ts';
import { intensityOf } from './emotion.ts';
import { EMOTIONS, type CategoryResult, type Emotion, type EmotionResult } from './types.ts';

/** Sub-folders of MODEL_DIR, each a transformers.js model folder (config.json, tokenizer.json, onnx/model.onnx). */
export const ONNX_TASK_DIRS = { emotion: 'emotion', category: 'category' } as const;

type Classify = (text: string) => Promise<Record<string, number>>;

/** True when `modelDir/<task>` looks like a transformers.js model folder. */
export function hasOnnxModel(modelDir: string, task: keyof typeof ONNX_TASK_DIRS): boolean {
  const dir = join(modelDir, ONNX_TASK_DIRS[task]);
  return ['config.json', 'tokenizer.json', join('onnx', 'model.onnx')].every((f) => existsSync(join(dir, f)));
}

/**
 * Loads a local text-classification model through @huggingface/transformers with remote loading off:
 * nothing is ever fetched, a missing file is an error. Imported lazily so the built-in path never pays for it.
 */
async function loadClassifier(modelDir: string, task: keyof typeof ONNX_TASK_DIRS): Promise<Classify> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelDir;
  const classifier = await pipeline('text-classification', ONNX_TASK_DIRS[task], { dtype: 'fp32' });
  return async (text) => {
    const out = (await classifier(text, { top_k: null })) as { label: string; score: number }[];
    return Object.fromEntries(out.map((o) => [o.label, o.score]));
  };
}

/** Emotion through a local ONNX model whose labels are (a subset of) the six SMP2020-EWECT labels. */
export async function loadOnnxEmotion(modelDir: string, normalise: Normaliser, intensityCues: string[] = []) {
  const classify = await loadClassifier(modelDir, 'emotion');
  return async (text: string): Promise<EmotionResult> => {
    const normalised = normalise(text).text;
    const p = await classify(normalised);
    const scores = Object.fromEntries(EMOTIONS.map((e) => [e, p[e] ?? 0])) as Record<Emotion, number>;
    const label = EMOTIONS.reduce((a, b) => (scores[a] >= scores[b] ? a : b));
    return { label, scores, intensity: intensityOf(normalised, scores, intensityCues) };
  };
}

/** Category through a local ONNX model whose labels are the seven categories (and optionally 其他). */
export async function loadOnnxCategory(
  modelDir: string,
  normalise: Normaliser,
  departments: DepartmentTable,
  otherThreshold: number,
) {
  const classify = await loadClassifier(modelDir, 'category');
  return async (text: string, title = ''): Promise<CategoryResult> => {
    const input = normalise(title ? `${title}。${text}` : text).text;
    return toCategoryResult(await classify(input), departments, otherThreshold);
  };
}
