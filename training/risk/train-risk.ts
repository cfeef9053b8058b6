/**
 * Trains the learned risk model (models/risk.json) and chooses its thresholds.
 *
 *   npx tsx training/risk/train-risk.ts            thresholds by writer-disjoint 5-fold CV on the train writers,
 *                                                  dev writers scored by the train-only fit, then the shipped fit
 *                                                  on train + dev writers; figures in models/risk-metrics.json
 *   npx tsx training/risk/train-risk.ts --refit    only the shipped fit, on today's train + dev writers, with the
 *                                                  thresholds and figures already in models/risk-metrics.json
 *
 * The blind writers are never read here (training/risk/eval-written.ts scores them, in aggregate only).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNormaliser } from '../../src/text/normalise.ts';
import type { LinearModel } from '../model/index.ts';
import { readPetition, type RiskThresholds, signalOf } from '../../src/triage/risk-model.ts';
import { RED_WEIGHT } from '../../src/triage/risk-rules.ts';
import { assessRisk, YELLOW_SCORE } from '../../src/triage/risk.ts';
import { loadSelfHarmModel } from '../../src/triage/risk-selfharm.ts';
import { readSplit, type WrittenRow, writersOf } from './corpus.ts';
import { fitRiskModel, fitShippedRisk, modelText, REAL_HELD_OUT, REAL_TRAIN, RISK_DESIGN } from './fit.ts';
import { recordModel } from '../model-manifest.ts';

const MODELS = join(import.meta.dirname, '../../models');
const normalise = createNormaliser();
const selfHarm = loadSelfHarmModel(MODELS);

/** Goals the thresholds are chosen for, with a margin under the limits (3 % false reds, 1 % real reds). */
const MAX_FALSE_RED = 0.02;
const MAX_REAL_RED = 0.005;

type Level = 'red' | 'yellow' | 'green';
interface Scored {
  gold: Level;
  rule: number;
  model: (t: RiskThresholds) => number;
}

/** The level the service would give: rules and the model's signal together (risk.ts). */
function levelWith(s: Scored, t: RiskThresholds): Level {
  const m = s.model(t);
  if (s.rule >= RED_WEIGHT || m >= RED_WEIGHT) return 'red';
  return 1 - (1 - s.rule) * (1 - m) >= YELLOW_SCORE ? 'yellow' : 'green';
}

/** Rule score without the model, and the model's reading, read once and weighed at any thresholds. */
function scorer(model: LinearModel, text: string, gold: Level): Scored {
  const rule = assessRisk(text, {}, { normalise, selfHarm }).score;
  const reading = readPetition(model, modelText(text));
  return { gold, rule, model: (t) => signalOf(reading, t).weight };
}

function figures(rows: Scored[], real: Scored[], t: RiskThresholds) {
  const lv = rows.map((r) => levelWith(r, t));
  const of = (g: Level) => rows.flatMap((r, i) => (r.gold === g ? [lv[i]] : []));
  const reds = of('red');
  const greens = of('green');
  const yellows = of('yellow');
  return {
    red_recall: reds.filter((l) => l === 'red').length / reds.length,
    false_red_rate: greens.filter((l) => l === 'red').length / greens.length,
    yellow_as_red: yellows.filter((l) => l === 'red').length / yellows.length,
    watch_recall: [...reds, ...yellows].filter((l) => l !== 'green').length / (reds.length + yellows.length),
    green_as_watch: greens.filter((l) => l !== 'green').length / greens.length,
    level_accuracy: lv.filter((l, i) => l === rows[i].gold).length / rows.length,
    real_red_rate: real.filter((r) => levelWith(r, t) === 'red').length / Math.max(1, real.length),
  };
}

/** The thresholds with the best red recall within the false-red and real-traffic limits; watch by level accuracy. */
function chooseThresholds(rows: Scored[], real: Scored[]): RiskThresholds {
  let best: { t: RiskThresholds; key: number[] } | undefined;
  for (const red of [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]) {
    for (const window of [0.6, 0.7, 0.8, 0.9, 0.97]) {
      for (const watch of [0.4, 0.5, 0.6, 0.7]) {
        const t = { red, window, watch };
        const f = figures(rows, real, t);
        if (f.false_red_rate > MAX_FALSE_RED || f.real_red_rate > MAX_REAL_RED) continue;
        const key = [f.red_recall, f.level_accuracy];
        if (!best || key[0] > best.key[0] || (key[0] === best.key[0] && key[1] > best.key[1])) best = { t, key };
      }
    }
  }
  if (!best) throw new Error('train-risk: no thresholds meet the limits');
  return best.t;
}

const round = (f: Record<string, number>) =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));

const train = readSplit('train');
const dev = readSplit('dev');
const writers = writersOf(train);
console.log(
  `train ${train.length} petitions by ${writers.length} writers; dev ${dev.length} by ${writersOf(dev).length}`,
);

/** The shipped fit: every train and dev writer, with the chosen thresholds. */
function ship(thresholds: RiskThresholds, metrics: Record<string, unknown>) {
  const { model, writers: all } = fitShippedRisk(thresholds);
  model.save(join(MODELS, 'risk.json'));
  recordModel(MODELS, 'risk.json', 'npx tsx training/risk/train-risk.ts', { thresholds });
  writeFileSync(join(MODELS, 'risk-metrics.json'), `${JSON.stringify({ ...metrics, shipped_on: all }, null, 2)}\n`);
  console.log(`saved models/risk.json (fitted on ${all.length} writers) and models/risk-metrics.json`);
}

if (process.argv.includes('--refit')) {
  const metrics = JSON.parse(readFileSync(join(MODELS, 'risk-metrics.json'), 'utf8')) as Record<string, unknown> & {
    thresholds: RiskThresholds;
  };
  ship(metrics.thresholds, metrics);
} else {
  // Out-of-fold: each train writer scored by a model fitted without that writer's fold (writers dealt round-robin
  // into FOLDS groups: five fits instead of one per writer, still writer-disjoint).
  const FOLDS = 5;
  const foldOf = new Map(writers.map((w, i) => [w, i % FOLDS]));
  const oof: Scored[] = new Array(train.length);
  for (let f = 0; f < FOLDS; f++) {
    const m = fitRiskModel(
      train.filter((r) => foldOf.get(r.writer) !== f),
      REAL_TRAIN,
    );
    train.forEach((r, i) => {
      if (foldOf.get(r.writer) === f) oof[i] = scorer(m, r.text, r.risk);
    });
    console.log(`  fold ${f + 1}/${FOLDS} done`);
  }
  const trainOnly = fitRiskModel(train, REAL_TRAIN);
  const realHeldOut = REAL_HELD_OUT.map((t) => scorer(trainOnly, t, 'green'));
  const thresholds = chooseThresholds(oof, realHeldOut);
  const cv = round(figures(oof, realHeldOut, thresholds));
  const devFigures = round(
    figures(
      dev.map((r: WrittenRow) => scorer(trainOnly, r.text, r.risk)),
      realHeldOut,
      thresholds,
    ),
  );
  console.log('thresholds', thresholds);
  console.log('writer-CV (train writers)', cv);
  console.log('dev writers (model fitted on train writers only)', devFigures);
  ship(thresholds, {
    design: RISK_DESIGN.name,
    thresholds,
    cv_writers: writers,
    writer_cv: cv,
    dev: devFigures,
    limits: { false_red: MAX_FALSE_RED, real_red: MAX_REAL_RED },
    note: 'writer_cv: writer-disjoint 5-fold CV over cv_writers (dealt round-robin in name order); dev: model fitted on cv_writers only, scored on the dev writers; real_red_rate: the half of ../shared/bench/replies never trained on. The shipped model is fitted on shipped_on with these thresholds.',
  });
}
