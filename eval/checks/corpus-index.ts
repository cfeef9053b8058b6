import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleKey, parseArticleHeading } from './cn-number.ts';

/**
 * The normalised name of a statute: no 《》 or whitespace, no leading 中华人民共和国, no trailing edition in
 * brackets (治安管理处罚法（2012）). LawBench cites 民法典 and 中华人民共和国民法典 for the same law.
 */
export function normaliseLawTitle(title: string): string {
  return title
    .replace(/[《》〈〉\s\u3000]/gu, '')
    .replace(/^中华人民共和国/u, '')
    .replace(/[（(][^）)]*[）)]$/u, '');
}

/** What the harness knows about the corpus: which statutes are in force in it, and their article headings. */
export interface CorpusIndex {
  /** Normalised titles of the instruments counted as "in the corpus" (repealed ones are left out). */
  laws: Set<string>;
  hasLaw(title: string): boolean;
  /** True when the law is in the corpus and has that article (heading like 第三十九条 or a number). */
  hasArticle(title: string, heading: string | number): boolean;
}

const ARTICLE_LINE = /^第([零〇一二三四五六七八九十百千]+)(?:条(之[一二三四五六七八九十]+)?[ \u3000]| 条)/u;

interface ManifestEntry {
  file: string;
  title: string;
  status?: string;
}

/** Builds an index from article headings. */
export function createCorpusIndex(laws: { title: string; articles: string[] }[]): CorpusIndex {
  const articles = new Map<string, Set<string>>();
  for (const law of laws) {
    const keys = articles.get(normaliseLawTitle(law.title)) ?? new Set<string>();
    for (const a of law.articles) {
      const ref = parseArticleHeading(a);
      if (ref) keys.add(articleKey(ref));
    }
    articles.set(normaliseLawTitle(law.title), keys);
  }
  const hasLaw = (title: string) => articles.has(normaliseLawTitle(title));
  return {
    laws: new Set(articles.keys()),
    hasLaw,
    hasArticle(title, heading) {
      const keys = articles.get(normaliseLawTitle(title));
      if (!keys) return false;
      const ref = typeof heading === 'number' ? { number: heading, sub: 0 } : parseArticleHeading(heading);
      return ref !== undefined && keys.has(articleKey(ref));
    },
  };
}

/**
 * Reads a LawRefBook-format corpus folder (manifest.json + one Markdown file per instrument) on its own,
 * so the harness can judge any entry without our service's loader. Instruments marked 已废止 are left
 * out: citing a repealed regulation in a reply is an invalid citation.
 */
export function loadCorpusIndex(dir: string): CorpusIndex {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const present = new Set(readdirSync(dir));
  const laws = manifest
    .filter((m) => m.status !== '已废止' && present.has(m.file))
    .map((m) => ({
      title: m.title,
      articles: readFileSync(join(dir, m.file), 'utf8')
        .split(/\r?\n/)
        .map((line) => ARTICLE_LINE.exec(line))
        .filter((x): x is RegExpExecArray => x !== null)
        .map((x) => `第${x[1]}条${x[2] ?? ''}`),
    }));
  return createCorpusIndex(laws);
}
