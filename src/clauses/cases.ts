import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimilarCase } from './types.ts';
import { Bm25Index, topK } from './bm25.ts';
import { createTokenizer, type Tokenizer } from './tokenize.ts';

/** One typical court case of corpus/cases. */
export interface CaseDoc {
  id: string;
  title: string;
  category: string;
  /** `##` section name → its paragraphs joined by newlines. */
  sections: Record<string, string>;
  holding: string;
}

/** Sections that state what the case decided, best first. */
const HOLDING_SECTIONS = [
  '裁判要旨',
  '裁判要点',
  '典型意义',
  '裁判结果',
  '处理结果',
  '法院裁判',
  '法官解读',
  '案例分析',
];
const INFO_END = '<!-- INFO END -->';

/** Parses one case file: `# title`, info block, then `##` sections. */
export function parseCase(md: string, id: string, category: string): CaseDoc {
  const lines = md.split(/\r?\n/);
  const title = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).trim();
  const sections: Record<string, string> = {};
  let current = '';
  let body = false;
  for (const line of lines) {
    if (line.trim() === INFO_END) {
      body = true;
      continue;
    }
    if (!body || line.startsWith('<!--')) continue;
    const h = /^##\s*(.*)$/.exec(line);
    if (h) {
      current = h[1].replace(/[\s\u3000]+/g, '');
      sections[current] ??= '';
      continue;
    }
    if (current && line.trim()) sections[current] += (sections[current] ? '\n' : '') + line.trim();
  }
  const key = HOLDING_SECTIONS.find((s) => sections[s]);
  return { id, title, category, sections, holding: key ? sections[key] : '' };
}

export interface CaseIndex {
  cases: CaseDoc[];
  similarCases(text: string, k?: number): SimilarCase[];
  /** Same as similarCases (the analyzer's name for it). */
  similar(text: string, k?: number): SimilarCase[];
}

/** Indexes the cases listed in `<dir>/manifest.json` (title weighted ×3) for `similarCases`. */
export function createCaseIndex(dir: string, opts: { tokenizer?: Tokenizer } = {}): CaseIndex {
  const tokenize = opts.tokenizer ?? createTokenizer();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { file: string; category: string }[];
  const cases = manifest.map((m) =>
    parseCase(readFileSync(join(dir, m.file), 'utf8'), m.file.replace(/\.md$/, ''), m.category),
  );
  const docs = cases.map((c) => [
    ...tokenize(c.title).map((t) => [t, 3] as [string, number]),
    ...tokenize(
      Object.entries(c.sections)
        .map(([k, v]) => `${k}\n${v}`)
        .join('\n'),
    ).map((t) => [t, 1] as [string, number]),
  ]);
  const index = Bm25Index.fromDocs(docs);
  function similarCases(text: string, k = 3): SimilarCase[] {
    const q = new Map<string, number>();
    for (const t of tokenize(text)) q.set(t, 1);
    const scores = new Float32Array(cases.length);
    index.scoreInto(q, scores);
    return topK(scores, k).map((i) => {
      const c = cases[i];
      return {
        id: c.id,
        title: c.title,
        category: c.category,
        holding: c.holding,
        score: Number(scores[i].toFixed(4)),
      };
    });
  }
  return { cases, similarCases, similar: similarCases };
}
