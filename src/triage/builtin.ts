import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { StartupError } from '../errors.ts';
import { createNormaliser } from '../text/normalise.ts';
import { assessRisk } from './risk.ts';
import { loadRiskModel } from './risk-model.ts';
import { loadSelfHarmModel } from './risk-selfharm.ts';
import { modelProblems, readManifest } from './model/manifest.ts';
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
  checkModelFiles(config.MODELS_DIR);
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

const checked = new Set<string>();

/**
 * A models folder with a manifest (the shipped one) must hold exactly the recorded weights: without this check a
 * missing self-harm or risk model would quietly leave only the rules running. A folder without a manifest is an
 * operator's own and is loaded as it is.
 */
function checkModelFiles(dir: string): void {
  if (checked.has(dir)) return;
  const manifest = readManifest(dir);
  const problems = manifest ? modelProblems(dir, manifest) : [];
  if (problems.length > 0)
    throw new StartupError(
      `模型文件不可用（MODELS_DIR=${dir}）：\n  ${problems.join('\n  ')}\n` +
        '请运行 npm run models 重新生成（需要 ../shared/bench 中的公开数据，约 1 分钟），或重新执行 npm install。',
    );
  checked.add(dir);
}
