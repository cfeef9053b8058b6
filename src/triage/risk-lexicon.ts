import RAW from './risk-lexicon.json' with { type: 'json' };

/** How an entry's matches are weighed: see risk-signals.md. */
export type EntryKind = 'threat' | 'action' | 'plain';

export interface LexiconEntry {
  code: string;
  kind: EntryKind;
  weight: number;
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
  first: RegExp;
  past: RegExp;
  dates: RegExp;
  sensitiveDates: RegExp;
}

interface RawLexicon {
  traps: string[];
  negations: string[];
  reported: string[];
  fear: string[];
  third: string[];
  future: string[];
  first: string[];
  past: string[];
  dates: string[];
  sensitiveDates: string[];
  entries: { code: string; kind: EntryKind; weight: number; patterns: string[] }[];
}

const alt = (parts: string[], flags = 'g') => new RegExp(parts.map((p) => `(?:${p})`).join('|'), flags);

/** Compile a lexicon (the shipped one by default) into one regular expression per entry. */
export function compileLexicon(raw: RawLexicon = RAW as RawLexicon): CompiledLexicon {
  return {
    traps: alt(raw.traps, 'gi'),
    entries: raw.entries.map((e) => ({ code: e.code, kind: e.kind, weight: e.weight, pattern: alt(e.patterns, 'gi') })),
    negations: alt(raw.negations),
    reported: alt(raw.reported),
    fear: alt(raw.fear),
    third: alt(raw.third),
    future: alt(raw.future),
    first: alt(raw.first),
    past: alt(raw.past),
    dates: alt(raw.dates),
    sensitiveDates: alt(raw.sensitiveDates),
  };
}

/** The shipped lexicon, compiled once (pure data, no I/O). */
export const RISK_LEXICON = compileLexicon();
