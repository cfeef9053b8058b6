import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NormalisedText } from '../text/normalise.ts';
import { linearModelFromJson, type LinearModel, type LinearModelJson, type SparseVector } from './model/index.ts';
import { decodeWeights } from './model/linear-model.ts';
import { readModelFile } from './model/model-cache.ts';
import { createSpanFeaturizer, supportsSpans } from './model/ngram-windows.ts';
import { modelInput, RED_WEIGHT } from './risk-rules.ts';
import type { RiskSignal } from './types.ts';

/**
 * The learned risk model (models/risk.json): a multinomial logistic regression over character n-grams, trained on
 * petitions written by independent writers (training/risk/), with the labels green, yellow and red:<kind>. It reads
 * the whole petition and each sentence window, so a harmless sentence added around a threat cannot dilute it.
 */
export interface RiskModel {
  /** One signal: the model's judgement as a weight on the level scale (≥ 0.8 red, ≥ 0.3 yellow). */
  signal(n: NormalisedText): RiskSignal;
}

/** Thresholds on the model's probabilities, chosen by writer-disjoint cross-validation (training/risk/train-risk.ts). */
export interface RiskThresholds {
  /** p(red) of the whole text at or above which it is red. */
  red: number;
  /** p(red) of one sentence window at or above which it is red (higher: a window is read without its context). */
  window: number;
  /** p(red) + p(yellow) of the whole text at or above which it needs watching. */
  watch: number;
}

/** The signal code for each kind of red the writers labelled (risk-signals.md). */
export const KIND_CODES: Record<string, string> = {
  self_harm: 'self_harm',
  violence: 'violence',
  dangerous_goods: 'dangerous_goods',
  mass_action: 'gathering',
  escalation: 'escalation',
  emergency: 'emergency',
};
/** The code of a model signal below red: the petition needs a person's attention. */
export const WATCH_CODE = 'watch';
/** A window shorter than this says too little to be read alone. */
const MIN_WINDOW = 4;
const SENTENCE_END = /[。！？!?；;\n]/;

interface Window {
  start: number;
  end: number;
}

/** Sentences of the text and each pair of neighbours, as spans of the text. */
export function sentenceWindows(text: string): Window[] {
  const sentences: Window[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (SENTENCE_END.test(text[i]) || i === text.length - 1) {
      if (text.slice(start, i + 1).trim().length >= MIN_WINDOW) sentences.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  const pairs = sentences.slice(1).map((s, i) => ({ start: sentences[i].start, end: s.end }));
  return [...sentences, ...pairs];
}

interface Reading {
  red: number;
  yellow: number;
  /** The most probable kind of red. */
  kind: string;
}

function read(model: LinearModel, x: SparseVector): Reading {
  const p = model.probaVector(x);
  let red = 0;
  let yellow = 0;
  let kind = '';
  let best = -1;
  model.labels.forEach((label, i) => {
    if (label === 'yellow') yellow += p[i];
    if (!label.startsWith('red:')) return;
    red += p[i];
    if (p[i] > best) [best, kind] = [p[i], label.slice(4)];
  });
  return { red, yellow, kind };
}

/**
 * Maps the probabilities onto the level scale so that the thresholds land on 0.8 (red) and 0.3 (yellow) and the
 * weight grows with every probability: a higher p never gives a lower weight.
 */
export function weightOf(whole: Reading, windowRed: number, t: RiskThresholds): number {
  const redness = Math.max(whole.red / t.red, windowRed / t.window);
  if (redness >= 1) {
    const excess = Math.max((whole.red - t.red) / (1 - t.red), (windowRed - t.window) / (1 - t.window), 0);
    return RED_WEIGHT + (1 - RED_WEIGHT) * Math.min(1, excess);
  }
  const attention = (whole.red + whole.yellow) / t.watch;
  if (attention >= 1) return 0.3 + 0.49 * Math.max(redness, Math.min(1, ((attention - 1) * t.watch) / (1 - t.watch)));
  return 0.3 * Math.max(attention, redness);
}

/** Below this weight the signal shows no evidence: it counts in the score but points at nothing. */
const SHOWN_WEIGHT = 0.3;

/** What the model reads in one petition: the whole text, and the sentence window that looks most like red. */
export interface PetitionReading {
  whole: Reading;
  windowRed: number;
  kind: string;
  span: Window;
}

/** Reads the model's input text (normalised, harmless uses masked) whole and window by window. */
export function readPetition(model: LinearModel, input: string): PetitionReading {
  // Windows share one hashing of the text (the model's features are character n-grams only).
  const span = supportsSpans(model.features) ? createSpanFeaturizer(model.features, input, model.opts.idf) : undefined;
  const featurize = (start: number, end: number) =>
    span ? span(start, end) : model.featurize(input.slice(start, end));
  const whole = read(model, featurize(0, input.length));
  let best = { red: 0, kind: whole.kind, span: { start: 0, end: input.length } };
  for (const w of sentenceWindows(input)) {
    const r = read(model, featurize(w.start, w.end));
    if (r.red > best.red) best = { red: r.red, kind: r.kind, span: w };
  }
  return { whole, windowRed: best.red, kind: best.red >= whole.red ? best.kind : whole.kind, span: best.span };
}

/** The signal for a reading at the given thresholds; the evidence is the window that looks most like red. */
export function signalOf(r: PetitionReading, t: RiskThresholds, n?: NormalisedText): RiskSignal {
  const weight = Math.round(weightOf(r.whole, r.windowRed, t) * 1000) / 1000;
  const code = weight >= RED_WEIGHT ? (KIND_CODES[r.kind] ?? WATCH_CODE) : WATCH_CODE;
  if (!n || weight < SHOWN_WEIGHT || n.text.length === 0) return { code, evidence: '', start: 0, end: 0, weight };
  const o = n.toOriginal(r.span.start, r.span.end);
  return { code, evidence: n.original.slice(o.start, o.end), start: o.start, end: o.end, weight };
}

/** Wraps a trained model with its thresholds. */
export function createRiskModel(model: LinearModel, t: RiskThresholds): RiskModel {
  return { signal: (n) => signalOf(readPetition(model, modelInput(n.text)), t, n) };
}

/** Rebuilds the model from its JSON (thresholds in `meta.thresholds`). */
export function riskModelFromJson(json: LinearModelJson): RiskModel {
  const t = json.meta?.thresholds as RiskThresholds | undefined;
  const ok = (x: unknown) => typeof x === 'number' && x > 0 && x < 1;
  if (!t || !ok(t.red) || !ok(t.window) || !ok(t.watch))
    throw new Error('risk model: meta.thresholds needs red, window and watch in (0, 1)');
  return createRiskModel(linearModelFromJson(json), t);
}

/** Reads models/risk.json from `dir` when it is there (call once at start-up). */
export function loadRiskModel(dir: string): RiskModel | undefined {
  const path = join(dir, 'risk.json');
  if (!existsSync(path)) return undefined;
  return riskModelFromJson(readModelFile(path, decodeWeights));
}
