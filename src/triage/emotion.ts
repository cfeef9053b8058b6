import type { Normaliser } from '../text/normalise.ts';
import type { LinearModel } from './model/index.ts';
import { prepareEmotionText } from './prepare.ts';
import { EMOTIONS, type Emotion, type EmotionResult } from './types.ts';

export interface EmotionClassifier {
  /** Emotion label, a score per label, and an intensity 0..1 for a raw (un-normalised) text. */
  analyzeEmotion(text: string): EmotionResult;
}

/**
 * Wraps the built-in emotion ensemble. Intensity mixes how far the text is from neutral with explicit
 * intensity cues (非常, 简直, !!, …), because a calm complaint and a furious one share a label.
 */
export function createEmotionClassifier(model: LinearModel, normalise: Normaliser): EmotionClassifier {
  const order = EMOTIONS.map((e) => {
    const i = model.labels.indexOf(e);
    if (i < 0) throw new Error(`emotion model has no label ${e}`);
    return i;
  });
  const cues = (model.opts.meta?.intensityCues as string[] | undefined) ?? [];
  return {
    analyzeEmotion(text) {
      const prepared = prepareEmotionText(normalise(text).text);
      const p = model.probaVector(model.featurize(prepared));
      const scores = Object.fromEntries(EMOTIONS.map((e, k) => [e, p[order[k]]])) as Record<Emotion, number>;
      const label = EMOTIONS.reduce((a, b) => (scores[a] >= scores[b] ? a : b));
      return { label, scores, intensity: intensityOf(prepared, scores, cues) };
    },
  };
}

/** 0..1: distance from neutral, raised by explicit intensity cues and exclamation marks in the text. */
export function intensityOf(text: string, scores: Record<Emotion, number>, cues: string[]): number {
  const emotional = 1 - scores.neutral;
  let hits = 0;
  for (const cue of cues) if (text.includes(cue)) hits++;
  hits += Math.min(3, (text.match(/[!！]/g) ?? []).length);
  const boost = Math.min(1, hits / 4);
  return round3(Math.min(1, emotional * (0.7 + 0.3 * boost) + 0.15 * boost * emotional));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
