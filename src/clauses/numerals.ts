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

/** Converts a Chinese numeral as used in article headings (一百二十八, 十二, 一千零七十九) to an integer; NaN when invalid. */
export function chineseToInt(s: string): number {
  if (!s) return NaN;
  let total = 0;
  let section = 0; // part below 万
  let digit = -1; // pending digit, -1 when none
  for (const ch of s) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      // A bare 十 at the start (十二) means 一十.
      section += (digit < 0 ? 1 : digit) * UNITS[ch];
      digit = -1;
    } else if (ch === '万') {
      total += (section + Math.max(digit, 0)) * 10000;
      section = 0;
      digit = -1;
    } else {
      return NaN;
    }
  }
  return total + section + Math.max(digit, 0);
}

const NUMS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Converts 1..9999 to the Chinese numeral used in article headings (12 → 十二, 108 → 一百零八). */
export function intToChinese(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`unsupported number ${n}`);
  if (n === 0) return '零';
  const units = ['千', '百', '十', ''];
  const values = [1000, 100, 10, 1];
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < 4; i++) {
    const d = Math.floor(n / values[i]) % 10;
    if (d === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 10..19 are written 十, 十一 … without a leading 一.
    if (!(i === 2 && d === 1 && out === '')) out += NUMS[d];
    out += units[i];
  }
  return out;
}
