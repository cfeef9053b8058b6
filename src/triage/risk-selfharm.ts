import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NormalisedText } from '../text/normalise.ts';
import { fnv1a, linearModelFromJson, type LinearModel, type LinearModelJson } from './model/index.ts';
import type { RiskSignal } from './types.ts';

/*
 * The self-harm classifier as the service runs it: loading models/selfharm*.json, probabilities, the signal.
 * Its design (lexicon, context features, training settings) and the training functions are in
 * training/risk/selfharm-design.ts; the model files carry their feature configuration, so inference needs none of it.
 */

/** Topic probability at or above which a text counts as talk of self-harm (0.5 took 工伤 for it; see risk-signals.md). */
export const TOPIC_THRESHOLD = 0.7;

/** The learned self-harm classifier and its yellow threshold (chosen on training folds only). */
export interface SelfHarmModel {
  model: LinearModel;
  /** Probability of high risk at or above which the classifier raises a self_harm signal. */
  yellow: number;
  /**
   * Probability at or above which the classifier alone makes self-harm talk red (risk.ts, talkScore): the lowest
   * threshold whose out-of-fold precision of high risk reached TARGET_PRECISION. Above 1 when a model file has none,
   * so that an old model never makes anything red on its own.
   */
  red: number;
  /**
   * Self-harm talk vs everything else. The risk classifier only ever saw self-harm talk, so it is asked only when
   * this model (or the lexicon) says the text is such talk.
   */
  topic?: LinearModel;
}

/** The red threshold of a model trained before there was one: no probability reaches it. */
export const NEVER = 2;

/** Rebuilds the classifier from models/selfharm.json (threshold in `meta.yellow`) and the optional topic model. */
export function selfHarmModelFromJson(json: LinearModelJson, topicJson?: LinearModelJson): SelfHarmModel {
  const model = linearModelFromJson(json);
  const yellow = Number(json.meta?.yellow);
  if (!(yellow > 0 && yellow < 1)) throw new Error('selfharm model: meta.yellow must be a threshold in (0, 1)');
  const red = json.meta?.red === undefined ? NEVER : Number(json.meta.red);
  if (!(red > yellow)) throw new Error('selfharm model: meta.red must be a threshold above meta.yellow');
  return { model, yellow, red, topic: topicJson ? linearModelFromJson(topicJson) : undefined };
}

/** Reads models/selfharm.json and models/selfharm-topic.json from `dir` (call once at start-up). */
export function loadSelfHarmModel(dir: string): SelfHarmModel {
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LinearModelJson;
  return selfHarmModelFromJson(read('selfharm.json'), read('selfharm-topic.json'));
}

/** Probability that the normalised text is talk of self-harm at all (0 without a topic model). */
export function selfHarmTopicProbability(m: SelfHarmModel, text: string): number {
  return m.topic ? m.topic.predictProba(text)['1'] : 0;
}

/** Whether the topic model takes the normalised text for talk of self-harm. */
export function isSelfHarmTalk(m: SelfHarmModel, text: string): boolean {
  return selfHarmTopicProbability(m, text) >= TOPIC_THRESHOLD;
}

/** Probability of high self-harm risk for an already normalised text. */
export function selfHarmProbability(m: SelfHarmModel | LinearModel, text: string): number {
  const model = 'model' in m ? m.model : m;
  return model.predictProba(text)['1'];
}

/** The character uni- or bigram that pushes hardest towards high risk: the evidence shown to staff. */
function strongestSpan(model: LinearModel, text: string): { start: number; end: number } {
  const dim = model.features.dim;
  let best = { start: 0, end: Math.min(text.length, 1), w: -Infinity };
  for (let i = 0; i < text.length; i++) {
    for (const n of [1, 2]) {
      if (i + n > text.length) continue;
      const row = (fnv1a(`c${n}:${text.slice(i, i + n)}`) & (dim - 1)) * 2;
      const w = model.weights[row + 1] - model.weights[row];
      if (w > best.w) best = { start: i, end: i + n, w };
    }
  }
  return best;
}

/** Highest weight the classifier gives on its own: yellow, never red (a person reads it, dispatch is not called). */
const MAX_CLASSIFIER_WEIGHT = 0.6;

/**
 * The classifier's weight for a probability p of high risk: continuous and increasing over the whole range, so the
 * score keeps its order among texts the classifier grades low; the yellow threshold lands on 0.3.
 */
export function classifierWeight(p: number, yellow: number): number {
  if (p >= yellow) return 0.3 + ((MAX_CLASSIFIER_WEIGHT - 0.3) * (p - yellow)) / (1 - yellow);
  return (0.3 * p) / yellow;
}

/**
 * The classifier's self_harm signal for self-harm talk. At p ≥ the yellow threshold its evidence is the clause around
 * the uni- or bigram that weighs most; below it the signal only counts in the score (no evidence, weight < 0.3).
 */
export function selfHarmSignal(
  m: SelfHarmModel,
  n: NormalisedText,
  input = n.text,
  p = selfHarmProbability(m, input),
): RiskSignal {
  const weight = Math.round(classifierWeight(p, m.yellow) * 1000) / 1000;
  if (p < m.yellow || input.length === 0) return { code: 'self_harm', evidence: '', start: 0, end: 0, weight };
  const span = strongestSpan(m.model, input);
  const o = n.toOriginal(span.start, span.end);
  return { code: 'self_harm', evidence: n.original.slice(o.start, o.end), start: o.start, end: o.end, weight };
}
