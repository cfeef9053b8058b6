import type { NormalisedText } from '../text/normalise.ts';
import type { RiskSignal } from './types.ts';
import { RISK_LEXICON, type CompiledLexicon, type LexiconEntry } from './risk-lexicon.ts';

/** Weight at or above which a single signal makes a petition red (see risk-signals.md). */
export const RED_WEIGHT = 0.8;
/** A threat that is reported (news, hearsay) or negated is kept as evidence but cannot raise the level. */
export const INFO_WEIGHT = 0.05;
/** A threat by or about someone else, in the past, or feared by the petitioner: watch, not act now. */
export const INDIRECT_WEIGHT = 0.45;
/** An announced gathering or escalation with a date (Art. 25: major and urgent). */
export const DATED_ACTION_WEIGHT = 0.85;
/** A method word (跳楼, 自杀 …) without intent or coercion: a mention, yellow unless the classifier clears it. */
export const MENTION_WEIGHT = 0.45;
/** A word that warns only when announced (找媒体曝光): mentioned without intent (媒体报道, 电视台附近) it is evidence, no level. */
export const BARE_MENTION_WEIGHT = 0.1;

const MASK = '\u25a1';
export const CLAUSE_BREAK = /[,，。!！?？;；\n:：]/;
const SENTENCE_BREAK = /[。!！?？;；\n]/;
// How far an announced date may sit from the gathering or escalation it goes with.
const DATE_WINDOW = 30;
const MODIFIED_CODES = new Set(['self_harm', 'violence', 'dangerous_goods']);

/** Replace harmless uses of alarming words (跳楼价, 炸鸡, 杀价 …) with a mask of the same length. */
export function maskTraps(norm: string, lex: CompiledLexicon = RISK_LEXICON): string {
  return norm.replace(lex.traps, (m) => MASK.repeat(m.length));
}

function bounds(text: string, start: number, end: number, brk: RegExp): [number, number] {
  let s = start;
  while (s > 0 && !brk.test(text[s - 1])) s--;
  let e = end;
  while (e < text.length && !brk.test(text[e])) e++;
  return [s, e];
}

const has = (re: RegExp, s: string) => s.search(re) >= 0;

function isNegated(text: string, clauseStart: number, start: number, lex: CompiledLexicon): boolean {
  const from = Math.max(clauseStart, start - 8);
  const before = text.slice(from, start);
  for (const m of before.matchAll(lex.negations)) {
    const gap = before.slice(m.index + m[0].length);
    // "不要逼我跳楼", "不解决我就跳楼" are threats, not negations.
    if (gap.length <= 3 && !/[逼就才]/.test(gap)) return true;
  }
  return false;
}

interface Span {
  start: number;
  end: number;
  weight: number;
  /** Ideation or a bare mention of self-harm: the learned classifier may clear it (see risk.ts). */
  soft?: boolean;
}

/** A lexicon signal, with whether the self-harm classifier may clear it. */
export type LexiconSignal = RiskSignal & { soft: boolean };

function weighThreat(text: string, span: Span, entry: LexiconEntry, lex: CompiledLexicon): Span {
  const [cs] = bounds(text, span.start, span.end, CLAUSE_BREAK);
  const [ss] = bounds(text, span.start, span.end, SENTENCE_BREAK);
  const clause = text.slice(cs, span.start);
  if (has(lex.reported, text.slice(ss, span.start))) return { ...span, weight: INFO_WEIGHT };
  if (isNegated(text, cs, span.start, lex)) return { ...span, weight: INFO_WEIGHT };
  // Someone else's announced threat ("她就上吊") is as urgent as the petitioner's; a report of a past act is not.
  const otherPast = has(lex.third, clause) && !has(lex.first, clause) && !has(lex.future, clause);
  if (has(lex.fear, clause) || has(lex.past, clause) || otherPast)
    return { ...span, weight: Math.min(span.weight, INDIRECT_WEIGHT) };
  // Conditions and coercion ("再不解决，我就跳楼") may sit in an earlier clause of the sentence.
  const intent = has(lex.intent, clause) || has(lex.intent, text.slice(ss, span.start));
  if (entry.needsIntent && !intent) return { ...span, weight: MENTION_WEIGHT, soft: entry.code === 'self_harm' };
  const soft = entry.code === 'self_harm' && entry.kind === 'plain';
  return { ...span, soft };
}

// Habits (每天早9点聚集, 每周末) are not announcements; nor is a date written with its year (于2016-02-29日)
// unless the sentence says the act is still to come (将于2026年3月5日集体上访).
const HABIT_BEFORE = /每[天日周月晚早]?[早晚上下午]{0,2}$/;
const YEAR_BEFORE = /\d{4}\s*[-年/.]\s*(\d{1,2}\s*[-月/.]\s*)?$/;
const STILL_TO_COME = /将|准备|打算|计划|要/;

function findDate(text: string, span: Span, lex: CompiledLexicon): Span | undefined {
  const [ss, se] = bounds(text, span.start, span.end, SENTENCE_BREAK);
  const from = Math.max(ss, span.start - DATE_WINDOW);
  const window = text.slice(from, Math.min(se, span.end + DATE_WINDOW));
  const toCome = STILL_TO_COME.test(text.slice(ss, se));
  let best: Span | undefined;
  for (const m of window.matchAll(lex.dates)) {
    const start = from + m.index;
    const before = text.slice(Math.max(ss, start - 12), start);
    if (HABIT_BEFORE.test(before) || (YEAR_BEFORE.test(before) && !toCome)) continue;
    const d = { start, end: start + m[0].length, weight: 0 };
    const dist = Math.abs(d.start - span.start);
    if (!best || dist < Math.abs(best.start - span.start)) best = d;
  }
  return best;
}

function weighAction(text: string, span: Span, lex: CompiledLexicon): Span {
  const [cs] = bounds(text, span.start, span.end, CLAUSE_BREAK);
  const [ss] = bounds(text, span.start, span.end, SENTENCE_BREAK);
  if (has(lex.reported, text.slice(ss, span.start)) || isNegated(text, cs, span.start, lex)) {
    return { ...span, weight: INFO_WEIGHT };
  }
  const past = has(lex.past, text.slice(ss, span.start)) || /^[了过]/.test(text.slice(span.end));
  const date = past ? undefined : findDate(text, span, lex);
  if (!date) return span;
  return { start: Math.min(span.start, date.start), end: Math.max(span.end, date.end), weight: DATED_ACTION_WEIGHT };
}

function weighAnnounced(text: string, span: Span, lex: CompiledLexicon): Span {
  const [cs] = bounds(text, span.start, span.end, CLAUSE_BREAK);
  const [ss] = bounds(text, span.start, span.end, SENTENCE_BREAK);
  const before = text.slice(ss, span.start);
  if (has(lex.reported, before) || isNegated(text, cs, span.start, lex)) return { ...span, weight: INFO_WEIGHT };
  return has(lex.intent, before) ? span : { ...span, weight: BARE_MENTION_WEIGHT };
}

function weigh(entry: LexiconEntry, text: string, span: Span, lex: CompiledLexicon): Span {
  if (entry.kind === 'action') return weighAction(text, span, lex);
  if (entry.kind === 'plain' && entry.needsIntent) return weighAnnounced(text, span, lex);
  if (entry.kind === 'threat' || MODIFIED_CODES.has(entry.code)) return weighThreat(text, span, entry, lex);
  return span;
}

/** Keep, per code, the heaviest of overlapping spans. */
function dedupe(signals: (Span & { code: string })[]): (Span & { code: string })[] {
  const sorted = [...signals].sort((a, b) => b.weight - a.weight || a.start - b.start);
  const kept: (Span & { code: string })[] = [];
  for (const s of sorted) {
    if (!kept.some((k) => k.code === s.code && k.start < s.end && s.start < k.end)) kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/** Find lexicon signals in the normalised text; each signal's evidence and span point into the original. */
export function findLexiconSignals(n: NormalisedText, lex: CompiledLexicon = RISK_LEXICON): LexiconSignal[] {
  const text = maskTraps(n.text, lex);
  const found: (Span & { code: string })[] = [];
  for (const entry of lex.entries) {
    for (const m of text.matchAll(entry.pattern)) {
      if (m[0].length === 0 || m[0].includes(MASK)) continue;
      const span = { start: m.index, end: m.index + m[0].length, weight: entry.weight };
      found.push({ code: entry.code, ...weigh(entry, text, span, lex) });
    }
  }
  return dedupe(found).map((s) => {
    const o = n.toOriginal(s.start, s.end);
    const evidence = n.original.slice(o.start, o.end);
    return { code: s.code, evidence, start: o.start, end: o.end, weight: s.weight, soft: s.soft ?? false };
  });
}

/**
 * Whether the text is about death or self-harm at all (traps masked). The classifier was trained on texts that all
 * are, so it only grades risk within that topic and is not asked about anything else.
 */
export function isSelfHarmTopic(n: NormalisedText, lex: CompiledLexicon = RISK_LEXICON): boolean {
  return maskTraps(n.text, lex).search(lex.selfHarmTopic) >= 0;
}

/**
 * What the learned self-harm models read: the normalised text with traps masked and 气死 (anger, not death) hidden,
 * same length so spans still map back. Training and prediction both use it.
 */
export function modelInput(norm: string, lex: CompiledLexicon = RISK_LEXICON): string {
  return maskTraps(norm, lex).replace(/气死/g, MASK + MASK);
}
