import type { Article, Law } from './types.ts';
import { chineseToInt } from './numerals.ts';

const N = '[零〇一二三四五六七八九十百千]';
/**
 * An article starts a line: `第X条 ` (ASCII space), optionally `第X条之Y `. Source typos are accepted too:
 * `第X 条` with the space before 条 (刑事诉讼法 Art. 128) and 笫 for 第 (农民专业合作社法).
 */
const ARTICLE_RE = new RegExp(`^[第笫](${N}+)(?:( )条(?:之(${N}+))?|条(?:之(${N}+))? )`);
const HEADING_RE = /^(#{1,6})(?:[ \t\u3000\u2002]+(.*))?$/;
const DIVISION_RE = new RegExp(`^(第${N}+(?:分编|编|章|节))\\s*(.*)$`);
const INFO_END = '<!-- INFO END -->';

export interface ParseOptions {
  lawId: string;
  status?: string;
  level?: string;
}

/** Normalises a heading: one ASCII space after 第X章/节/编, no spaces inside the name (`监  护` → `监护`). */
export function normaliseHeading(raw: string): string {
  const s = raw.trim();
  const m = DIVISION_RE.exec(s);
  if (!m) return s.replace(/\s+/g, '');
  const name = m[2].replace(/\s+/g, '');
  return name ? `${m[1]} ${name}` : m[1];
}

interface Draft {
  article: string;
  number: number;
  chapter: string;
  lines: string[];
}

/** Parses one LawRefBook Markdown file (any number of `#` parts, each with its own info block) into a Law. */
export function parseLaw(md: string, opts: ParseOptions): Law {
  const status = opts.status ?? 'unknown';
  const lines = md.split(/\r?\n/);
  let title = '';
  let inInfo = false;
  const stack: { level: number; name: string }[] = [];
  const drafts: Draft[] = [];
  let current: Draft | undefined;

  for (const line of lines) {
    const h = HEADING_RE.exec(line);
    if (h) {
      current = undefined; // any heading ends the article before it
      const level = h[1].length;
      const text = (h[2] ?? '').trim();
      if (level === 1) {
        inInfo = true;
        if (!title) title = text;
        else if (text !== title) {
          // A joined part (民法典 物权编 …) restarts the heading path.
          stack.length = 0;
          stack.push({ level: 1, name: text });
        }
        continue;
      }
      if (!text || inInfo) continue;
      while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
      stack.push({ level, name: normaliseHeading(text) });
      continue;
    }
    if (line.trim() === INFO_END) {
      inInfo = false;
      continue;
    }
    if (inInfo || line.startsWith('<!--')) continue;
    const m = ARTICLE_RE.exec(line);
    if (m) {
      const base = m[1];
      const sub = m[3] ?? m[4];
      const heading = `第${base}条${sub ? `之${sub}` : ''}`;
      current = {
        article: heading,
        number: chineseToInt(base),
        chapter: stack.map((s) => s.name).join(' '),
        lines: [line.slice(m[0].length).trim()],
      };
      drafts.push(current);
      continue;
    }
    if (current && line.trim()) current.lines.push(line.trim());
  }

  const articles: Article[] = drafts.map((d) => ({
    law: title,
    lawId: opts.lawId,
    article: d.article,
    number: d.number,
    chapter: d.chapter,
    text: d.lines.filter(Boolean).join('\n'),
    status,
  }));
  return { id: opts.lawId, title, level: opts.level, status, articles };
}
