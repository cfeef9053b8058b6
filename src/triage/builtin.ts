import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { createNormaliser } from '../text/normalise.ts';
import { assessRisk } from './risk.ts';
import { loadRiskModel } from './risk-model.ts';
import { loadSelfHarmModel } from './risk-selfharm.ts';
import { createTriageModels, type TriageModels } from './triage-models.ts';
import type { TriageParts } from './triage.ts';

export type { TriageParts } from './triage.ts';

export interface LoadedTriage {
  /** Synchronous parts on the built-in models: what registration and the fast path use. */
  parts: TriageParts;
  /** The same models behind an async interface; emotion and category run through ONNX when MODEL_DIR is set. */
  models: TriageModels;
}

/** The built-in CPU models (models/*.json), the self-harm classifier, and the operator's ONNX models if any. */
export async function loadTriageParts(config: Pick<Config, 'MODELS_DIR' | 'MODEL_DIR'>): Promise<LoadedTriage> {
  const normalise = createNormaliser();
  const models = await createTriageModels({ modelsDir: config.MODELS_DIR, modelDir: config.MODEL_DIR });
  const selfHarm = existsSync(join(config.MODELS_DIR, 'selfharm.json'))
    ? loadSelfHarmModel(config.MODELS_DIR)
    : undefined;
  const riskModel = loadRiskModel(config.MODELS_DIR);
  const parts: TriageParts = {
    emotion: (text) => models.builtin.analyzeEmotion(text),
    category: (text, title) => models.builtin.classifyCategory(text, title),
    risk: (text, ctx = {}) => assessRisk(text, ctx, { normalise, selfHarm, model: riskModel }),
  };
  return { parts, models };
}
