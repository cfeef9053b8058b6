import type { RiskSignal } from '../triage/types.ts';

/** The kinds of named place or body that make two petitions "the same matter". */
export type MatterKind = 'employer' | 'estate' | 'village' | 'school';

export interface MatterEntity {
  kind: MatterKind;
  /** The name as written, suffix included: 宏达建筑公司, 阳光花园小区, 李家村, 实验小学. */
  name: string;
  /** The name up to its first suffix, so 阳光花园小区 ~ 阳光花园 and 宏达公司工地 ~ 宏达公司. */
  key: string;
}

// Suffixes may chain (阳光花园小区, 宏达公司工地): the last one decides the kind. Longest suffixes first so that 有限公司 wins over 公司 and 花园小区 keeps its 花园.
const SUFFIXES: [MatterKind, string[]][] = [
  [
    'employer',
    [
      '有限责任公司',
      '股份有限公司',
      '有限公司',
      '集团',
      '公司',
      '工厂',
      '工地',
      '项目部',
      '厂',
      '超市',
      '商场',
      '酒店',
    ],
  ],
  ['estate', ['小区', '花园', '家园', '公寓', '大厦', '楼盘', '苑']],
  ['village', ['社区', '村']],
  ['school', ['幼儿园', '小学', '中学', '初中', '高中', '大学', '学院', '学校']],
];
const KIND_OF = new Map(SUFFIXES.flatMap(([kind, list]) => list.map((s) => [s, kind] as const)));
const SUFFIX_RE = SUFFIXES.flatMap(([, l]) => l)
  .sort((a, b) => b.length - a.length)
  .join('|');
// Up to 8 name characters before a suffix; 村 followed by 民/委/里 is "villagers", "committee", not a name.
const ENTITY_RE = new RegExp(`([\\u4e00-\\u9fa5A-Za-z0-9]{1,8}?)((?:${SUFFIX_RE})+)(?![民委])`, 'g');
// Words that end the text before a name: the name starts after the last of them.
const BOUNDARY =
  /我们|我|你们|他们|大家|是|在|的|了|被|向|给|对|与|及|从|住在|家住|位于|反映|投诉|举报|关于|拖欠|欠|把|将|让|该|这个|那个|这家|那家|一家|一个|到|去|以来|一直|已经|今年|去年|至今|目前|现在|多次|长期|就读于|就读|上学|工作|打工|务工|上班|所在|附近|旁边|请求|要求|希望|举报|业主|员工|工人|家长|村民/g;
// Stems that name a kind of business rather than one: 某建筑公司, 该物业公司, 我们村.
const GENERIC_STEM =
  /^(某|该|本|这|那|此|各|每|全|其|一|两|几|多|大|小|新|老|农|城|乡|镇|县|市|省)*(建筑|物业|开发|房地产|地产|装修|劳务|科技|贸易|保安|家政|外包|工程|建设|施工|运输|快递|网络|电子|服装|食品|化工|中|小|大)*$/;

function stemOf(raw: string): string {
  let start = 0;
  for (const m of raw.matchAll(BOUNDARY)) start = m.index + m[0].length;
  return raw.slice(start);
}

/** Named employers, estates, villages and schools in a petition (a small rule-based extractor, not NER). */
export function extractEntities(text: string): MatterEntity[] {
  const found = new Map<string, MatterEntity>();
  for (const m of text.matchAll(ENTITY_RE)) {
    const stem = stemOf(m[1]);
    if ([...stem].length < 2 || GENERIC_STEM.test(stem)) continue;
    const last = [...KIND_OF.keys()].filter((k) => m[2].endsWith(k)).sort((a, b) => b.length - a.length)[0];
    const kind = KIND_OF.get(last)!;
    const name = stem + m[2];
    const first = [...KIND_OF.keys()].filter((k) => m[2].startsWith(k)).sort((a, b) => b.length - a.length)[0];
    found.set(`${kind}:${name}`, { kind, name, key: stem + first });
  }
  return [...found.values()];
}

/** Two names of the same kind denote one body when equal, or when one ends with the other's distinctive name. */
export function sameEntity(a: MatterEntity, b: MatterEntity): boolean {
  if (a.kind !== b.kind) return false;
  if (a.key === b.key) return true;
  const [short, long] = a.key.length <= b.key.length ? [a.key, b.key] : [b.key, a.key];
  // Extraction may keep a leading word ("以后宏达建筑公司"); a 3-character stem is distinctive enough to match on.
  return short.length >= 5 && long.endsWith(short);
}

/** A set of character bigrams: each pair packed exactly into one 32-bit number, sorted ascending, distinct. */
export type Grams = Uint32Array;

/**
 * The distinct bigrams of a text's Chinese characters, letters and digits (punctuation and spaces dropped; all
 * of them are in the BMP, so two fit in 32 bits). Sorted numbers make jaccard a linear merge: registration
 * compares a new petition with every one of the week.
 */
export function bigrams(text: string): Grams {
  const kept = text.replace(/[^\u4e00-\u9fa5A-Za-z0-9]/g, '');
  const all = new Uint32Array(Math.max(0, kept.length - 1));
  for (let i = 0; i + 1 < kept.length; i++) all[i] = ((kept.charCodeAt(i) << 16) | kept.charCodeAt(i + 1)) >>> 0;
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.slice(0, n);
}

/** Jaccard similarity of two bigram sets: 1 for the same wording, near 0 for unrelated texts. */
export function jaccard(a: Grams, b: Grams): number {
  return jaccardAtLeast(a, b, 0);
}

/**
 * Jaccard similarity when it is at least `min`, else 0 — exact either way. Reaching `min` needs
 * shared ≥ min·(|a|+|b|)/(1+min); the merge stops as soon as the bigrams left cannot supply that,
 * which for unrelated texts (most pairs in a week's window) is after a small part of the shorter set.
 */
export function jaccardAtLeast(a: Grams, b: Grams, min: number): number {
  if (a.length === 0 || b.length === 0) return 0;
  // The small slack keeps a pair exactly at the bound from being cut by rounding.
  const needed = (min * (a.length + b.length)) / (1 + min) - 1e-9;
  // At most the smaller set is shared: a pair too unequal in size is refused without a merge.
  if (Math.min(a.length, b.length) < needed) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) shared++, i++, j++;
    else {
      if (a[i] < b[j]) i++;
      else j++;
      if (shared + Math.min(a.length - i, b.length - j) < needed) return 0;
    }
  }
  const similarity = shared / (a.length + b.length - shared);
  return similarity >= min ? similarity : 0;
}

// Many people acting together: 我们, 全体, 几十名工人, 30多户 …
const GROUP_WORDS =
  /我们|大家|全体|集体|一起|联名|组织|村民们?|业主们|工人们|家长们|[0-9一二三四五六七八九十百几数多]+[名个位户家](?:工人|村民|业主|家长|职工|员工|人)?|上百|成百|数十|几十|众多/;
/** Weight below which a gathering signal is reported or negated, not announced (see triage/risk-rules.ts). */
const ANNOUNCED_WEIGHT = 0.3;

/** A petition announcing a group action: an announced gathering signal, and words for many people acting together. */
export function announcesGroupAction(text: string, signals: RiskSignal[]): boolean {
  return signals.some((s) => s.code === 'gathering' && s.weight >= ANNOUNCED_WEIGHT) && GROUP_WORDS.test(text);
}
