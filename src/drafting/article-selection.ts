import { z } from 'zod';
import type { ClauseHit } from '../clauses/types.ts';
import type { LlmProvider } from './llm/provider.ts';
import { FallbackError, modelJson } from './llm-sections.ts';
import { asPromptData, renderPrompt } from './prompt.ts';
import { isProcedural } from './route-kinds.ts';

/**
 * Issue 16: when a model is configured, it reads the letter and the candidate articles (those it named itself in
 * article-proposal.ts, the matter-first ranking below the offline threshold too, the general recommender's best and
 * the named statutes' best matches) and scores each as a legal officer would (2 / 1 / 0); the draft quotes only those
 * it scores 2. The offline threshold decides otherwise. The cap keeps the prompt near 5,000 characters.
 */
export const MAX_CANDIDATES = 24;
/** A draft quotes at most this many of the substantive articles the model scored 2, in the order shown to it. */
export const MAX_SELECTED = 2;
/** Article text shown per candidate: enough for the rule, not the whole article. */
const ARTICLE_CHARS = 160;

const AnswerSchema = z.object({
  needs_statute: z.boolean(),
  scores: z.array(z.union([z.literal(0), z.literal(1), z.literal(2)])),
});

export interface Selection {
  needsStatute: boolean;
  /** Substantive candidates the model scored 2, at most MAX_SELECTED, in the order given. */
  chosen: ClauseHit[];
  /** The candidates sent (law and article) and the model's score for each, in the order given. */
  candidates: { law: string; article: string }[];
  scores: number[];
}

/** The two messages sent to the model: also used by the evaluation scripts to record the exact requests. */
export function selectionMessages(promptsDir: string, maskedText: string, candidates: ClauseHit[]) {
  const list = candidates
    .map((c, i) => `${i + 1}. 《${c.law}》${c.article}：${c.text.replace(/\s+/g, '').slice(0, ARTICLE_CHARS)}`)
    .join('\n');
  return [
    { role: 'system' as const, content: renderPrompt(promptsDir, 'select_system', {}) },
    {
      role: 'user' as const,
      content: renderPrompt(promptsDir, 'select', {
        count: String(candidates.length),
        candidates: list,
        petition: asPromptData(maskedText),
      }),
    },
  ];
}

/** Reads the model's answer (fences, prose and <think> tolerated) or throws a FallbackError. */
export function parseSelection(text: string, candidates: ClauseHit[]): Selection {
  const parsed = AnswerSchema.safeParse(modelJson(text, 'selection'));
  if (!parsed.success) throw new FallbackError('incomplete_selection: needs_statute and scores 0/1/2 expected');
  const { needs_statute, scores } = parsed.data;
  // A list of the wrong length cannot be matched to the candidates safely.
  if (scores.length !== candidates.length)
    throw new FallbackError(`incomplete_selection: ${scores.length} scores for ${candidates.length} candidates`);
  // Procedural articles it scored 2 are the template's business: they must not take a substantive article's place.
  // An article scored 2 is quoted even when the model also said the letter needs no statute: on the 360 judged
  // letters of round 15's blind sets (dev since round 16) the stand-in answered so for 12 letters, 10 of which need a
  // statute, and the judges scored 2 every one of the first two such articles in those 10.
  const chosen = candidates.filter((c, i) => scores[i] === 2 && !isProcedural(c.law)).slice(0, MAX_SELECTED);
  const sent = candidates.map((c) => ({ law: c.law, article: c.article }));
  return { needsStatute: needs_statute, chosen, candidates: sent, scores };
}

/** Asks the model to score the candidates; throws (FallbackError or the client's error) when it cannot. */
export async function selectArticles(
  llm: LlmProvider,
  promptsDir: string,
  maskedText: string,
  candidates: ClauseHit[],
  signal?: AbortSignal,
): Promise<Selection> {
  const list = candidates.slice(0, MAX_CANDIDATES);
  const res = await llm.complete({
    messages: selectionMessages(promptsDir, maskedText, list),
    // Room for a reasoning model's <think> block before the JSON (modelJson drops it).
    maxTokens: 800,
    temperature: 0,
    ...(signal ? { signal } : {}),
  });
  return parseSelection(res.text, list);
}
