import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TASK_SPECS } from '../tasks/index.ts';
import type { CaseResult, Check, Report } from '../types.ts';
import type { TaskBoard } from './leaderboard.ts';

/** What one entry did on one case, in words a reader of the comparison needs. */
export interface Outcome {
  answer: string;
  correct: boolean | null;
  /** Why it is wrong (null when right or unscored): 误判为 X, 漏报, 误报, 调用失败 timeout … */
  errorType: string | null;
}

export interface DisagreementCase {
  id: string;
  gold: string;
  /** The input text when the data file is at hand, unchanged (same SHA-256) and not sensitive. */
  text: string | null;
  outcomes: Record<string, Outcome>;
}

export interface DisagreementGroup {
  gold: string;
  cases: DisagreementCase[];
  /** entry → error type → count, over this gold label's disagreeing cases. */
  errorTypes: Record<string, Record<string, number>>;
}

export interface Disagreements {
  suite: string;
  total: number;
  /** Why there are no texts: sensitive set, data missing or changed. */
  textNote: string | null;
  groups: DisagreementGroup[];
}

/** `/v1/analyze: http_500: body` → `http_500`; `…: timeout after 300 ms` → `timeout`. */
export function errorKind(error: string): string {
  const part = error.split(': ')[1] ?? error.split(': ')[0];
  return part.split(' ')[0];
}

const primaryCheck = (c: CaseResult): Check | undefined => c.checks.find((k) => k.pass !== null) ?? c.checks[0];

/** The gold label a case is grouped under; tasks without one (clauses, replies) share one group. */
export function goldOf(c: CaseResult): string {
  const k = primaryCheck(c);
  if (k?.name === 'risk_high') return k.expected === 1 ? '高风险 (1)' : '低风险 (0)';
  if (typeof k?.expected === 'string') return k.expected;
  return '—';
}

function answerOf(k: Check | undefined, c: CaseResult): string {
  if (c.error) return `调用失败 ${errorKind(c.error)}`;
  if (!k) return '—';
  const a = k.actual;
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object' && 'level' in a) return String((a as { level: unknown }).level);
  if (k.name === 'clause_rank') return typeof a === 'number' ? `第 ${a} 位命中` : '前 10 未命中';
  const failed = c.checks.filter((x) => x.pass === false).map((x) => x.name);
  return failed.length ? `未通过 ${failed.join('、')}` : '全部通过';
}

/** One entry's outcome on one case. */
export function outcomeOf(c: CaseResult): Outcome {
  const k = primaryCheck(c);
  const answer = answerOf(k, c);
  const correct = c.error ? false : c.pass;
  if (correct !== false) return { answer, correct, errorType: null };
  if (c.error) return { answer, correct, errorType: answer };
  if (k?.name === 'risk_high')
    return { answer, correct, errorType: k.expected === 1 ? `漏报（判为 ${answer}）` : `误报（判为 ${answer}）` };
  if (k && typeof k.expected === 'string' && k.pass === false)
    return { answer, correct, errorType: `误判为 ${answer}` };
  return { answer, correct, errorType: answer };
}

/**
 * The input texts of a report's cases, read from its data files at run time (never stored in a report),
 * only when each file is still there with the same SHA-256, and never for a sensitive task (self-harm).
 */
export function loadTexts(report: Report, root: string): { texts: Map<string, string> | null; note: string | null } {
  if (TASK_SPECS[report.meta.task]?.sensitive)
    return { texts: null, note: '敏感数据集（自伤风险）：不显示原文，只列编号与标签。' };
  // Held-out (blind) sets are the evaluators' own: their texts never reach a page.
  if (report.meta.data.some((d) => /(^|[\\/])blind[\\/]/.test(d.path)))
    return { texts: null, note: '盲测数据：不显示原文。' };
  const texts = new Map<string, string>();
  for (const d of report.meta.data) {
    const path = resolve(root, d.path);
    if (!existsSync(path)) return { texts: null, note: `数据文件 ${d.path} 不在本机，无法显示原文。` };
    const buf = readFileSync(path);
    if (createHash('sha256').update(buf).digest('hex') !== d.sha256)
      return { texts: null, note: `数据文件 ${d.path} 已变更（SHA-256 不符），不显示原文。` };
    for (const line of buf.toString('utf8').split(/\r?\n/)) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { id?: string; text?: string; question?: string; title?: string };
      const text = row.text ?? row.question;
      if (row.id !== undefined && text !== undefined)
        texts.set(String(row.id), row.title ? `【${row.title}】${text}` : text);
    }
  }
  return { texts, note: null };
}

/** Cases of a board where the entries' answers differ, grouped by gold label, with error types counted. */
export function findDisagreements(board: TaskBoard, root: string): Disagreements {
  const entries = board.standings.map((s) => s.entry);
  const byEntry = new Map(board.standings.map((s) => [s.entry, new Map(s.report.cases.map((c) => [c.id, c]))]));
  const { texts, note } = loadTexts(board.standings[0].report, root);
  const groups = new Map<string, DisagreementGroup>();
  let total = 0;
  for (const c of board.standings[0].report.cases) {
    if (!entries.every((e) => byEntry.get(e)!.has(c.id))) continue;
    const outcomes = Object.fromEntries(entries.map((e) => [e, outcomeOf(byEntry.get(e)!.get(c.id)!)]));
    const answers = new Set(Object.values(outcomes).map((o) => `${o.answer}|${o.correct}`));
    if (answers.size < 2) continue;
    total++;
    const gold = goldOf(c);
    const g: DisagreementGroup = groups.get(gold) ?? {
      gold,
      cases: [],
      errorTypes: Object.fromEntries(entries.map((e) => [e, {} as Record<string, number>])),
    };
    g.cases.push({ id: c.id, gold, text: texts?.get(c.id) ?? null, outcomes });
    for (const e of entries) {
      const t = outcomes[e].errorType;
      if (t) g.errorTypes[e][t] = (g.errorTypes[e][t] ?? 0) + 1;
    }
    groups.set(gold, g);
  }
  const sorted = [...groups.values()].sort((a, b) => b.cases.length - a.cases.length || a.gold.localeCompare(b.gold));
  return { suite: board.name, total, textNote: entries.length < 2 ? null : note, groups: sorted };
}
