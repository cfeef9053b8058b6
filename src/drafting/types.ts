import type { ClauseHit, Route } from '../clauses/types.ts';
import type { EmotionResult } from '../triage/types.ts';

export const DRAFT_KINDS = ['acceptance', 'non_acceptance', 'forwarding', 'opinion', 'suggestion_reply', 'thanks'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

export interface DraftInput {
  text: string;
  title?: string;
  kind?: DraftKind;
  /** Only used where a template places the petitioner's name; never sent to a model. */
  petitionerName?: string;
  clauses: ClauseHit[];
  route: Route;
  emotion: EmotionResult;
  receivedAt?: string;
}

export interface Citation {
  law: string;
  article: string;
}

export interface DraftResult {
  reply: string;
  kind: DraftKind;
  citations: Citation[];
  /** Citations found in a model's text that failed the corpus / retrieved-set check and were removed. */
  removedCitations: Citation[];
  provider: 'offline' | 'llm';
  /** Why the LLM path was not used, when it was configured but failed. */
  fallbackReason?: string;
}
