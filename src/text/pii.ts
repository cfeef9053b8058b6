/**
 * Personal data in petition text: find it, and mask it before any text leaves the process.
 * Detection favours recall for numbers (a leaked ID number is worse than an over-masked digit run)
 * and precision for names (only after explicit cues, and only with a known surname).
 */

export const PII_KINDS = ['name', 'id_number', 'mobile', 'landline', 'address', 'bank_card', 'email'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
}

export interface MaskResult {
  text: string;
  spans: PiiSpan[];
  /** placeholder → original; kept in memory only, never sent anywhere. */
  placeholders: Map<string, string>;
}

/** The word in a placeholder ([手机号1]) for each kind. */
export const PII_LABELS: Record<PiiKind, string> = {
  name: '姓名',
  id_number: '身份证号',
  mobile: '手机号',
  landline: '电话',
  address: '地址',
  bank_card: '银行卡号',
  email: '邮箱',
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** True when an 18-character resident ID number carries a valid GB 11643 check character. */
export function isValidIdNumber(id: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

/** Luhn check used by bank card numbers. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Common single surnames (top of the 2020 census list) and the compound ones seen in practice.
const SURNAMES_1 =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆农卓古吉缪芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘苑迟邝';
const SURNAMES_2 = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '西门',
  '南宫',
];

// Surname-initial words that follow 本人 or 姓名 in ordinary prose (本人陈述, 姓名和名称).
const NOT_NAMES = new Set([
  '陈述',
  '签名',
  '签字',
  '同意',
  '承诺',
  '申请',
  '负责',
  '认为',
  '确认',
  '余额',
  '曾经',
  '曾多',
  '曾于',
  '曾在',
  '许可',
  '周围',
  '高度',
  '何时',
  '于是',
  '常年',
  '万元',
]);

// Surnames that are also everyday function words (和, 于, 向, 时, 应 …) are left out of SURNAMES_1 on purpose.
// A given name stops before these: they start the next clause far more often than they end a name.
const NAME_STOP = new Set('是在今年的住男女现家因于从和与及因为，。、；：,. （(）)\n\t 系任'.split(''));

const NAME_CUE =
  /(?:我叫|我的名字是|我的名字叫|本人叫|本人名叫|名叫|叫做|(?:真实)?姓名(?:是|为|叫)?[:：]?|名字(?:是|叫)[:：]?|(?:信访人|反映人|联系人|举报人|投诉人)[:：]?|签名[:：]|本人[:：]?|我是)\s*/g;

function nameAt(text: string, from: number): string | undefined {
  const compound = SURNAMES_2.find((s) => text.startsWith(s, from));
  const surname = compound ?? (SURNAMES_1.includes(text[from] ?? '#') ? text[from] : undefined);
  if (!surname) return undefined;
  let end = from + surname.length;
  let given = 0;
  while (given < 2 && /[\u4e00-\u9fa5]/.test(text[end] ?? '') && !NAME_STOP.has(text[end])) {
    end++;
    given++;
  }
  // 某/某某 marks an already anonymised name: nothing to hide.
  const name = text.slice(from, end);
  if (given === 0 || /某/.test(name) || NOT_NAMES.has(name.slice(0, 2))) return undefined;
  return name;
}

function findNames(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(NAME_CUE)) {
    const from = m.index + m[0].length;
    const name = nameAt(text, from);
    if (!name) continue;
    // After a bare 本人 or 我是 we need a delimiter, else 本人王府井大街 or 我是李村的村民 would match.
    const after = text[from + name.length] ?? '';
    if (/^(?:本人[:：]?|我是)\s*$/.test(m[0]) && after !== '' && !/[，,、（(：:\s男女。；]/.test(after)) continue;
    out.push({ kind: 'name', start: from, end: from + name.length, value: name });
  }
  return out;
}

function digitsOf(s: string): string {
  return s.replace(/[\s-]/g, '');
}

function findNumbers(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  // Digit runs, allowing the single spaces or hyphens people type inside card and phone numbers.
  for (const m of text.matchAll(/(?<![\dA-Za-z])(?:\+?86[-\s]?)?\d(?:[\d]|[-\s](?=\d)){6,22}[\dXx]?(?![\dA-Za-z])/g)) {
    const raw = m[0];
    const start = m.index;
    const d = digitsOf(raw).replace(/^\+?86(?=1[3-9]\d{9}$)/, '');
    const before = text.slice(Math.max(0, start - 8), start);
    const kind = classifyNumber(d, before);
    if (kind) out.push({ kind, start, end: start + raw.length, value: raw });
  }
  // Landlines written with a bracketed area code: (0731)84567890.
  for (const m of text.matchAll(/[（(]0\d{2,3}[)）]\s?\d{7,8}(?!\d)/g)) {
    out.push({ kind: 'landline', start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return out;
}

function classifyNumber(d: string, before: string): PiiKind | undefined {
  if (/^1[3-9]\d{9}$/.test(d)) return 'mobile';
  if (/^\d{17}[\dXx]$/.test(d) && isValidIdNumber(d)) return 'id_number';
  if (/^0\d{2,3}\d{7,8}$/.test(d) && !/\d{13,}/.test(d)) return 'landline';
  if (/^\d{16,19}$/.test(d) && passesLuhn(d)) return 'bank_card';
  if (/身份证|证件/.test(before) && /^\d{14,17}[\dXx]$/.test(d)) return 'id_number';
  if (/卡号|银行卡|账号|帐号|账户|帐户/.test(before) && /^\d{12,19}$/.test(d)) return 'bank_card';
  if (/电话|手机|座机|联系方式|号码|热线/.test(before) && /^\d{7,12}$/.test(d)) return 'landline';
  return undefined;
}

const ADDRESS_CUE = /(?:家庭住址|居住地址|住址|地址|家住|住在|现住|居住在|户籍地)[:：]?\s*/g;
const ADDRESS_UNIT = '(?:号楼|号院|号|栋|幢|单元|室|层|楼|组)';
// Place component chains that end in a house number: 人民路18号, 幸福小区3栋2单元501室.
const ADDRESS_PATTERN = new RegExp(
  `[\\u4e00-\\u9fa5A-Za-z]{1,8}(?:路|街|巷|大道|胡同|弄|里|小区|花园|公寓|大厦|苑|村|社区)` +
    `[\\u4e00-\\u9fa5A-Za-z]{0,4}?[\\d一二三四五六七八九十百零〇-]+${ADDRESS_UNIT}` +
    `(?:[\\dA-Za-z一二三四五六七八九十-]+${ADDRESS_UNIT})*`,
  'g',
);

// English addresses as foreigners and translations write them: Room 1203, 88 Binjiang Road.
const EN_STREET = '(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Alley)\\b\\.?';
const EN_ADDRESS = new RegExp(
  `(?:(?:Room|Rm\\.?|Flat|Apt\\.?|Apartment|Unit|Building|Bldg\\.?)\\s*[\\dA-Z-]+,?\\s*)*\\d+[A-Za-z]?,?\\s+(?:[A-Z][a-z]+\\s){1,3}${EN_STREET}`,
  'g',
);
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

function findEmails(text: string): PiiSpan[] {
  return [...text.matchAll(EMAIL)].map((m) => ({
    kind: 'email' as const,
    start: m.index,
    end: m.index + m[0].length,
    value: m[0],
  }));
}

function findAddresses(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(EN_ADDRESS))
    out.push({ kind: 'address', start: m.index, end: m.index + m[0].length, value: m[0] });
  for (const m of text.matchAll(ADDRESS_CUE)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from, from + 40);
    const stop = rest.search(/[，。；;,！!？?\n（(、]|\s{2}|的(?!\d)|电话|手机|联系/);
    const value = stop === -1 ? rest : rest.slice(0, stop);
    // 地址和请求、住址、电话: a list of field names, not an address.
    if (value.length >= 3 && !/^[和及与或等、]/.test(value))
      out.push({ kind: 'address', start: from, end: from + value.length, value });
  }
  const cued = out.slice();
  for (const m of text.matchAll(ADDRESS_PATTERN)) {
    // A cue (家住, 地址：) already bounds the address better than the pattern's greedy start.
    if (cued.some((c) => m.index < c.end && m.index + m[0].length > c.start)) continue;
    out.push({ kind: 'address', start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return out;
}

// A value found once (after a cue such as 我叫 or 家住) is personal wherever it recurs: a signature, a title.
function recurrences(text: string, found: PiiSpan[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const v of new Set(found.map((s) => `${s.kind}\u0000${s.value}`))) {
    const [kind, value] = v.split('\u0000') as [PiiKind, string];
    if (value.length < 2) continue;
    for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + value.length)) {
      if (!found.some((s) => i < s.end && i + value.length > s.start))
        out.push({ kind, start: i, end: i + value.length, value });
    }
  }
  return out;
}

/** A value known to be personal (the registered petitioner's name or address), as its kind. */
export interface KnownValue {
  kind: PiiKind;
  value: string;
}

function findKnown(text: string, known: KnownValue[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const { kind, value: raw } of known) {
    const value = raw.trim();
    if (value.length < 2) continue;
    for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + value.length)) {
      out.push({ kind, start: i, end: i + value.length, value });
    }
  }
  return out;
}

// Full-width forms (１３８…, －, ＠) and the ideographic space, one UTF-16 unit each, so offsets stay the original's.
function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Every personal-data span in the text, non-overlapping, in order (longer spans win overlaps).
 * `knownNames` (e.g. the registered petitioner's name) are found wherever they occur, cue or not.
 * A number typed in full-width digits is the same number: spans are found on the half-width form and
 * carry the value as written.
 */
export function findPii(original: string, knownNames: string[] = [], knownValues: KnownValue[] = []): PiiSpan[] {
  const text = halfWidth(original);
  const known = [...knownNames.map((value) => ({ kind: 'name' as const, value })), ...knownValues].map((k) => ({
    ...k,
    value: halfWidth(k.value),
  }));
  return findPiiHalfWidth(text, known).map((s) => ({ ...s, value: original.slice(s.start, s.end) }));
}

function findPiiHalfWidth(text: string, known: KnownValue[]): PiiSpan[] {
  const direct = [
    ...findEmails(text),
    ...findNumbers(text),
    ...findNames(text),
    ...findAddresses(text),
    ...findKnown(text, known),
  ];
  const all = [...direct, ...recurrences(text, direct)];
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: PiiSpan[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      // Overlap: keep the union under the kind of the longer span, so no digit escapes.
      if (s.end > last.end) {
        const keepKind = s.end - s.start > last.end - last.start ? s.kind : last.kind;
        out[out.length - 1] = { kind: keepKind, start: last.start, end: s.end, value: text.slice(last.start, s.end) };
      }
      continue;
    }
    out.push(s);
  }
  return out;
}

/** Replaces each personal-data span with a numbered placeholder such as [手机号1]; equal values share one. */
export function maskPii(text: string, knownNames: string[] = []): MaskResult {
  return maskSpans(text, findPii(text, knownNames));
}

/** Masks the given spans (sorted, non-overlapping), e.g. findPii's result minus spans a caller must keep. */
export function maskSpans(text: string, spans: PiiSpan[]): MaskResult {
  const placeholders = new Map<string, string>();
  const byValue = new Map<string, string>();
  const counters = new Map<PiiKind, number>();
  let out = '';
  let at = 0;
  for (const s of spans) {
    let ph = byValue.get(`${s.kind}:${s.value}`);
    if (!ph) {
      const n = (counters.get(s.kind) ?? 0) + 1;
      counters.set(s.kind, n);
      ph = `[${PII_LABELS[s.kind]}${n}]`;
      byValue.set(`${s.kind}:${s.value}`, ph);
      placeholders.set(ph, s.value);
    }
    out += text.slice(at, s.start) + ph;
    at = s.end;
  }
  out += text.slice(at);
  return { text: out, spans, placeholders };
}

/** True when text contains a placeholder produced by maskPii. */
export function hasPlaceholder(text: string): boolean {
  return /\[(?:姓名|身份证号|手机号|电话|地址|银行卡号|邮箱)\d+\]/.test(text);
}
