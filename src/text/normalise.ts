// Only the traditional → simplified tables: the full package also holds the reverse ones, a megabyte of code the
// service would parse at every start (outputs are the same: every character from U+3000 to U+9FFF and the corpus
// compared).
import * as OpenCC from 'opencc-js/t2cn';

/** A normalised petition text that still knows where each of its characters came from. */
export interface NormalisedText {
  original: string;
  /** Simplified, half-width, whitespace-collapsed text that every later stage works on. */
  text: string;
  /** offsets[i] is the index in `original` of text[i]; offsets[text.length] is original.length. */
  offsets: number[];
  /** Maps a [start, end) span of `text` to the span of `original` it came from. */
  toOriginal(start: number, end: number): { start: number; end: number };
  /** The substring of `original` behind a [start, end) span of `text`. */
  originalSlice(start: number, end: number): string;
}

export type Normaliser = (original: string) => NormalisedText;

/**
 * Creates the normaliser. OpenCC's 't'→'cn' conversion is phrase-based; when a phrase would change
 * the length (so the 1:1 map would break), the text falls back to character-by-character conversion.
 */
export function createNormaliser(opts: { from?: 't' | 'tw' | 'hk' } = {}): Normaliser {
  const convert = OpenCC.Converter({ from: opts.from ?? 't', to: 'cn' });
  return (original) => normaliseWith(original, convert);
}

function normaliseWith(original: string, convert: (s: string) => string): NormalisedText {
  const simplified = toSimplified(original, convert);
  const halfWidth = toHalfWidth(simplified);
  const { text, offsets } = collapseWhitespace(halfWidth);
  return {
    original,
    text,
    offsets,
    toOriginal: (start, end) => mapSpan(offsets, start, end),
    originalSlice(start, end) {
      const span = mapSpan(offsets, start, end);
      return original.slice(span.start, span.end);
    },
  };
}

function toSimplified(s: string, convert: (s: string) => string): string {
  const whole = convert(s);
  if (whole.length === s.length) return whole;
  // Per code point keeps positions aligned; a character whose conversion changes length stays as it was.
  return [...s]
    .map((ch) => {
      const c = convert(ch);
      return c.length === ch.length ? c : ch;
    })
    .join('');
}

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space to their half-width forms, one unit each. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/**
 * Characters that render as nothing (zero-width spaces and joiners, the soft hyphen, the BOM, fillers):
 * dropped everywhere, so "跳\u200b楼" is matched as 跳楼.
 */
const INVISIBLE = /[\p{Cf}\u115f\u1160\u180e\u3164\uffa0]/u;
/** A single separator that people put between the characters of a word to dodge filters (跳*楼, 喝·药). */
const FILLER = /[*_·•~]/;
const HAN = /\p{Script=Han}/u;

/** True when the text has something a person could read: not only whitespace and invisible characters. */
export function hasVisibleText(s: string): boolean {
  for (const ch of s) if (!/\s/.test(ch) && !INVISIBLE.test(ch)) return true;
  return false;
}

/**
 * Invisible characters go; whitespace or a lone filler between two Chinese characters goes (Chinese has no
 * spaces between words, so "跳 楼" is an evasion, not two words); other runs of whitespace become one space;
 * leading and trailing whitespace goes.
 */
function collapseWhitespace(s: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let pendingSpace = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (INVISIBLE.test(ch)) continue;
    if (/\s/.test(ch)) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    const prev = text.at(-1) ?? '';
    const joinsHan = HAN.test(prev) && HAN.test(ch);
    if (pendingSpace >= 0 && text.length > 0 && !joinsHan) {
      text += ' ';
      offsets.push(pendingSpace);
    }
    pendingSpace = -1;
    if (FILLER.test(ch) && HAN.test(prev) && HAN.test(nextVisible(s, i + 1))) continue;
    text += ch;
    offsets.push(i);
  }
  offsets.push(s.length);
  return { text, offsets };
}

function nextVisible(s: string, from: number): string {
  for (let i = from; i < s.length; i++) if (!INVISIBLE.test(s[i]) && !/\s/.test(s[i])) return s[i];
  return '';
}

function mapSpan(offsets: number[], start: number, end: number): { start: number; end: number } {
  const n = offsets.length - 1;
  if (!(0 <= start && start <= end && end <= n)) throw new RangeError(`span [${start}, ${end}) is outside 0..${n}`);
  if (start === end) return { start: offsets[start], end: offsets[start] };
  return { start: offsets[start], end: offsets[end - 1] + 1 };
}
