import type { Context } from 'hono';
import type { AlertService } from '../alerts/alert-service.ts';
import type { ClauseHit, Route, SimilarCase } from '../clauses/types.ts';
import type { Deps } from '../http/app-deps.ts';
import type { CategoryResult, EmotionResult, RiskResult } from '../triage/types.ts';

/**
 * The pages read parts of the service that are built in parallel (analysis, drafts, alerts). Each part is
 * looked up on deps when a page renders; a missing part makes its panel say "not available" instead of
 * the page failing or showing invented data.
 */
export interface Analysis {
  emotion?: EmotionResult;
  category?: CategoryResult;
  risk?: RiskResult;
  route?: (Route & { basis?: string; cues?: string[] }) | null;
  clauses?: ClauseHit[];
  similar_cases?: SimilarCase[];
}

type Loose = Record<string, unknown>;
const part = (deps: Deps, name: string) => (deps as unknown as Loose)[name] as Loose | undefined;
const fn = (o: Loose | undefined, name: string) =>
  o && typeof o[name] === 'function' ? (o[name] as (...a: unknown[]) => unknown).bind(o) : undefined;

/** How many recommended articles and similar cases the petition page shows. */
export const CLAUSES_SHOWN = 5;
export const SIMILAR_SHOWN = 3;

/** The combined analysis of a petition, or null when no analyzer is wired in. */
export async function analyse(deps: Deps, text: string, title: string | null): Promise<Analysis | null> {
  const run = fn(part(deps, 'analyzer'), 'analyze');
  if (!run) return null;
  return (await run({ text, title: title ?? undefined, clausesK: CLAUSES_SHOWN, similarK: SIMILAR_SHOWN })) as Analysis;
}

/** The red-alert service, or null until it is wired into deps. */
export function alertsOf(deps: Deps): AlertService | null {
  const a = part(deps, 'alerts');
  return a && typeof a.list === 'function' && typeof a.subscribe === 'function' ? (a as unknown as AlertService) : null;
}

/** The session's CSRF token for forms, when the pages are signed in with a cookie (http/auth). */
export function csrfOf(c: Context): string | undefined {
  const v = (c.var as Record<string, unknown>).csrfToken;
  return typeof v === 'string' ? v : undefined;
}

/** A version of a reply draft, as the drafting service stores it. */
export interface DraftVersion {
  version: number;
  kind: string;
  reply: string;
  citations: { law: string; article: string }[];
  provider: string;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

/** The draft review service (generate, edit, approve), or null until it is wired into deps. */
export interface Reviews {
  list(petitionId: string): DraftVersion[];
  generate(petitionId: string, opts: { actor: string; kind?: string }): Promise<DraftVersion> | DraftVersion;
  edit(petitionId: string, input: { reply: string; actor: string }): DraftVersion;
  approve(petitionId: string, version: number, actor: string): unknown;
}

export function reviewsOf(deps: Deps): Reviews | null {
  const r = part(deps, 'reviews');
  return r && ['list', 'generate', 'edit', 'approve'].every((k) => typeof r[k] === 'function')
    ? (r as unknown as Reviews)
    : null;
}
