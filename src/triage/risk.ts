import type { RiskContext, RiskLevel, RiskResult, RiskSignal } from './types.ts';
import {
  CLAUSE_BREAK,
  findLexiconSignals,
  INFO_WEIGHT,
  isSelfHarmTopic,
  modelInput,
  RED_WEIGHT,
} from './risk-rules.ts';
import { createNormaliser, type NormalisedText, type Normaliser } from '../text/normalise.ts';
import type { RiskModel } from './risk-model.ts';
import type { SelfHarmModel } from './risk-selfharm.ts';
import { selfHarmProbability, selfHarmSignal, selfHarmTopicProbability, TOPIC_THRESHOLD } from './risk-selfharm.ts';

/** Score at or above which a petition is yellow (watch) when no single signal makes it red. */
export const YELLOW_SCORE = 0.3;
/** Weight of self-harm ideation or a bare mention that the classifier does not confirm. */
export const CLEARED_WEIGHT = 0.25;

export interface RiskOptions {
  /** The petition normaliser (src/text/normalise.ts); one is created on first use when not given. */
  normalise?: Normaliser;
  /** The learned self-harm classifier (models/selfharm.json); without it only the lexicon runs. */
  selfHarm?: SelfHarmModel;
  /** The learned risk model (models/risk.json); without it only the rules and the self-harm classifier run. */
  model?: RiskModel;
}

/** Signals from what the case file knows (Arts. 19 and 36 for repeats); they carry no text evidence. */
export function contextSignals(ctx: RiskContext = {}): RiskSignal[] {
  const out: RiskSignal[] = [];
  const repeats = ctx.repeatCount ?? 0;
  if (repeats >= 1) {
    out.push({ code: 'repeat', evidence: '', start: 0, end: 0, weight: Math.min(0.5, 0.2 + 0.1 * (repeats - 1)) });
  }
  const days = ctx.daysUnresolved ?? 0;
  // Art. 32: a petition is to be handled within 60 days; a year is long-unresolved beyond doubt.
  if (days >= 60) {
    out.push({ code: 'long_unresolved', evidence: '', start: 0, end: 0, weight: days >= 365 ? 0.4 : 0.3 });
  }
  return out;
}

/**
 * Score 0..1 that orders petitions by risk and on which the level thresholds sit: the noisy-or of the signals'
 * weights (each distinct piece of evidence once), held just below red unless one signal is red on its own, so
 * several watch signals add up to a high yellow, never to red. Monotone: a signal added never lowers it.
 */
export function scoreOf(signals: RiskSignal[]): number {
  const byCode = new Map<string, Map<string, number>>();
  for (const s of signals) {
    const m = byCode.get(s.code) ?? new Map<string, number>();
    m.set(s.evidence, Math.max(m.get(s.evidence) ?? 0, s.weight));
    byCode.set(s.code, m);
  }
  let keep = 1;
  for (const m of byCode.values()) for (const w of m.values()) keep *= 1 - Math.min(1, Math.max(0, w));
  const noisyOr = Math.round((1 - keep) * 1000) / 1000;
  return signals.some((s) => s.weight >= RED_WEIGHT) ? noisyOr : Math.min(noisyOr, BELOW_RED);
}

/** The highest score a petition can have without a red signal. */
const BELOW_RED = Math.round((RED_WEIGHT - 0.001) * 1000) / 1000;

/** What dispatch is told to do at once when danger to life is happening now (an emergency signal). */
export const EMERGENCY_ADVICE =
  '正在发生危及人身安全的情况：立即拨打110（警情）、119（火情）或120（急救），并报告带班领导。';

/** The risk result for a list of signals: level and score from them alone, and the advice an emergency needs. */
export function riskOf(signals: RiskSignal[]): RiskResult {
  const emergency = signals.some((s) => s.code === 'emergency' && s.weight >= RED_WEIGHT);
  return {
    level: levelOf(signals),
    score: scoreOf(signals),
    signals,
    ...(emergency ? { advice: EMERGENCY_ADVICE } : {}),
  };
}

/** The level is the score against its thresholds, so nothing in the text can lower it except by removing evidence. */
export function levelOf(signals: RiskSignal[]): RiskLevel {
  return levelAt(scoreOf(signals));
}

/** The level a score sits in: the thresholds are on the score. */
function levelAt(score: number): RiskLevel {
  if (score >= RED_WEIGHT) return 'red';
  return score >= YELLOW_SCORE ? 'yellow' : 'green';
}

/** Longest evidence a classifier signal shows: enough to read the clause, not the whole letter. */
const MAX_CLAUSE = 40;

/**
 * The classifier's signal points at the single character or pair that weighs most (吗, 跳): staff need the
 * clause it sits in to judge it, so the evidence is widened to that clause (at most MAX_CLAUSE characters).
 */
export function widenToClause(text: string, s: RiskSignal): RiskSignal {
  let start = s.start;
  let end = s.end;
  while (start > 0 && !CLAUSE_BREAK.test(text[start - 1]) && end - start < MAX_CLAUSE) start--;
  while (end < text.length && !CLAUSE_BREAK.test(text[end]) && end - start < MAX_CLAUSE) end++;
  return { ...s, start, end, evidence: text.slice(start, end) };
}

/**
 * The self-harm classifier's probability counts for every text: in full for self-harm talk, scaled by the topic
 * probability for anything else, where the classifier (trained on self-harm talk only) is less to be trusted; off
 * the topic it never reaches yellow alone.
 */
function classifierSignal(sh: SelfHarmModel, n: NormalisedText, input: string, p: number, topic: number): RiskSignal {
  const s = selfHarmSignal(sh, n, input, p);
  if (topic >= 1) return s.evidence ? widenToClause(n.original, s) : s;
  return {
    code: 'self_harm',
    evidence: '',
    start: 0,
    end: 0,
    weight: Math.min(YELLOW_SCORE - 0.01, Math.round(s.weight * topic * 1000) / 1000),
  };
}

let defaultNormaliser: Normaliser | undefined;

/** Risk warning (风险预警) for one petition text: level, score and the signals with spans into `text`. */
export function assessRisk(text: string, ctx: RiskContext = {}, opts: RiskOptions = {}): RiskResult {
  const normalise = opts.normalise ?? (defaultNormaliser ??= createNormaliser());
  const n = normalise(text);
  const lexical = findLexiconSignals(n);
  const sh = opts.selfHarm;
  const input = sh ? modelInput(n.text) : '';
  // Self-harm talk: a mention the rules did not discount as reported or negated, a topic word, or the topic model.
  const mentioned = lexical.some((s) => s.code === 'self_harm' && s.weight > INFO_WEIGHT);
  const topic = sh ? selfHarmTopicProbability(sh, input) : 0;
  const graded = sh !== undefined && (mentioned || isSelfHarmTopic(n) || topic >= TOPIC_THRESHOLD);
  const p = sh ? selfHarmProbability(sh, input) : 0;
  // The classifier grades self-harm talk it was built for; ideation and bare mentions (想死, 自杀是懦弱的) count
  // only when it agrees, and stay as evidence. Threats with intent or coercion (我就跳楼) never depend on it.
  const cleared = graded && p < sh.yellow;
  const signals: RiskSignal[] = lexical.map(({ soft, ...s }) =>
    soft && cleared ? { ...s, weight: Math.min(s.weight, CLEARED_WEIGHT) } : s,
  );
  const context = contextSignals(ctx);
  signals.push(...context);
  const classifier = sh ? classifierSignal(sh, n, input, p, graded ? 1 : topic) : undefined;
  // The learned model adds its judgement beside the rules; it can raise the level, never lower it.
  const learned = opts.model?.signal(n);
  if (!graded || !sh || !classifier)
    return riskOf([...signals, ...(classifier ? [classifier] : []), ...(learned ? [learned] : [])]);
  // Self-harm talk: the band comes from the evidence, the order within it from the classifier (talkScore).
  const firm = lexical.flatMap(({ soft, ...s }) => (soft ? [] : [s]));
  const hard = [...firm, ...context, ...(learned && learned.weight >= RED_WEIGHT ? [learned] : [])];
  const ideation = !cleared && lexical.some((s) => s.soft && s.weight >= YELLOW_SCORE);
  const lifted = ideation || (learned?.weight ?? 0) >= YELLOW_SCORE;
  const score = talkScore(p, sh, hard, lifted);
  // When the classifier alone makes the talk red, its signal carries the red weight, so the alert names it.
  const own = p >= sh.red ? { ...classifier, weight: score } : classifier;
  const all = [...signals, own, ...(learned ? [learned] : [])];
  return { ...riskOf(all), score, level: levelAt(score) };
}

/**
 * Score of self-harm talk, the text the classifier was trained to grade (SOS-1K: experts' high vs low risk). Every
 * such text carries distress words and the petition model's watch, which do not tell high from low risk there, so
 * the classifier orders it: red when a hard signal says so (a threat with intent, the petition model's red, an
 * announced action) or when its probability reaches its red threshold, and then 0.8 + 0.2·p; below red the larger of
 * its weight and the other evidence, ideation and the petition model's watch lifting it to the yellow threshold only.
 */
function talkScore(p: number, sh: SelfHarmModel, hard: RiskSignal[], lifted: boolean): number {
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  if (p >= sh.red || hard.some((s) => s.weight >= RED_WEIGHT)) return r3(RED_WEIGHT + (1 - RED_WEIGHT) * p);
  const own =
    p >= sh.yellow
      ? YELLOW_SCORE + ((BELOW_RED - YELLOW_SCORE) * (p - sh.yellow)) / (sh.red - sh.yellow)
      : (YELLOW_SCORE * p) / sh.yellow;
  return r3(Math.max(own, Math.min(scoreOf(hard), BELOW_RED), lifted ? YELLOW_SCORE : 0));
}
