import { z } from 'zod';
import { normaliseTitle } from '../clauses/corpus.ts';
import type { LawSearch } from '../clauses/law-search.ts';
import type { ClauseHit, Corpus } from '../clauses/types.ts';
import { canonicalHeading } from './citations.ts';
import type { LlmProvider } from './llm/provider.ts';
import { FallbackError, modelJson } from './llm-sections.ts';
import { asPromptData, renderPrompt } from './prompt.ts';

/**
 * Issue 16, first of the model's two steps: it names the statutes that govern the letter and the articles it would
 * cite. The corpus decides what exists: an unknown statute or article is dropped, and every article it names is
 * shown to it again, verbatim, in the second step (article-selection.ts), where it is scored like any candidate.
 * The offline candidates reach only the statutes a recognised matter governs; this reaches the rest of the corpus.
 */
const MAX_LAWS = 3;
const MAX_ARTICLES = 5;
/** Articles of the named statutes added by search, best first. */
export const SEARCHED = 8;

const AnswerSchema = z.object({
  laws: z.array(z.string()).max(10),
  articles: z.array(z.object({ law: z.string(), article: z.string() })).max(20),
});

export interface Proposal {
  /** Statutes named by the model that the corpus holds (ids). */
  lawIds: string[];
  /** Articles named by the model that the corpus holds, then the named statutes' best matches by search. */
  candidates: ClauseHit[];
  /** How many named statutes or articles the corpus does not hold (dropped). */
  unknown: number;
}

const idsOf = (corpus: Corpus, title: string) =>
  corpus.laws.filter((l) => normaliseTitle(l.title) === normaliseTitle(title)).map((l) => l.id);

export function proposalMessages(promptsDir: string, letter: string, corpus: Corpus) {
  // One name per statute: a corpus may hold several files (versions, parts) under one title.
  const laws = [...new Set(corpus.laws.map((l) => l.title))].join('、');
  return [
    { role: 'system' as const, content: renderPrompt(promptsDir, 'propose_system', {}) },
    { role: 'user' as const, content: renderPrompt(promptsDir, 'propose', { laws, petition: asPromptData(letter) }) },
  ];
}

/** Reads the model's answer against the corpus, or throws a FallbackError. */
export function parseProposal(text: string, corpus: Corpus, letter: string, search: LawSearch): Proposal {
  const parsed = AnswerSchema.safeParse(modelJson(text, 'proposal'));
  if (!parsed.success) throw new FallbackError('incomplete_proposal: laws and articles expected');
  let unknown = 0;
  const lawIds: string[] = [];
  for (const name of parsed.data.laws.slice(0, MAX_LAWS)) {
    const law = corpus.findLaw(name);
    if (!law) unknown++;
    // Every file under that title (a code split into parts), so the search sees the whole statute.
    else for (const id of idsOf(corpus, law.title)) if (!lawIds.includes(id)) lawIds.push(id);
  }
  const named: ClauseHit[] = [];
  for (const ref of parsed.data.articles.slice(0, MAX_ARTICLES)) {
    const heading = canonicalHeading(ref.article.replace(/\s/g, ''));
    const a = heading ? corpus.getArticle(ref.law, heading) : undefined;
    if (!a) {
      unknown++;
      continue;
    }
    named.push({ ...a, score: 1, reason: ['模型指出的条文'] });
    if (!lawIds.includes(a.lawId)) lawIds.push(a.lawId);
  }
  return { lawIds, candidates: [...named, ...search.search(letter, lawIds, SEARCHED)], unknown };
}

export async function proposeArticles(
  llm: LlmProvider,
  promptsDir: string,
  letter: string,
  corpus: Corpus,
  search: LawSearch,
  signal?: AbortSignal,
): Promise<Proposal> {
  const res = await llm.complete({
    messages: proposalMessages(promptsDir, letter, corpus),
    // Room for a reasoning model's <think> block before the JSON (modelJson drops it).
    maxTokens: 800,
    temperature: 0,
    ...(signal ? { signal } : {}),
  });
  return parseProposal(res.text, corpus, letter, search);
}
