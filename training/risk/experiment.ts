/**
 * Design comparison for the learned risk model, by leave-one-writer-out cross-validation on the train writers,
 * then fit on all train writers and scored on the dev writers. The blind writers are never read here.
 *
 *   npx tsx training/risk/experiment.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNormaliser } from '../../src/text/normalise.ts';
import { trainLinearModel, type FeatureConfig, type LinearModel } from '../../src/triage/model/index.ts';
import { assessRisk } from '../../src/triage/risk.ts';
import { modelInput } from '../../src/triage/risk-rules.ts';
import { loadSelfHarmModel } from '../../src/triage/risk-selfharm.ts';
import { readSplit, type WrittenRow, writersOf } from './corpus.ts';

const normalise = createNormaliser();
const selfHarm = loadSelfHarmModel(join(import.meta.dirname, '../../models'));
const labelOf = (r: WrittenRow) => (r.risk === 'red' ? `red:${r.kind}` : r.risk);
const prep = (t: string) => modelInput(normalise(t).text);

const REAL = readFileSync(join(import.meta.dirname, '../../../shared/bench/replies/teddy-fj4-open.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string });
const realHalf = (id: string) => [...id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7) % 2;

interface Design { name: string; features: FeatureConfig; lambda: number; real: boolean; sentences: boolean }
const base: FeatureConfig = { dim: 2 ** 18, charNgrams: [1, 2, 3] };
const DESIGNS: Design[] = [
  { name: 'char 1-3, real as green, traps masked, level-balanced', features: base, lambda: 1e-4, real: true, sentences: false },
  { name: 'char 1-3, real as green, traps masked, level-balanced, λ 3e-4', features: base, lambda: 3e-4, real: true, sentences: false },
];
const SHOW_ERRORS = process.argv.includes('--errors');

const SENT = /(?<=[。！？!?；;\n])/;
const sentencesOf = (t: string) => t.split(SENT).filter((x) => x.trim().length >= 4);

function examples(rows: WrittenRow[], d: Design, real: string[]) {
  const texts: string[] = [];
  const labels: string[] = [];
  for (const r of rows) {
    const t = prep(r.text);
    texts.push(t);
    labels.push(labelOf(r));
    if (!d.sentences) continue;
    const ev = r.evidence.map(prep);
    for (const s of sentencesOf(t)) {
      const isEvidence = ev.some((e) => e && (s.includes(e) || e.includes(s)));
      // A sentence of a green petition is green; a red or yellow petition's evidence sentence carries its label.
      if (r.risk === 'green' || isEvidence) {
        texts.push(s);
        labels.push(r.risk === 'green' ? 'green' : labelOf(r));
      }
    }
  }
  if (d.real) for (const t of real) { texts.push(t); labels.push('green'); }
  return { texts, labels };
}

function fit(d: Design, rows: WrittenRow[], real: string[]): LinearModel {
  const { texts, labels } = examples(rows, d, real);
  // Balanced over the three levels, not over the eight labels: the six red kinds share red's weight.
  const level = (l: string) => l.split(':')[0];
  const count: Record<string, number> = {};
  for (const l of labels) count[level(l)] = (count[level(l)] ?? 0) + 1;
  const classWeight = Object.fromEntries([...new Set(labels)].map((l) => [l, labels.length / (3 * count[level(l)])]));
  return trainLinearModel({ texts, labels, features: d.features, algorithm: 'logreg', lambda: d.lambda, maxIter: 150, classWeight });
}

const redOf = (m: LinearModel, t: string) => {
  const p = m.probaVector(m.featurize(t));
  let s = 0;
  m.labels.forEach((l, i) => { if (l.startsWith('red')) s += p[i]; });
  return s;
};
/** [whole-text p(red), best sentence-window p(red)] */
function scores(m: LinearModel, text: string): [number, number] {
  const n = prep(text);
  const s = sentencesOf(n);
  let best = 0;
  for (let i = 0; i < s.length; i++) best = Math.max(best, redOf(m, s[i]), i + 1 < s.length ? redOf(m, s[i] + s[i + 1]) : 0);
  return [redOf(m, n), best];
}

function report(name: string, rows: WrittenRow[], p: [number, number][], realP: [number, number][], rule: boolean[]) {
  const greens = rows.flatMap((r, i) => (r.risk === 'green' ? [i] : []));
  const reds = rows.flatMap((r, i) => (r.risk === 'red' ? [i] : []));
  const yellows = rows.flatMap((r, i) => (r.risk === 'yellow' ? [i] : []));
  console.log(`  ${name}: rules alone rec ${(reds.filter((i) => rule[i]).length / reds.length).toFixed(3)}`);
  for (const t1 of [0.35, 0.45, 0.55]) {
    const out: string[] = [];
    for (const t2 of [0.6, 0.75, 0.9, 1.01]) {
      const red = (i: number) => rule[i] || p[i][0] >= t1 || p[i][1] >= t2;
      const rec = reds.filter(red).length / reds.length;
      const fr = greens.filter(red).length / greens.length;
      const yr = yellows.filter(red).length / yellows.length;
      const real = realP.filter(([a, b]) => a >= t1 || b >= t2).length / realP.length;
      out.push(`w${t2}: ${rec.toFixed(3)}/${(100 * fr).toFixed(1)}%/y${(100 * yr).toFixed(0)}%/real ${(100 * real).toFixed(2)}%`);
    }
    console.log(`    t${t1} ${out.join(' | ')}`);
  }
}

const train = readSplit('train');
const dev = readSplit('dev');
const writers = writersOf(train);
const realTrain = REAL.filter((r) => realHalf(r.id) === 0).map((r) => prep(r.text).slice(0, 600));
const realTest = REAL.filter((r) => realHalf(r.id) === 1);
const ruleOf = (rows: WrittenRow[]) => rows.map((r) => assessRisk(r.text, {}, { normalise, selfHarm }).level === 'red');
const trainRule = ruleOf(train);
const devRule = ruleOf(dev);
console.log(`train ${train.length} rows / ${writers.length} writers; dev ${dev.length}; real ${realTrain.length} train / ${realTest.length} test`);
console.log('cells: red recall / false reds among greens / yellows made red / real-traffic red rate');
for (const d of DESIGNS) {
  const oof: [number, number][] = new Array(train.length);
  for (const w of writers) {
    const m = fit(d, train.filter((r) => r.writer !== w), d.real ? realTrain : []);
    train.forEach((r, i) => { if (r.writer === w) oof[i] = scores(m, r.text); });
  }
  const m = fit(d, train, d.real ? realTrain : []);
  const realP = realTest.map((r) => scores(m, r.text));
  console.log(d.name);
  report('writer-CV', train, oof, realP, trainRule);
  if (SHOW_ERRORS && d === DESIGNS[0]) train.forEach((r, i) => {
    const red = trainRule[i] || oof[i][0] >= 0.55;
    if (red !== (r.risk === 'red')) console.log(`  ${r.id} ${r.risk}/${r.kind} p=${oof[i][0].toFixed(2)} ${r.text.slice(0, 160)}`);
  });
  report('dev', dev, dev.map((r) => scores(m, r.text)), realP, devRule);
}
