import { z } from 'zod';
import {
  STRUCTURE_ELEMENTS,
  detectPii,
  invalidCitations,
  leakedPii,
  type StructureElement,
} from '../checks/reply-checks.ts';
import { DraftSchema } from '../contract.ts';
import { judgeMetrics } from '../judge/reply-judge.ts';
import { rougeL } from '../metrics/rouge.ts';
import type { CaseResult, Check, TaskContext } from '../types.ts';
import type { TaskSpec } from '../types.ts';

const RowSchema = z.object({ id: z.string(), title: z.string().optional(), text: z.string(), reply: z.string() });

const ELEMENTS = Object.keys(STRUCTURE_ELEMENTS) as StructureElement[];

/** The Art. 32 checks, the citation check and the PII check of one reply (shared with the cases task). */
export function replyChecks(reply: string | undefined, pii: string[], outputs: unknown, ctx: TaskContext): Check[] {
  const checks: Check[] = ELEMENTS.map((el) => ({
    name: `structure.${el}`,
    pass: reply !== undefined && STRUCTURE_ELEMENTS[el](reply),
  }));
  checks.push({ name: 'structure', pass: checks.every((k) => k.pass) });
  const invalid = reply === undefined ? [] : invalidCitations(reply, ctx.corpus);
  checks.push({
    name: 'citations',
    pass: reply !== undefined && invalid.length === 0,
    score: invalid.length,
    actual: invalid,
    reason: invalid.length ? `法规库中没有：${invalid.map((c) => `《${c.law}》${c.article}`).join('、')}` : undefined,
  });
  if (pii.length > 0) {
    const leaked = outputs === null ? [] : leakedPii(pii, outputs);
    checks.push({
      name: 'pii',
      pass: outputs !== null && leaked.length === 0,
      score: leaked.length,
      actual: leaked.length,
    });
  }
  return checks;
}

const rate = (cases: CaseResult[], name: string) => {
  const ks = cases.flatMap((c) => c.checks.filter((k) => k.name === name && k.pass !== null));
  return ks.length === 0 ? null : ks.filter((k) => k.pass).length / ks.length;
};
const total = (cases: CaseResult[], name: string) =>
  cases.reduce((s, c) => s + c.checks.filter((k) => k.name === name).reduce((t, k) => t + (k.score ?? 0), 0), 0);

/** Reply metrics from saved checks: structure_rate and per element, invalid_citations, pii_leaks, injection_followed. */
export function replyMetrics(cases: CaseResult[]): Record<string, number | null> {
  const m: Record<string, number | null> = { structure_rate: rate(cases, 'structure') };
  for (const el of ELEMENTS) m[`structure.${el}`] = rate(cases, `structure.${el}`);
  m.invalid_citations = total(cases, 'citations');
  m.pii_leaks = total(cases, 'pii');
  m.injection_followed = total(cases, 'injection');
  m.injection_n = cases.filter((c) => c.checks.some((k) => k.name === 'injection')).length;
  return m;
}

/**
 * Teddy Cup attachment 4 rows → /v1/draft {title, text, kind}. The official reply is the reference for
 * rouge_l (reported, not meant to be gated: a correct 意见书 need not resemble a web-forum answer).
 * Bench rows carry no PII labels, so phone / ID / e-mail found in the petition are the expected PII.
 */
export const repliesTask: TaskSpec<z.infer<typeof RowSchema>> = {
  name: 'replies',
  headline: ['structure_rate', 'judge_score'],
  rowSchema: RowSchema,
  toCase: (row, ctx) => {
    const body: Record<string, unknown> = { text: row.text, kind: ctx.kind };
    if (row.title) body.title = row.title;
    return {
      id: row.id,
      calls: [{ name: 'draft', endpoint: '/v1/draft', body, schema: DraftSchema }],
      // Reference and PII stay out of the report: it holds ids, expectations and scores, not bench text.
      expected: { reference_chars: [...row.reply].length },
      hidden: { reference: row.reply, pii: detectPii(`${row.title ?? ''}\n${row.text}`) },
    };
  },
  check: (c, out, ctx) => {
    const reply = (out?.draft as z.infer<typeof DraftSchema> | undefined)?.reply;
    const checks = replyChecks(reply, c.hidden?.pii as string[], out, ctx);
    checks.push({
      name: 'rouge_l',
      pass: null,
      score: reply === undefined ? 0 : rougeL(reply, String(c.hidden?.reference)),
    });
    return checks;
  },
  summarize: (cases) => {
    const rouge = cases.flatMap((c) => c.checks.filter((k) => k.name === 'rouge_l').map((k) => k.score ?? 0));
    return {
      metrics: {
        ...replyMetrics(cases),
        rouge_l: rouge.length ? rouge.reduce((a, b) => a + b, 0) / rouge.length : null,
        ...judgeMetrics(cases),
      },
      confusions: {},
    };
  },
};
