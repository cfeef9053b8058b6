import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { asPromptData, renderPrompt } from '../../src/drafting/prompt.ts';
import { maskPii } from '../../src/text/pii.ts';
import type { CaseResult, Check, EvalCase, JudgeUsage } from '../types.ts';

const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** The rubric of prompts/reply-judge.md; each criterion is scored 1–5. */
export const CRITERIA = ['grounded', 'answers', 'citations', 'procedure', 'tone'] as const;

const Grade = z.coerce.number().int().min(1).max(5);
const VerdictSchema = z.object({
  grounded: Grade,
  answers: Grade,
  citations: Grade,
  procedure: Grade,
  tone: Grade,
  reason: z.string().optional(),
});

export interface JudgeOptions {
  /** An OpenAI-compatible base URL ending before /chat/completions (e.g. http://host:8000/v1). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Price per million prompt and completion tokens; the report's cost is null without it. */
  price?: { input: number; output: number };
  timeoutMs?: number;
}

export interface ReplyJudge {
  judge(c: EvalCase, reply: string, citations: unknown): Promise<Check[]>;
  usage(): JudgeUsage;
}

/** Takes the JSON object out of an answer, also when the model wraps it in a code fence or prose. */
export function parseVerdict(content: string) {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('no JSON object in the answer');
  const parsed = VerdictSchema.safeParse(JSON.parse(content.slice(start, end + 1)));
  if (!parsed.success)
    throw new Error(
      `answer does not fit the rubric: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

function promptFor(c: EvalCase, reply: string, citations: unknown): string {
  const body = c.calls[0]?.body as { text?: string; title?: string };
  // The petition leaves this machine for the judge's endpoint: personal data is masked first.
  const petition = maskPii(`${body.title ? `${body.title}\n` : ''}${body.text ?? ''}`).text;
  const cited = Array.isArray(citations)
    ? citations.map((x: { law?: string; article?: string }) => `《${x.law}》${x.article}`).join('、')
    : '';
  return renderPrompt(PROMPTS_DIR, 'reply-judge', {
    petition: asPromptData(petition),
    reply: asPromptData(reply),
    citations: cited || '（无）',
  });
}

/**
 * A model-graded check of replies through any OpenAI-compatible chat-completions endpoint. A grade is a
 * score, not a gate (pass stays null), so judged and unjudged runs pass the same cases; a failed call is
 * recorded on the case and counted, never retried silently.
 */
export function createReplyJudge(opts: JudgeOptions): ReplyJudge {
  const base = opts.baseUrl.replace(/\/$/, '');
  const u = { calls: 0, failures: 0, prompt_tokens: 0, completion_tokens: 0 };
  async function ask(prompt: string): Promise<string> {
    const res = await fetch(`${base}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: opts.model, temperature: 0, messages: [{ role: 'user', content: prompt }] }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
    const json = (await res.json().catch(() => null)) as {
      choices?: { message?: { content?: string } }[];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    } | null;
    u.prompt_tokens += json?.usage?.prompt_tokens ?? 0;
    u.completion_tokens += json?.usage?.completion_tokens ?? 0;
    if (!res.ok) throw new Error(`http_${res.status}`);
    const content = json?.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('no message content');
    return content;
  }
  return {
    async judge(c, reply, citations) {
      u.calls++;
      try {
        const v = parseVerdict(await ask(promptFor(c, reply, citations)));
        return CRITERIA.map((k) => ({
          name: `judge.${k}`,
          pass: null,
          score: v[k],
          reason: k === 'grounded' ? v.reason : undefined,
        }));
      } catch (err) {
        u.failures++;
        return [{ name: 'judge', pass: null, reason: `judge failed: ${(err as Error).message}` }];
      }
    },
    usage() {
      const cost = opts.price
        ? (u.prompt_tokens * opts.price.input + u.completion_tokens * opts.price.output) / 1e6
        : null;
      return { model: opts.model, base_url: base, ...u, cost: cost === null ? null : Math.round(cost * 1e6) / 1e6 };
    },
  };
}

/**
 * judge.<criterion>: mean grade 1–5 over judged replies; judge_score: the mean of all grades mapped to
 * 0–1 ((g − 1) / 4), so it sits on the same axis as the other headline metrics. Null when nothing was judged.
 */
export function judgeMetrics(cases: CaseResult[]): Record<string, number | null> {
  const m: Record<string, number | null> = {};
  const all: number[] = [];
  for (const k of CRITERIA) {
    const grades = cases.flatMap((c) =>
      c.checks.filter((x) => x.name === `judge.${k}` && typeof x.score === 'number').map((x) => x.score!),
    );
    if (grades.length === 0) return {};
    m[`judge.${k}`] = grades.reduce((a, b) => a + b, 0) / grades.length;
    all.push(...grades);
  }
  m.judge_score = all.reduce((a, b) => a + (b - 1) / 4, 0) / all.length;
  return m;
}
