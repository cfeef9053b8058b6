/**
 * The shipped design of the learned risk model and the data it is fitted on. Designs measured against it are in
 * training/EXPERIMENTS.md (risk).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNormaliser } from '../../src/text/normalise.ts';
import { trainLinearModel, type FeatureConfig, type LinearModel } from '../model/index.ts';
import { modelInput } from '../../src/triage/risk-rules.ts';
import { readSplit, type WrittenRow, writersOf } from './corpus.ts';
import type { RiskThresholds } from '../../src/triage/risk-model.ts';

export const RISK_DESIGN = {
  name: 'multinomial logreg (green, yellow, red:<kind>), char 1-3 over the trap-masked text, level-balanced weights, real messages (half) as green',
  features: { dim: 2 ** 18, charNgrams: [1, 2, 3] } satisfies FeatureConfig,
  lambda: 1e-4,
  maxIter: 120,
};

const normalise = createNormaliser();
/** What the model reads, in training and at run time alike (risk-model.ts): normalised, harmless uses masked. */
export const modelText = (text: string) => modelInput(normalise(text).text);

/**
 * Real messages to a government platform (../shared/bench/replies): ordinary complaints and requests, nearly none
 * red. Half of them (by a hash of the id) train as green, so everyday grievance does not look like a threat; the
 * other half is never trained on and measures the real-traffic red rate.
 */
const REAL = readFileSync(join(import.meta.dirname, '../../../shared/bench/replies/teddy-fj4-open.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; text: string });
const half = (id: string) => [...id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7) % 2;
/** Long messages are cut (their length is not what makes them green, and it keeps fitting fast). */
export const REAL_TRAIN = REAL.filter((r) => half(r.id) === 0).map((r) => modelText(r.text).slice(0, 300));
export const REAL_HELD_OUT = REAL.filter((r) => half(r.id) === 1).map((r) => r.text);

const labelOf = (r: WrittenRow) => (r.risk === 'red' ? `red:${r.kind}` : r.risk);

/** Fits the design on written rows plus real messages as green. */
export function fitRiskModel(rows: WrittenRow[], real: string[], meta: Record<string, unknown> = {}): LinearModel {
  const texts = [...rows.map((r) => modelText(r.text)), ...real];
  const labels = [...rows.map(labelOf), ...real.map(() => 'green')];
  // Balanced over the three levels, not the eight labels: the six kinds of red share red's weight.
  const level = (l: string) => l.split(':')[0];
  const count: Record<string, number> = {};
  for (const l of labels) count[level(l)] = (count[level(l)] ?? 0) + 1;
  const classWeight = Object.fromEntries([...new Set(labels)].map((l) => [l, labels.length / (3 * count[level(l)])]));
  return trainLinearModel({
    texts,
    labels,
    features: RISK_DESIGN.features,
    algorithm: 'logreg',
    lambda: RISK_DESIGN.lambda,
    maxIter: RISK_DESIGN.maxIter,
    classWeight,
    meta,
  });
}

/** The shipped fit: every train and dev writer, with the thresholds chosen by train-risk.ts's cross-validation. */
export function fitShippedRisk(thresholds: RiskThresholds): { model: LinearModel; writers: string[] } {
  const train = readSplit('train');
  const dev = readSplit('dev');
  const writers = [...writersOf(train), ...writersOf(dev)];
  const model = fitRiskModel([...train, ...dev], REAL_TRAIN, { thresholds, design: RISK_DESIGN.name, writers });
  return { model, writers };
}
