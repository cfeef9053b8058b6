import { z } from 'zod';
import { letterFiles, linesOf } from '../judged-letters.ts';
import {
  addTally,
  emptyTally,
  judgedMetrics,
  loadJudgements,
  tallyLetter,
  type JudgedTally,
  type LetterJudgements,
  type SystemOutput,
} from '../metrics/judged.ts';
import type { CaseResult, Check, TaskSpec } from '../types.ts';

/**
 * Issue 16: articles and drafts on real petition letters (teddy-fj4-open.jsonl, teddy-fj2-open.jsonl) and on letters
 * by independent writers (the blind part since round 18), scored against a legal-officer judge's 0/1/2 judgements
 * (eval/judged/judgements, ids and article keys only). The rows hold ids only; the letters' text is read at run time
 * (eval/judged-letters.ts). Dev letters are one case each; the blind letters are ONE case whose check keeps only the
 * aggregate tally, so no per-letter blind result is ever stored or shown.
 */
const RowSchema = z.union([
  z.object({ id: z.string(), split: z.literal('dev') }),
  z.object({ id: z.string(), split: z.literal('blind'), ids: z.array(z.string()).min(1) }),
]);
type Row = z.infer<typeof RowSchema>;

const JUDGEMENTS = new URL('../judged/judgements', import.meta.url).pathname;
let letters: Map<string, { title: string; text: string }> | undefined;
function letter(id: string) {
  letters ??= new Map(
    letterFiles()
      .flatMap(linesOf)
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; title?: string; text: string })
      .map((r) => [r.id, { title: (r.title ?? '').slice(0, 200), text: r.text.slice(0, 20_000) }]),
  );
  const l = letters.get(id);
  if (!l) throw new Error(`judged letter ${id} is not in ${letterFiles().join(', ')}`);
  return l;
}
let judgements: Map<string, LetterJudgements> | undefined;
const judged = () => (judgements ??= loadJudgements(JUDGEMENTS));

const Key = z.looseObject({ law: z.string(), article: z.string() });
const AnalyzePart = z.looseObject({ clauses: z.array(Key), abstained: z.boolean().optional() });
const DraftPart = z.looseObject({ citations: z.array(Key) });

function outputOf(a: unknown, d: unknown): SystemOutput {
  const an = AnalyzePart.parse(a);
  const dr = DraftPart.parse(d);
  const ranked = an.clauses.map((c) => ({ law: c.law, article: c.article }));
  return {
    ranked,
    abstained: an.abstained ?? ranked.length === 0,
    draft: dr.citations.filter((c) => !/信访/.test(c.law)).map((c) => ({ law: c.law, article: c.article })),
  };
}

function calls(id: string, suffix = '') {
  const l = letter(id);
  const body = { text: l.text.trim() || l.title, ...(l.title.trim() ? { title: l.title } : {}) };
  return [
    { name: `analyze${suffix}`, endpoint: '/v1/analyze' as const, body: { ...body, k: 5 }, schema: AnalyzePart },
    { name: `draft${suffix}`, endpoint: '/v1/draft' as const, body, schema: DraftPart },
  ];
}

const tallyCheck = (split: string, t: JudgedTally): Check => ({ name: `tally_${split}`, pass: null, actual: t });

export const clausesJudgedTask: TaskSpec<Row> = {
  name: 'clauses-judged',
  headline: ['dev.draft_precision', 'dev.top1_correct_answered', 'dev.ndcg@5'],
  rowSchema: RowSchema,
  toCase: (row) =>
    row.split === 'dev'
      ? { id: row.id, calls: calls(row.id), expected: { split: 'dev' } }
      : {
          id: row.id,
          calls: row.ids.flatMap((id, i) => calls(id, `:${i}`)),
          expected: { split: 'blind', letters: row.ids.length },
          hidden: { ids: row.ids },
        },
  check: (c, out): Check[] => {
    const t = emptyTally();
    if (c.expected.split === 'dev') {
      if (out) tallyLetter(t, judged().get(c.id), outputOf(out.analyze, out.draft));
      else tallyLetter(t, judged().get(c.id), { ranked: [], abstained: true, draft: [] });
      return [tallyCheck('dev', t)];
    }
    const ids = (c.hidden?.ids as string[]) ?? [];
    ids.forEach((id, i) => {
      const o = out ? outputOf(out[`analyze:${i}`], out[`draft:${i}`]) : { ranked: [], abstained: true, draft: [] };
      tallyLetter(t, judged().get(id), o);
    });
    return [tallyCheck('blind', t)];
  },
  // Dev: the article keys only; blind: nothing per letter.
  keep: (out) =>
    'analyze' in out
      ? {
          analyze: {
            clauses: AnalyzePart.parse(out.analyze).clauses.map(({ law, article }) => ({ law, article })),
            abstained: AnalyzePart.parse(out.analyze).abstained,
          },
          draft: { citations: DraftPart.parse(out.draft).citations },
        }
      : {},
  summarize: (cases: CaseResult[]) => {
    const sum = (split: string) =>
      cases
        .flatMap((c) => c.checks.filter((k) => k.name === `tally_${split}`))
        .reduce((a, k) => addTally(a, k.actual as JudgedTally), emptyTally());
    const prefix = (p: string, m: Record<string, number | null>) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [`${p}.${k}`, v]));
    return {
      metrics: { ...prefix('dev', judgedMetrics(sum('dev'))), ...prefix('blind', judgedMetrics(sum('blind'))) },
      confusions: {},
    };
  },
};
