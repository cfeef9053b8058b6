import type { ClauseHit, Route } from '../clauses/types.ts';
import type { EmotionResult } from '../triage/types.ts';

export const DRAFT_KINDS = [
  'acceptance',
  'non_acceptance',
  'forwarding',
  'opinion',
  'suggestion_reply',
  'thanks',
] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

export interface DraftInput {
  text: string;
  title?: string;
  kind?: DraftKind;
  /** Only used where a template places the petitioner's name; never sent to a model. */
  petitionerName?: string;
  clauses: ClauseHit[];
  /**
   * Every article worth a look (the matter-first ranking below the threshold too, and the general recommender's
   * best): with a model configured, it chooses among them (article-selection.ts); without one they are unused.
   */
  candidates?: ClauseHit[];
  route: Route;
  emotion: EmotionResult;
  receivedAt?: string;
  /** The screening decision (甄别) recorded on the case; the document kind follows it. */
  decision?: ScreeningDecision;
  /** Findings staff recorded after investigating (issue 18); absent → a visible 【待核实：…】 placeholder. */
  findings?: string;
  /** Handling outcome staff recorded (Art. 32); absent → a visible 【处理意见：…】 placeholder. */
  outcome?: '支持' | '解释说明' | '不予支持';
  /** False when the petition's matter needs no substantive statute: the draft then cites none. */
  needsStatute?: boolean;
}

export const SCREENING_DECISIONS = ['accepted', 'forwarded', 'not_accepted'] as const;
export type ScreeningDecision = (typeof SCREENING_DECISIONS)[number];

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
  /** Who chose the quoted articles: the configured model among the candidates, or the offline threshold. */
  articlesBy?: 'model' | 'threshold';
  /** Why the model's choice of articles was not used, when a model was configured. */
  selectionFallbackReason?: string;
  /** The candidates the model scored and its scores (2 / 1 / 0), in the order sent: for the case file and evaluation. */
  selection?: {
    candidates: Citation[];
    scores: number[];
    needsStatute: boolean;
    proposalFallbackReason?: string;
    /** Statutes or articles the model named that the corpus does not hold (dropped). */
    unknown?: number;
  };
}
