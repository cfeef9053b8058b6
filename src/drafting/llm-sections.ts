import { APIConnectionTimeoutError, APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import type { DraftKind } from './types.ts';
import type { Outcome } from './route-kinds.ts';
import { isInstructionLike } from './requests.ts';

/** The two paragraphs a model may phrase; everything else in a document is assembled by code. */
export const SectionsSchema = z.object({
  summary: z.string().trim().min(4).max(600),
  explanation: z.string().trim().min(4).max(1500),
});
export type Sections = z.infer<typeof SectionsSchema>;

/** Why a model answer was not used; becomes DraftResult.fallbackReason. */
export class FallbackError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FallbackError';
  }
}

/**
 * The one JSON object in a model's answer (fences, surrounding prose and a reasoning model's <think> block
 * tolerated), or a FallbackError whose reason starts with `what` (answer, selection, proposal).
 */
export function modelJson(text: string, what: string): unknown {
  // Reasoning models (DeepSeek-R1, Qwen3) may put their thinking before the answer.
  const t = text.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
  if (!t) throw new FallbackError(`empty_${what}`);
  const start = t.indexOf('{');
  const end = t.lastIndexOf('}');
  if (start < 0 || end <= start) throw new FallbackError(`malformed_${what}: no JSON object`);
  try {
    return JSON.parse(t.slice(start, end + 1));
  } catch {
    throw new FallbackError(`malformed_${what}: invalid JSON`);
  }
}

/** Reads the model's JSON answer or throws a FallbackError. */
export function parseSections(text: string): Sections {
  const parsed = SectionsSchema.safeParse(modelJson(text, 'answer'));
  if (!parsed.success) {
    throw new FallbackError(
      `incomplete_answer: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`,
    );
  }
  return parsed.data;
}

const OUTCOME_PHRASES: [RegExp, Outcome | 'promise'][] = [
  [/不予支持|不支持/, '不予支持'],
  [/(?<!不)予以支持|全部支持|完全支持|fully supported|全力支持您的(?:请求|诉求)/i, '支持'],
  [/解释说明/, '解释说明'],
  [/保证|承诺|一定(?:会|能)?(?:解决|满足|赔偿|支付)/, 'promise'],
];

/**
 * Rejects model text that states another outcome than the decided one, promises what the law does not,
 * or carries instructions: the model phrases reasons, it never decides.
 */
export function validateSections(s: Sections, kind: DraftKind, outcome: Outcome | undefined): void {
  const text = `${s.summary}\n${s.explanation}`;
  for (const [re, what] of OUTCOME_PHRASES) {
    if (!re.test(text)) continue;
    if (what === 'promise') throw new FallbackError('rejected_answer: promise beyond the law');
    if (what === '解释说明' && kind !== 'opinion') continue;
    if (kind !== 'opinion' || what !== outcome) throw new FallbackError(`rejected_answer: states outcome ${what}`);
  }
  if (isInstructionLike(text)) throw new FallbackError('rejected_answer: instruction-like text');
}

/** A short, stable reason for a failed model call. */
export function failureReason(e: unknown): string {
  if (e instanceof FallbackError) return e.reason;
  if (e instanceof APIConnectionTimeoutError) return 'timeout';
  if (e instanceof APIUserAbortError || (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')))
    return 'deadline';
  if (e instanceof APIConnectionError) return 'connection_error';
  if (e instanceof APIError) return `http_${e.status ?? 'error'}`;
  return `llm_error: ${e instanceof Error ? e.message.slice(0, 120) : String(e)}`;
}
