/**
 * Trains the built-in triage models on the open bench splits and writes models/ plus models/metrics.json.
 *   npm run train                 train and measure the shipped designs (~1.5 min on 2 cores)
 *   npm run train -- --compare    also measure every alternative design (writes models/comparison.json)
 *   npm run train -- --compare=emotion   the same for one task (its rows of comparison.json are replaced)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSegmenter } from '../src/text/segment.ts';
import { loadLinearModel } from './model/index.ts';
import { recordModel } from './model-manifest.ts';
import { EMOTION_EVAL_FILE, ROUTING_FILE } from './train-data.ts';
import {
  EMOTION_CV_FOLDS,
  EMOTION_CV_SEED,
  crossValidateEmotion,
  emotionDesigns,
  evaluatePetitionFixtures,
  trainEmotionDesign,
  trainedOn,
} from './train-emotion.ts';
import {
  ROUTING_FOLDS,
  ROUTING_FOLD_SEED,
  crossValidateRouting,
  routingDesigns,
  trainRoutingModel,
} from './train-routing.ts';

const MODELS_DIR = process.env.MODELS_DIR ?? join(process.cwd(), 'models');
/** --compare measures every design of both tasks; --compare=emotion (or routing) one task, keeping the other's rows. */
const compareArg = process.argv.find((a) => a === '--compare' || a.startsWith('--compare='));
const compares = (task: string) => compareArg === '--compare' || compareArg === `--compare=${task}`;
const EMOTION_CV_PROTOCOL =
  `${EMOTION_CV_FOLDS}-fold stratified cross-validation (seed ${EMOTION_CV_SEED}) on ${EMOTION_EVAL_FILE}; each fold is ` +
  'predicted by a model trained on the other folds plus every cross-domain row (virus splits, training/), never scored';
const seg = createSegmenter();
const round = (x: number) => Math.round(x * 1000) / 1000;
const perLabelF1 = (r: { perLabel: Record<string, { f1: number }> }) =>
  Object.fromEntries(Object.entries(r.perLabel).map(([l, v]) => [l, round(v.f1)]));

function timed<T>(f: () => T): [T, number] {
  const t0 = Date.now();
  const out = f();
  return [out, (Date.now() - t0) / 1000];
}

type Row = Record<string, unknown>;

/** Emotion: cross-validation of every design (with --compare) or the shipped one, then the shipped fit. */
function runEmotion(comparison: Row[]): Row {
  const designs = emotionDesigns(seg);
  const shipped = designs.at(-1)!;
  let metrics: Row = {};
  for (const design of compares('emotion') ? designs : [shipped]) {
    const [cv, seconds] = timed(() => crossValidateEmotion(design, seg));
    const folds = cv.perFold.map((f) => f.toFixed(3)).join(' ');
    console.log(
      `emotion  ${design.name.slice(0, 66).padEnd(66)} macro-F1 ${cv.mean.toFixed(3)} [${folds}]  (${seconds.toFixed(1)} s, 5-fold CV)`,
    );
    const row = {
      design: design.name,
      trainedOn: trainedOn(design),
      protocol: EMOTION_CV_PROTOCOL,
      macroF1: round(cv.mean),
      macroF1PerFold: cv.perFold.map(round),
      macroF1Pooled: round(cv.pooled.macroF1),
      accuracyPooled: round(cv.pooled.accuracy),
      perLabelF1: perLabelF1(cv.pooled),
    };
    comparison.push({ task: 'emotion', ...row, cvSeconds: seconds });
    if (design === shipped) {
      trainEmotionDesign(design, seg).save(join(MODELS_DIR, 'emotion.json'));
      recordModel(MODELS_DIR, 'emotion.json', 'npm run train');
      // Measured on the saved (int8-quantised) weights, exactly what the service loads.
      const fx = evaluatePetitionFixtures(loadLinearModel(join(MODELS_DIR, 'emotion.json'), { segment: seg.cut }));
      console.log(
        `emotion  shipped model on the written petition fixtures: ${fx.right} of ${fx.n} right, macro-F1 ${fx.macroF1.toFixed(3)}`,
      );
      const petitionFixtures = {
        file: 'fixtures/emotion-petitions.jsonl',
        right: fx.right,
        n: fx.n,
        macroF1: round(fx.macroF1),
        perLabelF1: perLabelF1(fx),
      };
      metrics = {
        ...row,
        shippedModel: 'fitted on all rows of every training file (usual-eval included)',
        petitionFixtures,
      };
    }
  }
  return metrics;
}

/** Routing: 5-fold cross-validation of every design (with --compare) or the shipped one, then the final fit. */
function runRouting(comparison: Row[]): Row {
  const designs = routingDesigns(seg);
  const shipped = designs.at(-1)!;
  let metrics: Row = {};
  for (const design of compares('routing') ? designs : [shipped]) {
    const [{ report: r, otherThreshold }, seconds] = timed(() => crossValidateRouting(design));
    console.log(
      `routing  ${design.name.padEnd(66)} macro-F1 ${r.macroF1.toFixed(3)}  acc ${r.accuracy.toFixed(3)}  (${seconds.toFixed(1)} s, 5-fold CV)`,
    );
    const protocol = `${ROUTING_FOLDS}-fold stratified cross-validation (seed ${ROUTING_FOLD_SEED}) on ${ROUTING_FILE}`;
    const row = {
      design: design.name,
      protocol,
      macroF1: round(r.macroF1),
      accuracy: round(r.accuracy),
      perLabelF1: perLabelF1(r),
    };
    comparison.push({ task: 'routing', ...row, cvSeconds: seconds });
    if (design === shipped) {
      trainRoutingModel(design, otherThreshold).save(join(MODELS_DIR, 'category.json'));
      recordModel(MODELS_DIR, 'category.json', 'npm run train', { otherThreshold });
      metrics = {
        ...row,
        shippedModel: `fitted on all rows of ${ROUTING_FILE}`,
        otherThreshold: round(otherThreshold),
      };
    }
  }
  return metrics;
}

mkdirSync(MODELS_DIR, { recursive: true });
const comparison: Row[] = [];
const [[emotion, routing], seconds] = timed(() => [runEmotion(comparison), runRouting(comparison)]);
const metrics = {
  command: ['npm run train', ...(compareArg ? ['--', compareArg] : [])].join(' '),
  note:
    'Development figures on the open splits of ../shared/bench. Emotion: cross-validated on the usual-domain split ' +
    '(protocol in emotion.protocol); the designs were chosen by that same cross-validation (training/EXPERIMENTS.md), so the ' +
    "shipped design's figure is the best of the designs tried there. The shipped emotion model trains on all of usual-eval, " +
    'so any figure measured on that split with it is in-sample. Petition fixtures: the weight of the written messages ' +
    '(training/) was chosen on them. Routing: 5-fold cross-validation on its file.',
  generatedAt: new Date().toISOString(),
  totalSeconds: seconds,
  emotion,
  routing,
};
writeFileSync(join(MODELS_DIR, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
if (compareArg) {
  // A one-task comparison keeps the other task's rows from the last run.
  const path = join(MODELS_DIR, 'comparison.json');
  const kept =
    compareArg === '--compare' || !existsSync(path)
      ? []
      : (JSON.parse(readFileSync(path, 'utf8')) as { rows: Row[] }).rows;
  const rows = [
    ...kept.filter((r) => !compares(String(r.task))),
    ...comparison.filter((r) => compares(String(r.task))),
  ];
  writeFileSync(
    path,
    JSON.stringify({ command: metrics.command, generatedAt: metrics.generatedAt, rows }, null, 2) + '\n',
  );
}
console.log(
  `wrote ${MODELS_DIR}/emotion.json, category.json, metrics.json${compareArg ? ', comparison.json' : ''} in ${seconds.toFixed(0)} s`,
);
