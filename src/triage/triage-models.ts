import { createNormaliser } from '../text/normalise.ts';
import { loadBuiltinModels, readDepartmentTable, type BuiltinModels } from './builtin-models.ts';
import { DEFAULT_OTHER_THRESHOLD, type DepartmentTable } from './category.ts';
import { hasOnnxModel, loadOnnxCategory, loadOnnxEmotion } from './onnx-models.ts';
import type { CategoryResult, EmotionResult } from './types.ts';

export type ModelSource = 'builtin' | 'onnx';

export interface TriageModels {
  /** Which backend answers each task. */
  source: { emotion: ModelSource; category: ModelSource };
  analyzeEmotion(text: string): Promise<EmotionResult>;
  classifyCategory(text: string, title?: string): Promise<CategoryResult>;
  /** The built-in models, always loaded; synchronous, for callers that cannot await. */
  builtin: BuiltinModels;
}

export interface TriageModelOptions {
  /** Built-in weights (config MODELS_DIR, default ./models). */
  modelsDir: string;
  /** Operator's local ONNX folder (config MODEL_DIR) with emotion/ and/or category/ sub-folders. */
  modelDir?: string;
  departments?: DepartmentTable;
  otherThreshold?: number;
}

/**
 * Loads the triage models: the built-in linear models by default; when `modelDir` holds a
 * transformers.js model for a task, that task runs through ONNX instead (offline, local files only).
 */
export async function createTriageModels(opts: TriageModelOptions): Promise<TriageModels> {
  const normalise = createNormaliser();
  const departments = opts.departments ?? readDepartmentTable();
  const builtin = loadBuiltinModels({
    modelsDir: opts.modelsDir,
    departments,
    otherThreshold: opts.otherThreshold,
    normalise,
  });
  const { modelDir } = opts;
  const emotion =
    modelDir && hasOnnxModel(modelDir, 'emotion')
      ? await loadOnnxEmotion(modelDir, normalise, builtin.intensityCues)
      : undefined;
  const category =
    modelDir && hasOnnxModel(modelDir, 'category')
      ? await loadOnnxCategory(modelDir, normalise, departments, opts.otherThreshold ?? DEFAULT_OTHER_THRESHOLD)
      : undefined;
  if (modelDir && !emotion && !category)
    throw new Error(
      `MODEL_DIR ${modelDir} has neither emotion/ nor category/ with config.json, tokenizer.json and onnx/model.onnx`,
    );
  return {
    source: { emotion: emotion ? 'onnx' : 'builtin', category: category ? 'onnx' : 'builtin' },
    analyzeEmotion: async (text) => (emotion ? emotion(text) : builtin.analyzeEmotion(text)),
    classifyCategory: async (text, title) => (category ? category(text, title) : builtin.classifyCategory(text, title)),
    builtin,
  };
}
