import RAW from './risk-lexicon.json' with { type: 'json' };

/** How an entry's matches are weighed: see risk-signals.md. */
export type EntryKind = 'threat' | 'action' | 'plain';

export interface LexiconEntry {
  code: string;
  kind: EntryKind;
  weight: number;
  /**
   * Method words (跳楼, 自杀 …) are a threat only with a marker of intent or coercion, else a mention; plain words
   * (媒体, 曝光) warn only when announced (再不解决就找媒体), else they are evidence without weight.
   */
  needsIntent: boolean;
  pattern: RegExp;
}

export interface CompiledLexicon {
  traps: RegExp;
  entries: LexiconEntry[];
  negations: RegExp;
  reported: RegExp;
  fear: RegExp;
  third: RegExp;
  future: RegExp;
  intent: RegExp;
  first: RegExp;
  past: RegExp;
  dates: RegExp;
  sensitiveDates: RegExp;
  selfHarmTopic: RegExp;
}

interface RawLexicon {
  traps: string[];
  negations: string[];
  reported: string[];
  fear: string[];
  third: string[];
  future: string[];
  intent: string[];
  first: string[];
  past: string[];
  dates: string[];
  sensitiveDates: string[];
  selfHarmTopic: string[];
  entries: { code: string; kind: EntryKind; weight: number; needsIntent?: boolean; patterns: string[] }[];
}

const alt = (parts: string[], flags = 'g') => new RegExp(parts.map((p) => `(?:${p})`).join('|'), flags);

/** Compile a lexicon (the shipped one by default) into one regular expression per entry. */
export function compileLexicon(raw: RawLexicon = RAW as RawLexicon): CompiledLexicon {
  return {
    traps: alt(raw.traps, 'gi'),
    entries: raw.entries.map((e) => ({
      code: e.code,
      kind: e.kind,
      weight: e.weight,
      needsIntent: e.needsIntent ?? false,
      pattern: alt(e.patterns, 'gi'),
    })),
    negations: alt(raw.negations),
    reported: alt(raw.reported),
    fear: alt(raw.fear),
    third: alt(raw.third),
    future: alt(raw.future),
    intent: alt(raw.intent),
    first: alt(raw.first),
    past: alt(raw.past),
    dates: alt(raw.dates),
    sensitiveDates: alt(raw.sensitiveDates),
    selfHarmTopic: alt(raw.selfHarmTopic),
  };
}

/** The shipped lexicon, compiled once (pure data, no I/O). */
export const RISK_LEXICON = compileLexicon();
