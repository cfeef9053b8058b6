const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses a Chinese numeral below 10,000 (一百二十, 十二, 一千零一) or ASCII digits; undefined if it is neither. */
export function parseCnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '' || ![...s].every((ch) => ch in DIGITS || ch in UNITS)) return undefined;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else {
      // A bare unit (十二, 一百十) means one of it.
      total += (digit === 0 ? 1 : digit) * UNITS[ch];
      digit = 0;
    }
  }
  return total + digit;
}

export interface ArticleRef {
  number: number;
  /** The 之Y part of 第X条之Y (0 when absent). */
  sub: number;
}

/** Parses an article heading such as 第三十九条, 第一百二十条之一 or 第39条. */
export function parseArticleHeading(heading: string): ArticleRef | undefined {
  const m = /^\s*第\s*([零〇一二两三四五六七八九十百千\d]+)\s*条(?:之([一二三四五六七八九十]+))?/.exec(heading);
  if (!m) return undefined;
  const number = parseCnNumber(m[1]);
  if (number === undefined || number === 0) return undefined;
  return { number, sub: m[2] ? (parseCnNumber(m[2]) ?? 0) : 0 };
}

/** A stable key for an article: `39` or `120-1`. */
export const articleKey = (ref: ArticleRef) => (ref.sub ? `${ref.number}-${ref.sub}` : `${ref.number}`);
