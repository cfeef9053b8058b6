/**
 * Where risk.score loses against the self-harm classifier on SOS-1K (issue 15): the same 5-fold protocol as
 * training/train-selfharm.ts (classifier, thresholds and topic model fitted on the four training folds), then the
 * held-out posts ordered in steps from the classifier's probability to the service's score, and the score variants
 * measured for the issue. The talk branch of assessRisk (src/triage/risk.ts) is rebuilt here from its parts so each
 * step can be switched; the script checks that the rebuilt score equals assessRisk's on every post.
 * Prints aggregate figures only, never rows (the set is sensitive).
 *
 *   npx tsx training/risk/selfharm-gap.ts [--classifier softmax|graded]
 */
import { join, resolve } from 'node:path';
import { createNormaliser } from '../../src/text/normalise.ts';
import { assessRisk, scoreOf, YELLOW_SCORE } from '../../src/triage/risk.ts';
import { loadRiskModel } from '../../src/triage/risk-model.ts';
import {
  findLexiconSignals,
  INFO_WEIGHT,
  isSelfHarmTopic,
  modelInput,
  RED_WEIGHT,
} from '../../src/triage/risk-rules.ts';
import {
  selfHarmProbability,
  selfHarmTopicProbability,
  TOPIC_THRESHOLD,
  type SelfHarmModel,
} from '../../src/triage/risk-selfharm.ts';
import type { RiskSignal } from '../../src/triage/types.ts';
import { auroc } from '../model/index.ts';
import { type Classifier, fitClassifier, loadRows, OFF_TOPIC_TRAIN, readTexts } from '../train-selfharm.ts';
import { trainSelfHarmTopic } from './selfharm-design.ts';

const BELOW_RED = 0.799;

/** What the talk branch of assessRisk sees for one held-out post. */
interface Parts {
  high: boolean;
  p: number;
  yellow: number;
  red: number;
  graded: boolean;
  /** Lexicon signals the classifier may not clear (threats with intent, other kinds, weaker self-harm words). */
  firm: RiskSignal[];
  learned: RiskSignal;
  score: number;
}

/** Switches of the talk score (all off: the shipped score). */
interface Variant {
  /** A self-harm word below red floors nothing on talk. */
  noSelfHarmFloor?: boolean;
  /** The petition model's watch does not lift talk to yellow. */
  noLift?: boolean;
  /** The petition model's red holds on talk only at p ≥ the yellow threshold. */
  learnedRedNeedsYellow?: boolean;
  /** No red floor at all on talk (a ceiling, not allowed: an explicit threat must stay red). */
  noRedFloors?: boolean;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** The classifier's weight on the score scale, as talkScore maps it below red. */
function own(c: Parts): number {
  if (c.p >= c.yellow) return YELLOW_SCORE + ((BELOW_RED - YELLOW_SCORE) * (c.p - c.yellow)) / (c.red - c.yellow);
  return (YELLOW_SCORE * c.p) / c.yellow;
}

/** The talk score of src/triage/risk.ts (talkScore with its floors), with the variant's switches. */
function talk(c: Parts, v: Variant = {}): number {
  if (!c.graded) return c.score;
  const firm = c.firm.filter(
    (s) =>
      !(v.noSelfHarmFloor && s.code === 'self_harm' && s.weight < RED_WEIGHT) &&
      !(v.noRedFloors && s.weight >= RED_WEIGHT),
  );
  const learnedRed = c.learned.weight >= RED_WEIGHT && !v.noRedFloors && (!v.learnedRedNeedsYellow || c.p >= c.yellow);
  const hard = [...firm, ...(learnedRed ? [c.learned] : [])];
  if (c.p >= c.red || hard.some((s) => s.weight >= RED_WEIGHT)) return r3(RED_WEIGHT + (1 - RED_WEIGHT) * c.p);
  const lifted = !v.noLift && c.learned.weight >= YELLOW_SCORE;
  return r3(Math.max(own(c), Math.min(scoreOf(hard), BELOW_RED), lifted ? YELLOW_SCORE : 0));
}

function collect(kind: Classifier): Parts[] {
  const normalise = createNormaliser();
  const data = resolve('../shared/bench/selfharm/sos1k-folds.jsonl');
  const bench = resolve(data, '../..');
  const riskModel = loadRiskModel(resolve(import.meta.dirname, '../../models'));
  if (!riskModel) throw new Error('selfharm-gap: models/risk.json is missing');
  const rows = loadRows(data);
  const offTopic = OFF_TOPIC_TRAIN.flatMap(([f, n]) => readTexts(join(bench, f), n)).map((t) =>
    modelInput(normalise(t).text),
  );
  const parts = new Array<Parts>(rows.length);
  for (const f of [...new Set(rows.map((r) => r.fold))]) {
    const train = rows.filter((r) => r.fold !== f);
    const { model, yellow, red } = fitClassifier(kind, train);
    const topic = trainSelfHarmTopic(
      train.map((r) => r.norm),
      offTopic,
    );
    const sh: SelfHarmModel = { model, yellow, red, topic };
    rows.forEach((r, i) => {
      if (r.fold !== f) return;
      const n = normalise(r.text);
      const lexical = findLexiconSignals(n);
      const mentioned = lexical.some((s) => s.code === 'self_harm' && s.weight > INFO_WEIGHT);
      const graded = mentioned || isSelfHarmTopic(n) || selfHarmTopicProbability(sh, r.norm) >= TOPIC_THRESHOLD;
      const firm = lexical.flatMap(({ soft, ...s }) => (soft ? [] : [s]));
      const score = assessRisk(r.text, {}, { normalise, selfHarm: sh, model: riskModel }).score;
      const p = selfHarmProbability(sh, r.norm);
      parts[i] = { high: r.label === 1, p, yellow, red, graded, firm, learned: riskModel.signal(n), score };
    });
  }
  return parts;
}

function main() {
  const i = process.argv.indexOf('--classifier');
  const kind = (i >= 0 ? process.argv[i + 1] : 'softmax') as Classifier;
  const parts = collect(kind);
  const pos = parts.map((c) => c.high);
  const a = (s: number[]) => (Math.round(auroc(s, pos) * 10000) / 10000).toFixed(4);
  const count = (f: (c: Parts) => boolean) => {
    const hit = parts.filter(f);
    return `${hit.filter((c) => c.high).length} high / ${hit.filter((c) => !c.high).length} low`;
  };
  const mismatches = parts.filter((c) => talk(c) !== c.score).length;
  const firmRed = (c: Parts) => c.graded && c.firm.some((s) => s.weight >= RED_WEIGHT);
  const learnedRed = (c: Parts) => c.graded && c.learned.weight >= RED_WEIGHT;
  const band = (c: Parts) => firmRed(c) || learnedRed(c) || c.p >= c.red;
  console.log(
    `selfharm-gap (${kind}): ${parts.length} posts, rebuilt talk score differs from assessRisk on ${mismatches}`,
  );
  console.log(`  talk (graded) ${count((c) => c.graded)}; not talk ${count((c) => !c.graded)}`);
  console.log(
    `  red floors on talk: lexicon ${count(firmRed)}, petition model ${count(learnedRed)}, either ${count((c) => firmRed(c) || learnedRed(c))}`,
  );
  console.log('steps from the classifier to the score (AUROC):');
  console.log(`  classifier probability                                  ${a(parts.map((c) => c.p))}`);
  console.log(
    `  red band (floors or p >= red) on top, all ordered by p  ${a(parts.map((c) => (band(c) ? 2 : 0) + c.p))}`,
  );
  console.log(
    `  + each fold's thresholds as the score scale             ${a(parts.map((c) => (band(c) ? 0.8 + 0.2 * c.p : own(c))))}`,
  );
  console.log(
    `  + posts not taken for talk scored off-topic             ${a(parts.map((c) => (!c.graded ? c.score : band(c) ? 0.8 + 0.2 * c.p : own(c))))}`,
  );
  console.log(`  + floors below red and the watch lift (the score)       ${a(parts.map((c) => talk(c)))}`);
  const variants: [string, Variant][] = [
    ['no floor from self-harm words below red', { noSelfHarmFloor: true }],
    ['no lift by the petition model watch', { noLift: true }],
    ['petition model red only at p >= yellow', { learnedRedNeedsYellow: true }],
    ['all three', { noSelfHarmFloor: true, noLift: true, learnedRedNeedsYellow: true }],
    ['ceiling: no red floor on talk (not allowed)', { noRedFloors: true }],
  ];
  console.log('score variants (AUROC; talk posts at red, high / low):');
  for (const [name, v] of variants) {
    const s = parts.map((c) => talk(c, v));
    console.log(`  ${name.padEnd(55)} ${a(s)}; red ${count((c) => talk(c, v) >= RED_WEIGHT && c.graded)}`);
  }
}

main();
