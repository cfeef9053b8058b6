import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { createNormaliser } from '../text/normalise.ts';
import { linearModelFromJson, type LinearModel, type LinearModelJson } from './model/index.ts';
import { assessRisk } from './risk.ts';
import { loadSelfHarmModel } from './risk-selfharm.ts';
import type { TriageParts } from './triage.ts';
import { CATEGORIES, EMOTIONS, type Category, type CategoryResult, type Emotion, type EmotionResult } from './types.ts';

export type { TriageParts } from './triage.ts';

/** Receiving department for each category; operators edit departments.json to match their county. */
const DEPARTMENTS_FILE = new URL('./departments.json', import.meta.url);

/** Below this top probability a petition is routed to 其他 rather than a forced guess. */
export const OTHER_THRESHOLD = 0.35;

function readModel(dir: string, name: string): LinearModel {
  const path = join(dir, name);
  if (!existsSync(path)) throw new Error(`model file ${path} is missing: run \`npm run train\` or set MODELS_DIR`);
  return linearModelFromJson(JSON.parse(readFileSync(path, 'utf8')) as LinearModelJson);
}

/** Intensity: how far the feeling is from neutral, sharpened by the model's confidence. */
export function emotionIntensity(scores: Record<Emotion, number>): number {
  const nonNeutral = 1 - scores.neutral;
  const peak = Math.max(...EMOTIONS.filter((e) => e !== 'neutral').map((e) => scores[e]));
  return Math.round(Math.min(1, 0.5 * nonNeutral + 0.5 * peak) * 1000) / 1000;
}

/** The built-in CPU models (models/*.json) behind emotion, category and the self-harm part of risk. */
export async function loadTriageParts(config: Pick<Config, 'MODELS_DIR' | 'MODEL_DIR'>): Promise<TriageParts> {
  const normalise = createNormaliser();
  const emotionModel = readModel(config.MODELS_DIR, 'emotion.json');
  const categoryModel = readModel(config.MODELS_DIR, 'category.json');
  const selfHarm = existsSync(join(config.MODELS_DIR, 'selfharm.json')) ? loadSelfHarmModel(config.MODELS_DIR) : undefined;
  const departments = JSON.parse(readFileSync(DEPARTMENTS_FILE, 'utf8')) as Record<Category, string>;

  const emotion = (text: string): EmotionResult => {
    const p = emotionModel.predictProba(normalise(text).text);
    const scores = Object.fromEntries(EMOTIONS.map((e) => [e, round(p[e] ?? 0)])) as Record<Emotion, number>;
    const label = EMOTIONS.reduce((a, b) => (scores[b] > scores[a] ? b : a));
    return { label, scores, intensity: emotionIntensity(scores) };
  };

  const category = (text: string, title?: string): CategoryResult => {
    const p = categoryModel.predictProba(normalise(title ? `${title}。${text}` : text).text);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, round(p[c] ?? 0)])) as Record<Category, number>;
    const best = CATEGORIES.filter((c) => c !== '其他').reduce((a, b) => (scores[b] > scores[a] ? b : a));
    const label: Category = scores[best] >= OTHER_THRESHOLD ? best : '其他';
    return { label, scores, department: departments[label] };
  };

  const risk = (text: string, ctx = {}) => assessRisk(text, ctx, { normalise, selfHarm });

  return { emotion, category, risk };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
