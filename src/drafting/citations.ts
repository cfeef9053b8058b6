import type { Corpus } from '../clauses/types.ts';
import { normaliseTitle } from '../clauses/corpus.ts';
import { chineseToInt, intToChinese } from '../clauses/numerals.ts';
import type { Citation } from './types.ts';

/** One citation as written in a text: the law, the article heading, and where it sits. */
export interface CitationSpan extends Citation {
  start: number;
  end: number;
  raw: string;
}

/** One law mention with the article items that follow it (《劳动合同法》第三十条、第八十五条). */
interface CitationGroup {
  lawRaw: string;
  start: number;
  end: number;
  items: { article: string; raw: string }[];
}

const NUM = '[零〇一二三四五六七八九十百千两\\d]+';
const ITEM = `第${NUM}条(?:之[一二三四五六七八九十]+)?(?:第${NUM}款)?(?:第${NUM}项)?(?:[（(][一二三四五六七八九十]+[）)])?`;
const ITEM_RE = new RegExp(ITEM, 'y');
const SEP_RE = /(?:、|，|,|和|及|以及|与|或者|或|至)(?=第)/y;

/** 第30条 / 第三十条 / 第一百二十条之一 → the heading as written in the corpus. */
export function canonicalHeading(item: string): string | undefined {
  const m = /^第([零〇一二三四五六七八九十百千两\d]+)条(之[一二三四五六七八九十]+)?/.exec(item);
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : chineseToInt(m[1]);
  if (!Number.isInteger(n) || n <= 0 || n > 9999) return undefined;
  return `第${intToChinese(n)}条${m[2] ?? ''}`;
}

function readItems(text: string, at: number): { items: CitationGroup['items']; end: number } {
  const items: CitationGroup['items'] = [];
  let pos = at;
  // Allow 的 or a space between the title and the first article: 《劳动法》的第五十条.
  const lead = /\s*(?:的)?\s*/y;
  lead.lastIndex = pos;
  if (lead.exec(text)) pos = lead.lastIndex;
  for (;;) {
    ITEM_RE.lastIndex = pos;
    const m = ITEM_RE.exec(text);
    if (!m) break;
    const article = canonicalHeading(m[0]);
    if (article) items.push({ article, raw: m[0] });
    pos = ITEM_RE.lastIndex;
    SEP_RE.lastIndex = pos;
    const sep = SEP_RE.exec(text);
    if (!sep) break;
    pos = SEP_RE.lastIndex;
  }
  if (!items.length) return { items, end: at };
  // Do not swallow a trailing separator that introduced nothing.
  const last = items[items.length - 1].raw;
  return { items, end: text.lastIndexOf(last, pos) + last.length };
}

const PATTERNS = new WeakMap<object, Map<string, RegExp | undefined>>();
const NO_CORPUS = {};

// Building the alternation of 60+ titles costs more than a whole draft: cache it per corpus and extra list.
function knownTitlePattern(corpus?: Corpus, extra: string[] = []): RegExp | undefined {
  const byExtra = PATTERNS.get(corpus ?? NO_CORPUS) ?? new Map<string, RegExp | undefined>();
  PATTERNS.set(corpus ?? NO_CORPUS, byExtra);
  const key = [...new Set(extra)].sort().join('|');
  if (!byExtra.has(key)) byExtra.set(key, buildTitlePattern(corpus, extra));
  return byExtra.get(key);
}

function buildTitlePattern(corpus?: Corpus, extra: string[] = []): RegExp | undefined {
  const titles = new Set<string>();
  for (const t of [...(corpus?.laws.map((l) => l.title) ?? []), ...extra]) {
    if (!t) continue;
    titles.add(t);
    titles.add(normaliseTitle(t));
  }
  const list = [...titles].filter((t) => t.length >= 2).sort((a, b) => b.length - a.length);
  if (!list.length) return undefined;
  return new RegExp(list.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

function findGroups(text: string, corpus?: Corpus, extraTitles: string[] = []): CitationGroup[] {
  const groups: CitationGroup[] = [];
  for (const m of text.matchAll(/《([^《》\n]{1,60})》/g)) {
    const r = readItems(text, m.index + m[0].length);
    if (r.items.length) groups.push({ lawRaw: m[1], start: m.index, end: r.end, items: r.items });
  }
  const known = knownTitlePattern(corpus, extraTitles);
  if (known) {
    for (const m of text.matchAll(known)) {
      if (groups.some((g) => m.index >= g.start && m.index < g.end)) continue;
      const r = readItems(text, m.index + m[0].length);
      if (r.items.length) groups.push({ lawRaw: m[0], start: m.index, end: r.end, items: r.items });
    }
  }
  return groups.sort((a, b) => a.start - b.start);
}

function lawTitle(lawRaw: string, corpus?: Corpus): string {
  return corpus?.findLaw(lawRaw)?.title ?? lawRaw.replace(/[《》]/g, '');
}

/** Every article citation in the text: 《law》第X条 (lists, 款/项 and Arabic numerals included) and known titles without 《》. */
export function parseCitations(text: string, corpus?: Corpus, extraTitles: string[] = []): CitationSpan[] {
  return findGroups(text, corpus, extraTitles).flatMap((g) =>
    g.items.map((it) => ({
      law: lawTitle(g.lawRaw, corpus),
      article: it.article,
      start: g.start,
      end: g.end,
      raw: text.slice(g.start, g.end),
    })),
  );
}

export const citationKey = (c: Citation) => `${normaliseTitle(c.law)}|${c.article}`;

export interface CitationCheck {
  text: string;
  citations: Citation[];
  removed: Citation[];
}

/**
 * Keeps only citations that exist in the corpus (when given) and are in the allowed set; a failing
 * item is cut from its list, and a mention left with no valid item becomes 有关规定.
 */
export function checkCitations(text: string, allowed: Citation[], corpus?: Corpus): CitationCheck {
  const allowedKeys = new Set(allowed.map(citationKey));
  const exists = (c: Citation) => !corpus || Boolean(corpus.getArticle(c.law, c.article));
  const groups = findGroups(
    text,
    corpus,
    allowed.map((a) => a.law),
  );
  const citations: Citation[] = [];
  const removed: Citation[] = [];
  let out = '';
  let at = 0;
  for (const g of groups) {
    if (g.start < at) continue;
    const law = lawTitle(g.lawRaw, corpus);
    const keep = g.items.filter((it) => {
      const c = { law, article: it.article };
      const ok = allowedKeys.has(citationKey(c)) && exists(c);
      (ok ? citations : removed).push(c);
      return ok;
    });
    const lawText = text.slice(g.start, g.start + g.lawRaw.length + (text[g.start] === '《' ? 2 : 0));
    const replacement =
      keep.length === g.items.length
        ? text.slice(g.start, g.end)
        : keep.length
          ? `${lawText}${keep.map((k) => k.raw).join('、')}`
          : '有关规定';
    out += text.slice(at, g.start) + replacement;
    at = g.end;
  }
  out += text.slice(at);
  return { text: out, citations: dedupe(citations), removed: dedupe(removed) };
}

/** Unique citations in first-seen order. */
export function dedupe<T extends Citation>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(citationKey(c)) ? false : (seen.add(citationKey(c)), true)));
}
