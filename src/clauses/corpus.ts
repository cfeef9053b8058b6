import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Article, Corpus, Law } from './types.ts';
import { parseLaw } from './parse.ts';
import { chineseToInt } from './numerals.ts';

export const REPEALED = '已废止';
const PRC = '中华人民共和国';

interface ManifestEntry {
  file: string;
  title: string;
  level?: string;
  status?: string;
  articles?: number;
}

export interface LoadOptions {
  /** Keep instruments whose manifest status is 已废止 (left out by default). */
  includeRepealed?: boolean;
}

/** Strips 《》, whitespace and the 中华人民共和国 prefix so that cited titles match file titles. */
export function normaliseTitle(title: string): string {
  let t = title.replace(/[《》\s]/g, '');
  if (t.startsWith(PRC)) t = t.slice(PRC.length);
  return t;
}

function walk(dir: string, root: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      // cases/ holds court cases, not statutes.
      if (!(dir === root && e.name === 'cases')) walk(p, root, out);
    } else if (e.name.endsWith('.md') && e.name !== '_index.md' && e.name !== 'README.md') {
      out.push(p);
    }
  }
}

/** The `(YYYY-MM-DD)` version date in a LawRefBook file name, '' when absent. */
const versionOf = (lawId: string) => /\((\d{4}-\d{2}-\d{2})\)$/.exec(lawId)?.[1] ?? '';

/** Loads every instrument under `dir` (LawRefBook Markdown; manifest.json when present). */
export function loadCorpus(dir: string, opts: LoadOptions = {}): Corpus {
  const manifestPath = join(dir, 'manifest.json');
  let entries: ManifestEntry[];
  if (existsSync(manifestPath)) {
    entries = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
  } else {
    const files: string[] = [];
    walk(dir, dir, files);
    entries = files.sort().map((f) => ({ file: relative(dir, f), title: '' }));
  }
  const laws: Law[] = [];
  for (const e of entries) {
    if (e.status === REPEALED && !opts.includeRepealed) continue;
    const lawId = e.file.replace(/\.md$/, '');
    const law = parseLaw(readFileSync(join(dir, e.file), 'utf8'), { lawId, status: e.status, level: e.level });
    if (!law.title) law.title = e.title;
    laws.push(law);
  }
  return buildCorpus(laws);
}

/** Wraps parsed laws with the lookups of Corpus. */
export function buildCorpus(laws: Law[]): Corpus {
  const byId = new Map<string, Law>();
  const byTitle = new Map<string, Law[]>();
  // Newest version wins a shared title; current texts win over repealed or revised ones.
  const rank = (l: Law) => `${l.status === '现行有效' || l.status === 'unknown' ? 1 : 0}${versionOf(l.id)}`;
  for (const law of laws) {
    byId.set(law.id, law);
    const key = normaliseTitle(law.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), law]);
  }
  for (const list of byTitle.values()) list.sort((a, b) => (rank(b) > rank(a) ? 1 : rank(b) < rank(a) ? -1 : 0));
  const articles: Article[] = laws.flatMap((l) => l.articles);
  const candidates = (lawOrTitle: string): Law[] => {
    const l = byId.get(lawOrTitle);
    return l ? [l] : (byTitle.get(normaliseTitle(lawOrTitle)) ?? []);
  };
  const findLaw = (lawOrTitle: string) => candidates(lawOrTitle)[0];
  const getArticle = (law: string, numberOrHeading: number | string) => {
    const h = typeof numberOrHeading === 'string' ? numberOrHeading.trim() : '';
    const n =
      typeof numberOrHeading === 'number'
        ? numberOrHeading
        : /^\d+$/.test(h)
          ? Number(h)
          : chineseToInt(h.replace(/^第|条$/g, ''));
    // A title can span several files (the 民法典 parts in LawRefBook, or versions): the best-ranked file that has the article wins.
    for (const l of candidates(law)) {
      const hit =
        (h && l.articles.find((a) => a.article === h)) ||
        l.articles.find((a) => a.number === n && !a.article.includes('之'));
      if (hit) return hit;
    }
    return undefined;
  };
  return { laws, articles, findLaw, getArticle };
}
