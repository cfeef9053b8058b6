import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNormaliser, type Normaliser } from '../text/normalise.ts';
import { createSegmenter } from '../text/segment.ts';
import { createCategoryClassifier, type CategoryClassifier, type DepartmentTable } from './category.ts';
import { createEmotionClassifier, type EmotionClassifier } from './emotion.ts';
import { linearModelFromJson, needsSegmenter, type LinearModelJson } from './model/index.ts';
import { decodeWeights } from './model/linear-model.ts';
import { readModelFile } from './model/model-cache.ts';
import { CATEGORIES } from './types.ts';

export const EMOTION_MODEL_FILE = 'emotion.json';
export const CATEGORY_MODEL_FILE = 'category.json';
export const DEFAULT_DEPARTMENTS_PATH = new URL('./departments.json', import.meta.url);

export interface BuiltinModels extends EmotionClassifier, CategoryClassifier {
  source: 'builtin';
  /** The emotion model's intensity cues, reused by other backends. */
  intensityCues: string[];
}

export interface BuiltinModelOptions {
  /** Folder with emotion.json and category.json written by `npm run train`. */
  modelsDir: string;
  /** Receiving department per category; defaults to src/triage/departments.json. */
  departments?: DepartmentTable;
  /** Override the 其他 threshold stored in the category model. */
  otherThreshold?: number;
  normalise?: Normaliser;
}

/** Reads a department table (JSON object category → department) and checks every category has one. */
export function readDepartmentTable(path: string | URL = DEFAULT_DEPARTMENTS_PATH): DepartmentTable {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const missing = CATEGORIES.filter((c) => typeof raw[c] !== 'string' || raw[c] === '');
  if (missing.length) throw new Error(`department table ${String(path)} lacks ${missing.join(', ')}`);
  return Object.fromEntries(CATEGORIES.map((c) => [c, raw[c] as string])) as DepartmentTable;
}

function readModel(dir: string, file: string): LinearModelJson {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`model file ${path} is missing; run \`npm run train\``);
  return readModelFile(path, decodeWeights);
}

/** Loads the built-in linear models from `modelsDir` (pure TypeScript inference, no network). */
export function loadBuiltinModels(opts: BuiltinModelOptions): BuiltinModels {
  const normalise = opts.normalise ?? createNormaliser();
  const emotionJson = readModel(opts.modelsDir, EMOTION_MODEL_FILE);
  const categoryJson = readModel(opts.modelsDir, CATEGORY_MODEL_FILE);
  const needsWords = [emotionJson, categoryJson].some((m) => needsSegmenter(m.features));
  const segment = needsWords ? createSegmenter().cut : undefined;
  const emotionModel = linearModelFromJson(emotionJson, { segment });
  const emotion = createEmotionClassifier(emotionModel, normalise);
  const category = createCategoryClassifier(
    linearModelFromJson(categoryJson, { segment }),
    normalise,
    opts.departments ?? readDepartmentTable(),
    opts.otherThreshold,
  );
  const intensityCues = (emotionModel.opts.meta?.intensityCues as string[] | undefined) ?? [];
  return {
    source: 'builtin',
    intensityCues,
    analyzeEmotion: emotion.analyzeEmotion,
    classifyCategory: category.classifyCategory,
  };
}
